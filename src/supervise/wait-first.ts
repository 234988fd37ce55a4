/**
 * Waiting before acting: a process's `wait$` subscribed before anything is done to it (start, stop signal),
 * so that an exit right after that act cannot slip by.
 * @internal
 * @module
 */
import { defer, finalize, type Observable, ReplaySubject, share } from 'rxjs';
import type { ExitStatus } from '../process/types.js';
import type { SupervisedProcess } from './supervised-process.js';

/**
 * Subscribes `process.wait$()` first, then `work(exit$)`. `exit$` replays the wait's outcome (its status, its
 * error, or its empty completion) to every subscriber, however late; the one wait lives as long as `work`
 * does, and is unsubscribed with it.
 *
 * @example
 * ```ts
 * waitFirst(task, exit$ => task.start$().pipe(switchMap(() => exit$))) // the exit of a process started here
 * ```
 */
export function waitFirst<T>(
  process: Pick<SupervisedProcess, 'wait$'>,
  work: (exit$: Observable<ExitStatus>) => Observable<T>,
): Observable<T> {
  return defer(() => {
    const exit$ = defer(() => process.wait$()).pipe(share({
      connector: () => new ReplaySubject<ExitStatus>(1),
      resetOnError: false,
      resetOnComplete: false,
      resetOnRefCountZero: true,
    }));
    const armed = exit$.subscribe({ error: () => undefined }); // the outcome reaches `work` through `exit$`
    return work(exit$).pipe(finalize(() => armed.unsubscribe()));
  });
}
