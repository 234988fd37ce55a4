/**
 * One process in the foreground (`run`'s task, `exec`'s process): started joined to us, stopped on Ctrl-C,
 * deleted at its exit once its output is all out.
 * @module
 */
import { catchError, EMPTY, firstValueFrom, merge, mergeMap } from 'rxjs';
import type { ContainerdProcess } from '../process/process.js';
import { stopGracefully$ } from '../supervise/stop-gracefully.js';
import { attach, type AttachOptions } from './attach.js';
import { notRunnable } from './exit-codes.js';
import type { OptionTable } from './command.js';
import type { Interrupts } from './interrupts.js';

/** The options of the commands that run a process in the foreground (`run`, `exec`). */
export const foregroundOptions: OptionTable = {
  tty: { type: 'boolean', short: 't', help: 'a terminal: stdin is forwarded, the window size follows yours, TERM is yours' },
  interactive: { type: 'boolean', short: 'i', help: 'forward stdin without a terminal (its end is an end of file)' },
  env: { type: 'string', short: 'e', multiple: true, arg: 'K=V', help: 'an environment variable; K alone takes ours' },
  'env-file': { type: 'string', multiple: true, arg: 'FILE', help: 'environment variables from a file, one K=V a line' },
  grace: { type: 'string', arg: 'MS', help: 'grace period between SIGTERM and SIGKILL when stopped (default 10000)' },
};

/** How {@link runInForeground} runs a process. */
export interface ForegroundOptions extends AttachOptions {
  /** Between SIGTERM and SIGKILL on the first Ctrl-C. */
  readonly gracePeriodMs: number;
  readonly interrupts: Interrupts;
  /** The binary, for a message when it cannot run. */
  readonly binary: string | undefined;
}

/**
 * Starts `proc` (created, not started), waits for its exit, deletes it and takes the rest of its output;
 * resolves its exit code. A start refused because the binary is missing or not executable fails with a
 * CommandFailure of exit code 127 or 126.
 */
export async function runInForeground(proc: ContainerdProcess, options: ForegroundOptions): Promise<number> {
  const exited = firstValueFrom(proc.wait$());
  exited.catch(() => undefined); // awaited below, unless the start fails
  try {
    await proc.start();
  } catch (error) {
    await proc.delete({ kill: true }).catch(() => undefined); // or the container's delete is refused
    throw notRunnable(error, options.binary);
  }
  // Joined once started: an exec's shim opens its stdin at the start, and an end of input closed before would
  // drop what was written.
  const detach = attach(proc, options);
  const stopping = merge(
    options.interrupts.stop.pipe(mergeMap(() => stopGracefully$(proc, { gracePeriodMs: options.gracePeriodMs }).pipe(catchError(() => EMPTY)))),
    options.interrupts.force.pipe(mergeMap(() => proc.kill$('SIGKILL').pipe(catchError(() => EMPTY)))),
  ).subscribe();
  let code: number;
  try {
    code = (await exited).code;
  } finally {
    stopping.unsubscribe();
    detach();
  }
  await proc.delete().catch(() => undefined);
  await firstValueFrom(proc.io.done$, { defaultValue: undefined }).catch(() => undefined);
  return code;
}
