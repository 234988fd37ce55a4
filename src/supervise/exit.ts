/**
 * Reading an exit status: a code above 128 is a death by signal 128 + N, as the daemon reports it.
 * @module
 */
import { constants } from 'node:os';
import type { ExitStatus } from '../process/types.js';

const signalNames = new Map<number, string>(
  Object.entries(constants.signals).map(([name, n]) => [n as number, name]),
);

/**
 * The signal that killed the process, when the code says so (137 → 'SIGKILL'); undefined otherwise.
 *
 * @example
 * ```ts
 * exitSignal({ code: 143, exitedAt }); // 'SIGTERM'
 * ```
 */
export function exitSignal(status: ExitStatus): string | undefined {
  return status.code > 128 ? signalNames.get(status.code - 128) : undefined;
}

/**
 * A short human description of an exit, for reasons and logs.
 *
 * @example
 * ```ts
 * describeExit({ code: 137, exitedAt }); // 'killed by SIGKILL (137)'
 * describeExit({ code: 1, exitedAt });   // 'exited with code 1'
 * ```
 */
export function describeExit(status: ExitStatus): string {
  const signal = exitSignal(status);
  return signal === undefined ? `exited with code ${status.code}` : `killed by ${signal} (${status.code})`;
}
