/**
 * A task's metrics read every `intervalMs` until the task exits: what `task.metrics$({ intervalMs })` is,
 * written against two Observables so that it runs in virtual time.
 * @module
 */
import {
  asyncScheduler, catchError, EMPTY, exhaustMap, ignoreElements, type Observable, type SchedulerLike, takeUntil,
  throwError, timer,
} from 'rxjs';
import { NotFoundError } from '../../client/errors.js';
import { withCpuPercent } from './cpu-percent.js';
import type { TaskMetrics } from './task-metrics.js';

/**
 * Reads `read$()` at once and then every `intervalMs`, with `cpuPercent` from the second sample on; completes
 * when `exit$` emits (the task exited). A read still in flight when the next is due makes that one skipped,
 * so reads never pile up on a slow daemon. Unsubscribing cancels the read in flight.
 *
 * A read that fails with NotFoundError (the task or its cgroup gone: it exited and was deleted between two
 * reads) does not end the stream with an error while the exit may still be on its way: the stream waits for
 * `exit$` and completes with it; if `exit$` fails instead, the stream fails with the read's NotFoundError.
 * Any other error ends the stream.
 *
 * ```
 * intervalMs 10:
 * reads:   a---------b---------c----
 * exit$:   ---------------------x
 * result:  a---------b---------c|      b and c with cpuPercent
 * ```
 *
 * @example
 * ```ts
 * pollMetrics$(() => task.metrics$(), task.wait$(), 1_000).subscribe(m => console.log(m.cpuPercent));
 * ```
 */
export function pollMetrics$(
  read$: () => Observable<TaskMetrics>,
  exit$: Observable<unknown>,
  intervalMs: number,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<TaskMetrics> {
  return timer(0, intervalMs, scheduler).pipe(
    exhaustMap(() => read$().pipe(
      catchError((error: unknown) => (error instanceof NotFoundError
        ? exit$.pipe(ignoreElements(), catchError(() => throwError(() => error)))
        : throwError(() => error))),
    )),
    withCpuPercent(scheduler),
    // a wait that fails is no exit: the reads go on, and a read that finds the task gone says so
    takeUntil(exit$.pipe(catchError(() => EMPTY))),
  );
}
