import { filter, map, type OperatorFunction } from 'rxjs';
import type { ContainerdEvent, Envelope, TaskExit } from '../proto/events.js';
import type { ExitStatus } from '../proto/vocabulary.js';
import { exitStatusOf } from '../proto/exit-status.js';

/** An exit event as an exit status, with whose exit it is. */
export interface ProcessExit extends ExitStatus {
  /** The container of the process that exited. */
  readonly containerId: string;
  /** The container id for init, else the exec id. */
  readonly id: string;
  /** Its host pid. */
  readonly pid: number;
}

/**
 * Maps TaskExit events to exit statuses and drops every other event. A TaskExit without an exit time (Go's zero
 * time: the daemon deleting a process that never ran) is no exit and is dropped too.
 *
 * ```
 * source:    -s--e--d--|    s = /tasks/start, e = /tasks/exit (status 7), d = /tasks/delete
 * exits():   ----x-----|    x = { containerId, id, pid, code: 7, exitedAt } (and `signal` for 128 + N)
 * ```
 *
 * @example
 * ```ts
 * client.events$.pipe(exits()).subscribe(({ containerId, code }) => console.log(containerId, code));
 * ```
 */
export function exits(): OperatorFunction<Envelope<ContainerdEvent>, ProcessExit> {
  return (source) =>
    source.pipe(
      filter((e): e is Envelope<TaskExit & { readonly exitedAt: Date }> => e.event.type === 'TaskExit' && e.event.exitedAt !== undefined),
      map(({ event }) => ({
        containerId: event.containerId,
        id: event.id === '' ? event.containerId : event.id,
        pid: event.pid,
        ...exitStatusOf(event.exitStatus, event.exitedAt),
      })),
    );
}
