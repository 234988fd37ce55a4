/**
 * Reading an exit status: a code above 128 is a death by signal 128 + N, as the daemon reports it.
 * @module
 */
import { signalOfExitCode } from '../proto/exit-status.js';
import type { ExitStatus } from '../process/types.js';

/**
 * The signal that killed the process, when the code says so (137 → 'SIGKILL'); undefined otherwise. The status's
 * own `signal` when it has one; else read from the code (for a status made by hand).
 *
 * @example
 * ```ts
 * exitSignal({ code: 143, exitedAt }); // 'SIGTERM'
 * ```
 */
export function exitSignal(status: ExitStatus): string | undefined {
  return status.signal ?? signalOfExitCode(status.code);
}

/**
 * A short human description of an exit, for reasons and logs. An exit the OOM killer caused says so.
 *
 * @example
 * ```ts
 * describeExit({ code: 137, exitedAt });                   // 'killed by SIGKILL (137)'
 * describeExit({ code: 137, exitedAt, oomKilled: true });  // 'killed by the OOM killer (SIGKILL, 137)'
 * describeExit({ code: 1, exitedAt });                     // 'exited with code 1'
 * ```
 */
export function describeExit(status: ExitStatus): string {
  const signal = exitSignal(status);
  if (status.oomKilled === true) return `killed by the OOM killer (${signal ?? 'SIGKILL'}, ${status.code})`;
  return signal === undefined ? `exited with code ${status.code}` : `killed by ${signal} (${status.code})`;
}
