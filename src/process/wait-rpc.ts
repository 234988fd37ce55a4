/**
 * The 'rpc' wait strategy: the daemon's Tasks.Wait, one RPC per wait, retried across daemon restarts.
 * @module
 */
import { catchError, defer, mergeMap, of, race, retry, take, throwError, timer, type Observable } from 'rxjs';
import { ExitUnknownError, NotFoundError, UnavailableError } from '../client/errors.js';
import { Tasks } from '../proto/services.js';
import { toDate } from '../proto/timestamp.js';
import { backoffDelay } from '../streams/backoff.js';
import { defaultReconnectBackoff } from '../streams/connection-loop.js';
import type { ClientCore } from './core.js';
import { daemonVersion$, notStarted } from './no-exit.js';
import type { ExitStatus } from './types.js';
import { exitStatusOf } from '../proto/exit-status.js';

const call = '/containerd.services.tasks.v1.Tasks/Wait';

/**
 * The exit of one process through Tasks.Wait: emits once and completes. UnavailableError is retried when the daemon
 * is reachable again, or after the stream's reconnect backoff. Errors: NotStartedError when the daemon answers with Go's zero exit time (an
 * exec whose start failed); ExitUnknownError when, after such a retry, the daemon no longer knows the process
 * (containerd >= 1.7 drops a process that exited while it was down); else the call's own error.
 *
 * @example
 * ```ts
 * waitRpc$(core, 'web', undefined, () => 4242).subscribe(({ code }) => console.log(code));
 * ```
 */
export function waitRpc$(core: ClientCore, containerId: string, execId: string | undefined, pid: () => number | undefined): Observable<ExitStatus> {
  const processId = execId ?? containerId;
  let outage = false;
  return defer(() => core.conn.call$(Tasks.wait, { containerId, execId: execId ?? '' }, { timeoutMs: 0 })).pipe(
    retry({
      delay: (error: unknown, count) => {
        if (!(error instanceof UnavailableError)) return throwError(() => error);
        outage = true;
        // a daemon that was away is asked again the moment it is reachable; the backoff paces the rest
        return race(timer(backoffDelay(defaultReconnectBackoff, count - 1), core.scheduler), core.conn.reconnected$()).pipe(take(1));
      },
    }),
    catchError((error: unknown) =>
      !(outage && error instanceof NotFoundError)
        ? throwError(() => error)
        : daemonVersion$(core.conn).pipe(
          mergeMap((daemonVersion) => throwError(() => new ExitUnknownError({
            containerId,
            processId,
            pid: pid(),
            daemonVersion,
            observed: 'Tasks.Wait: NotFound after the daemon was unreachable',
          }, call))),
        ),
    ),
    mergeMap((r) => {
      const exitedAt = toDate(r.exitedAt);
      return exitedAt === undefined ? throwError(() => notStarted(containerId, processId, call, 'Tasks.Wait has no exit time')) : of(exitStatusOf(r.exitStatus, exitedAt));
    }),
  );
}
