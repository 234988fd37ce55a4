/**
 * Stopping a process gracefully: the stop signal, a grace period for it to exit on its own, then SIGKILL.
 * @module
 */
import {
  asyncScheduler, catchError, concat, defer, EMPTY, ignoreElements, materialize, merge, type Observable, take, takeUntil,
  throwError, timer, type SchedulerLike,
} from 'rxjs';
import { ReadOnlyError } from '../client/read-only.js';
import type { ExitStatus, Signal } from '../process/types.js';
import { definedOnly } from '../proto/defined-only.js';
import { checkStopOptions } from './options.js';
import type { SupervisedProcess } from './supervised-process.js';
import { waitFirst } from './wait-first.js';

/** How a process is asked to stop. */
export interface StopOptions {
  /** The first signal. Default: the process's own `stopSignal` (a Task's image's StopSignal), else `'SIGTERM'`. */
  readonly stopSignal?: Signal;
  /** How long the process may take to exit after the first signal before SIGKILL. Default 10 s (Docker's). */
  readonly gracePeriodMs?: number;
}

/** Docker's `docker stop` defaults. */
export const defaultStopOptions: Required<StopOptions> = Object.freeze({ stopSignal: 'SIGTERM', gracePeriodMs: 10_000 });

/**
 * Sends the stop signal (the options', else the process's own `stopSignal`, else SIGTERM), waits the grace
 * period, sends SIGKILL; emits nothing. The caller unsubscribes when
 * it sees the exit, which cancels whatever is left (no SIGKILL for a process that exited in time). A failed
 * kill (the process already exited, typically) does not interrupt the sequence.
 *
 * @example
 * ```ts
 * killSequence$(task, { gracePeriodMs: 5_000 }).pipe(takeUntil(task.wait$())).subscribe();
 * ```
 *
 * ```
 * kill(stopSignal) ──── gracePeriodMs ────► kill(SIGKILL)|
 * ```
 */
export function killSequence$(
  process: Pick<SupervisedProcess, 'kill$' | 'stopSignal'>,
  options: StopOptions = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<never> {
  checkStopOptions(options);
  const { stopSignal, gracePeriodMs } = { ...defaultStopOptions, ...definedOnly({ stopSignal: process.stopSignal }), ...definedOnly(options) };
  const kill$ = (signal: Signal): Observable<never> =>
    // a failed kill is answered by the wait (the process is gone, or the next signal goes); but a read-only
    // client's refusal will hold for every signal: it ends the stop
    defer(() => process.kill$(signal)).pipe(ignoreElements(), catchError((e: unknown) => (e instanceof ReadOnlyError ? throwError(() => e) : EMPTY)));
  return concat(kill$(stopSignal), timer(gracePeriodMs, scheduler).pipe(ignoreElements()), kill$('SIGKILL'));
}

/**
 * Stops a running process gracefully and emits its exit status: stop signal, grace period, SIGKILL.
 * It does not delete the process.
 *
 * @example
 * ```ts
 * const status = await firstValueFrom(stopGracefully$(task, { gracePeriodMs: 5_000 }));
 * ```
 *
 * ```
 * process ignores SIGTERM, grace 10 s:
 * kill SIGTERM ─── 10 s ───► kill SIGKILL ──► status {code: 137}|
 * ```
 */
export function stopGracefully$(
  process: Pick<SupervisedProcess, 'kill$' | 'wait$' | 'stopSignal'>,
  options: StopOptions = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<ExitStatus> {
  checkStopOptions(options);
  // The wait is armed before the first signal.
  return waitFirst(process, exit$ => {
    const status$ = exit$.pipe(take(1));
    // The signals stop once the wait has its answer, fails or comes back empty; a failure reaches the
    // subscriber through `status$`.
    const signals$ = killSequence$(process, options, scheduler).pipe(takeUntil(status$.pipe(materialize())));
    return merge(signals$, status$);
  });
}
