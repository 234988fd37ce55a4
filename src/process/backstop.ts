/**
 * When a pending wait of the 'events' strategy asks the daemon's Tasks.Wait as well as the shared stream.
 * @module
 */
import { filter, map, merge, take, timer, type Observable, type SchedulerLike } from 'rxjs';

/**
 * Emits once, then completes, when a wait that began now is due its Tasks.Wait: after `afterMs` (a long wait,
 * whose sweep would otherwise cost for as long as it lasts: docs/wait.md, "Cost"), or as soon as `lagging$`
 * says the stream is behind (a storm of exits, in which the daemon answers Tasks.Wait sooner than it
 * publishes: docs/wait.md, "Exits at scale"), whichever comes first.
 *
 * ```
 * afterMs 6:  ------x|
 * lagging$:   f--t---     (f = false, t = true)
 * result:     ---(x|)
 * ```
 */
export function backstopDue$(afterMs: number, lagging$: Observable<boolean>, scheduler: SchedulerLike): Observable<void> {
  return merge(timer(afterMs, scheduler), lagging$.pipe(filter(Boolean))).pipe(
    take(1),
    map(() => undefined),
  );
}
