/**
 * Supervisor trees, after OTP: children started in order and stopped in reverse, restarted by a strategy,
 * within a restart intensity; a tree can be the child of another, and a tree that gives up is, to its parent,
 * a child that failed.
 *
 * - A child starts once every child before it is ready: started, or healthy if it has a health check.
 * - `one-for-one`: a child that fails is restarted alone.
 * - `one-for-all`: the others are stopped (in reverse order), then all are started again (in order).
 * - `rest-for-one`: the children after it are stopped (in reverse order), then it and they start again.
 * - A child's `restart` says which of its endings call for a restart (default `'permanent'`); temporary
 *   children stopped by a sibling's restart are not started again, as in OTP.
 * - Each restart counts against the tree's `intensity` (default OTP's: 1 within 5 s) and a child's own
 *   `maxRestarts`; past either, the tree stops every child (in reverse order) and gives up.
 * - Restarts wait for the failed child's backoff (Docker's by default), which OTP does not have.
 * @module
 */
import { asyncScheduler, filter, map, type Observable, type SchedulerLike } from 'rxjs';
import type { SupervisorEvent } from './events.js';
import { checkSupervisor } from './options.js';
import type { RunMessage } from './run.js';
import { stopOnUnsubscribe } from './stop-request.js';
import type { SupervisorSpec } from './tree-spec.js';
import { tree$ } from './tree-run.js';

export type { ChildSpec, Strategy, SubtreeSpec, SupervisorSpec, WorkerSpec } from './tree-spec.js';

/**
 * Supervises a tree of processes. Emits the events of every child tagged with its id path in `child`, the
 * tree's own `backoff` and `restarting` for the child concerned, and finally the tree's `stopped` or
 * `gave-up` (without `child`), after which it completes. Unsubscribing stops every child in reverse order,
 * in the background; `stop` does the same and lets you watch it.
 *
 * @example
 * ```ts
 * supervisor({
 *   strategy: 'rest-for-one',
 *   intensity: { intensity: 3, periodMs: 60_000 },
 *   children: [
 *     { id: 'db', start: () => db.newTask(), health: { command: ['pg_isready'], intervalMs: 1_000 } },
 *     { id: 'api', start: () => api.newTask(), restart: 'transient' },
 *   ],
 * }).subscribe(e => console.log(e.child, e.type));
 * ```
 *
 * ```
 * one-for-all; b exits 1 at 30 ms; the others take 5 ms to stop; backoff 100 ms
 * time   0       30      35      40              140
 * a    (sS)──────────────k───────x───────────────(rsS)
 * b    (sS)──────(xb)────────────────────────────(rsS)
 * c    (sS)──────k───────x───────────────────────(rsS)
 * s starting  S started  x exited  b backoff  k SIGTERM sent  r restarting
 * ```
 */
export function supervisor(spec: SupervisorSpec, scheduler: SchedulerLike = asyncScheduler): Observable<SupervisorEvent> {
  checkSupervisor(spec, scheduler);
  return stopOnUnsubscribe(
    stop => tree$(spec, scheduler, stop).pipe(
      filter((message): message is Extract<RunMessage, { kind: 'event' }> => message.kind === 'event'),
      map(message => message.event),
    ),
    spec.stop,
  );
}
