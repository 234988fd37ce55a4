/**
 * What a wait says when there is no exit to give: a process that never ran, and the daemon's version for an
 * exit that was lost.
 * @module
 */
import { catchError, map, of } from 'rxjs';
import { NotStartedError } from '../client/errors.js';
import { Version } from '../proto/services.js';
/**
 * The NotStartedError of a process that never ran: the daemon reported its exit with Go's zero time.
 * `why` says where that was seen.
 *
 * @example
 * ```ts
 * notStarted('box', 'missing', '/containerd.services.tasks.v1.Tasks/Wait', 'Tasks.Wait has no exit time');
 * ```
 */
export function notStarted(containerId, processId, call, why) {
    return new NotStartedError({ code: 9, daemonMessage: `process ${processId} of container ${containerId} never ran (${why}): it has no exit status`, call });
}
/** The daemon's version (e.g. '1.7.24~ds1'), or undefined when the Version call fails: for error messages. */
export function daemonVersion$(conn) {
    return conn.call$(Version.version, {}).pipe(map(({ version }) => version || undefined), catchError(() => of(undefined)));
}
//# sourceMappingURL=no-exit.js.map