/**
 * wait$: the exit of one process, exact. See docs/wait.md for the algorithm:
 * arm (the shared stream proves itself live), listen (this process's exit events through the index),
 * check (the daemon's status), race (first answer wins), share (one result, replayed), sweep (reconcile).
 * @module
 */
import { asyncScheduler, catchError, connect, defaultIfEmpty, defer, EMPTY, merge, mergeMap, of, retry, switchMap, take, tap, throwError, timer, } from 'rxjs';
import { ContainerdError, ExitUnknownError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../client/errors.js';
import { backoffDelay } from '../streams/backoff.js';
import { notStarted } from './no-exit.js';
/** A failed status check is tried again after 100 ms, doubling to 5 s, 20% jitter. */
export const defaultCheckBackoff = Object.freeze({ initialMs: 100, factor: 2, maxMs: 5_000, jitter: 0.2, resetAfterMs: 0 });
/** A status check failing like this would fail the same way again: the wait ends with it. */
function isPermanent(error) {
    // 7 PERMISSION_DENIED, 12 UNIMPLEMENTED, 16 UNAUTHENTICATED arrive as UnknownError or the base class
    return error instanceof InvalidArgumentError || error instanceof FailedPreconditionError || [7, 12, 16].includes(error.code);
}
/** The pid an event carries, when it carries one. */
function pidOf(event) {
    return 'pid' in event && typeof event.pid === 'number' ? event.pid : undefined;
}
/**
 * The exit of the process behind `port`: emits once and completes. Cold; callers share it.
 *
 * ```
 * stream state:  c----L------------       c = connecting, L = live (fence came back)
 * status check:       (running)
 * exit events:   ---------------X--       X = TaskExit of this process
 * waitExit$:     ---------------(x|)      x = { code, exitedAt }
 * ```
 *
 * Errors: NotFoundError when the process is gone (deleted, or replaced by a process of another pid) with no
 * outage of the stream since the wait began; ExitUnknownError when it vanished after such an outage (the
 * daemon may have dropped it with its exit status); NotStartedError when the daemon reports an exit without
 * an exit time (a process that never ran).
 *
 * @example
 * ```ts
 * waitExit$(port).subscribe(({ code }) => console.log('exited with', code));
 * ```
 */
export function waitExit$(port) {
    return defer(() => {
        const scheduler = port.scheduler ?? asyncScheduler;
        const backoff = port.checkBackoff ?? defaultCheckBackoff;
        const who = `process ${port.processId} of container ${port.containerId}`;
        /** A 'down' state was seen since this wait began: a vanished process may have taken its exit with it. */
        let outage = false;
        let live = false;
        const mine = () => {
            const pid = port.pid();
            return pid === undefined || pid === 0 ? undefined : pid;
        };
        /** Another incarnation of the same id: ours is known and the daemon speaks of a different one. */
        const foreign = (pid) => {
            const m = mine();
            return m !== undefined && pid !== 0 && pid !== m;
        };
        const gone = (observed, detail = '') => {
            if (!outage) {
                return throwError(() => new NotFoundError({ code: 5, daemonMessage: `${who} was deleted before its exit was seen${detail}`, call: 'wait' }));
            }
            return (port.daemonVersion$?.() ?? of(undefined)).pipe(take(1), catchError(() => of(undefined)), defaultIfEmpty(undefined), mergeMap((daemonVersion) => throwError(() => new ExitUnknownError({
                containerId: port.containerId,
                processId: port.processId,
                pid: mine(),
                daemonVersion,
                observed: `${observed} after the event stream was down; no /tasks/delete seen`,
            }))));
        };
        /** The daemon's record of an exit: Go's zero exit time (undefined here) means the process never ran. */
        const exit = (code, exitedAt, seenIn) => exitedAt === undefined
            ? throwError(() => notStarted(port.containerId, port.processId, 'wait', `${seenIn} has no exit time`))
            : of({ code, exitedAt });
        const fromSnapshot = (s, source) => {
            if (s.status === 'gone')
                return gone(`${source}: NotFound`);
            if (foreign(s.pid))
                return gone(`${source}: pid ${s.pid} in its place`, ` (pid ${mine()}): the daemon reports pid ${s.pid} in its place`);
            if (s.status !== 'stopped')
                return EMPTY;
            return exit(s.exitStatus ?? 0, s.exitedAt, source);
        };
        /** A status check, tried again with backoff while it fails for a reason other than NotFound. */
        const check$ = () => defer(() => port.status$()).pipe(retry({
            delay: (error, count) => error instanceof ContainerdError && !(error instanceof NotFoundError) && !isPermanent(error)
                ? timer(backoffDelay(backoff, count), scheduler)
                : throwError(() => error),
        }), catchError((error) => (error instanceof NotFoundError ? of({ status: 'gone' }) : throwError(() => error))), mergeMap((s) => fromSnapshot(s, 'status check')));
        /** An event of this process that answers the wait: its exit, or its delete (which carries the exit too). */
        const answer = (signal) => {
            if (signal.kind !== 'event')
                return EMPTY;
            const { event } = signal.envelope;
            if ((event.type !== 'TaskExit' && event.type !== 'TaskDelete') || foreign(event.pid))
                return EMPTY;
            return exit(event.exitStatus, event.exitedAt, `its ${event.type === 'TaskExit' ? '/tasks/exit' : '/tasks/delete'} event`);
        };
        /** When to check the status: once live (again), and on an event of another pid while live; never while away. */
        const checks = (signal) => {
            if (signal.kind === 'state')
                return of(signal.state === 'live');
            const pid = pidOf(signal.envelope.event);
            return live && pid !== undefined && foreign(pid) ? of(true) : EMPTY;
        };
        const signals$ = port.signals$().pipe(tap((signal) => {
            if (signal.kind !== 'state')
                return;
            live = signal.state === 'live';
            if (signal.state === 'down')
                outage = true;
        }), connect((signals) => merge(signals.pipe(mergeMap(answer)), signals.pipe(mergeMap(checks), switchMap((check) => (check ? check$() : EMPTY))))));
        const swept$ = port.sweep$().pipe(mergeMap((s) => fromSnapshot(s, 'sweep')));
        return merge(signals$, swept$).pipe(take(1));
    });
}
//# sourceMappingURL=wait.js.map