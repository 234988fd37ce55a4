/**
 * wait$: the exit of one process, exact. See docs/wait.md for the algorithm:
 * go live (the shared stream proves itself live), listen (this process's exit events through the index),
 * check (the daemon's status), race (first answer wins), share (one result, replayed), sweep (reconcile).
 * @module
 */
import {
  asyncScheduler,
  catchError,
  connect,
  defaultIfEmpty,
  defer,
  EMPTY,
  merge,
  mergeMap,
  Observable,
  of,
  retry,
  switchMap,
  take,
  tap,
  throwError,
  timer,
  type ObservableInput,
  type SchedulerLike,
} from 'rxjs';
import { ContainerdError, ExitUnknownError, FailedPreconditionError, InvalidArgumentError, NotFoundError } from '../client/errors.js';
import type { ContainerdEvent } from '../proto/events.js';
import { backoffDelay, type Backoff } from '../streams/backoff.js';
import type { StreamNotice } from '../streams/connection-state.js';
import { notStarted } from './no-exit.js';
import type { ProcessSnapshot } from './status.js';
import type { SweepResult } from './sweep.js';
import type { ExitStatus } from './types.js';
import { exitStatusOf } from '../proto/exit-status.js';

/** What wait$ needs: the process's notices from the shared stream (its events, the stream's state), a status check, the sweep. */
export interface WaitPort {
  readonly containerId: string;
  readonly processId: string;
  /** This process's events and the stream's state changes, current state first. */
  notices$(): Observable<StreamNotice>;
  /** The daemon's status of the process now; empty when it is known without asking that the process has not run. */
  status$(): Observable<ProcessSnapshot>;
  /** What the periodic sweep learns of the process. */
  sweep$(): Observable<SweepResult>;
  /**
   * A second, independent source of the exit for a wait that has been pending long: the daemon's own Tasks.Wait,
   * started after a delay. Its errors are ignored (the stream and the status checks report a vanished process);
   * only an exit it gives counts. Optional: without it the sweep is the only backstop.
   */
  backstop$?(): Observable<ExitStatus>;
  /** The pid of this incarnation once known: an exit with another pid is a previous process of the same id. */
  pid(): number | undefined;
  /** The daemon's version, for an {@link ExitUnknownError}; undefined when it cannot be read. */
  daemonVersion$?(): Observable<string | undefined>;
  /** The scheduler of the status check's retries. Default asyncScheduler. */
  readonly scheduler?: SchedulerLike;
  /** The backoff between status checks that failed while the stream stayed live. Default {@link defaultCheckBackoff}. */
  readonly checkBackoff?: Backoff;
}

/** How the daemon reports a death by SIGKILL, the OOM killer's signal. */
const OOM_KILL_CODE = 137;

/** A failed status check is tried again after 100 ms, doubling to 5 s, 20% jitter. */
export const defaultCheckBackoff: Backoff = Object.freeze({ initialMs: 100, factor: 2, maxMs: 5_000, jitter: 0.2, resetAfterMs: 0 });

/** A status check failing like this would fail the same way again: the wait ends with it. */
function isPermanent(error: ContainerdError): boolean {
  // 7 PERMISSION_DENIED, 12 UNIMPLEMENTED, 16 UNAUTHENTICATED arrive as UnknownError or the base class
  return error instanceof InvalidArgumentError || error instanceof FailedPreconditionError || [7, 12, 16].includes(error.grpcCode);
}

/** The pid an event carries, when it carries one. */
function pidOf(event: ContainerdEvent): number | undefined {
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
export function waitExit$(port: WaitPort): Observable<ExitStatus> {
  return defer(() => {
    const scheduler = port.scheduler ?? asyncScheduler;
    const backoff = port.checkBackoff ?? defaultCheckBackoff;
    const who = `process ${port.processId} of container ${port.containerId}`;
    /** A 'down' state was seen since this wait began: a vanished process may have taken its exit with it. */
    let outage = false;
    let live = false;
    /** The daemon published /tasks/oom for this container while the wait listened (init processes only). */
    let oom = false;

    const mine = (): number | undefined => {
      const pid = port.pid();
      return pid === undefined || pid === 0 ? undefined : pid;
    };
    /** Another incarnation of the same id: ours is known and the daemon speaks of a different one. */
    const foreign = (pid: number): boolean => {
      const m = mine();
      return m !== undefined && pid !== 0 && pid !== m;
    };

    const gone = (observed: string, detail = ''): Observable<never> => {
      if (!outage) {
        return throwError(() => new NotFoundError({ code: 5, daemonMessage: `${who} was deleted before its exit was seen${detail}`, call: 'wait' }));
      }
      return (port.daemonVersion$?.() ?? of(undefined)).pipe(
        take(1),
        catchError(() => of(undefined)),
        defaultIfEmpty(undefined),
        mergeMap((daemonVersion) =>
          throwError(() => new ExitUnknownError({
            containerId: port.containerId,
            processId: port.processId,
            pid: mine(),
            daemonVersion,
            observed: `${observed} after the event stream was down; no /tasks/delete seen`,
          })),
        ),
      );
    };
    /** The daemon's record of an exit: Go's zero exit time (undefined here) means the process never ran. */
    const exit = (code: number, exitedAt: Date | undefined, seenIn: string): Observable<ExitStatus> =>
      exitedAt === undefined
        ? throwError(() => notStarted(port.containerId, port.processId, 'wait', `${seenIn} has no exit time`))
        : of(oom && code === OOM_KILL_CODE ? { ...exitStatusOf(code, exitedAt), oomKilled: true as const } : exitStatusOf(code, exitedAt));
    const fromSnapshot = (s: SweepResult, source: string): ObservableInput<ExitStatus> => {
      if (s.status === 'gone') return gone(`${source}: NotFound`);
      if (foreign(s.pid)) return gone(`${source}: pid ${s.pid} in its place`, ` (pid ${mine()}): the daemon reports pid ${s.pid} in its place`);
      if (s.status !== 'stopped') return EMPTY;
      return exit(s.exitStatus ?? 0, s.exitedAt, source);
    };

    /** A status check, tried again with backoff while it fails for a reason other than NotFound. */
    const check$ = (): Observable<ExitStatus> =>
      defer(() => port.status$()).pipe(
        retry({
          delay: (error: unknown, count) =>
            error instanceof ContainerdError && !(error instanceof NotFoundError) && !isPermanent(error)
              ? timer(backoffDelay(backoff, count), scheduler)
              : throwError(() => error),
        }),
        catchError((error: unknown) => (error instanceof NotFoundError ? of({ status: 'gone' } as const) : throwError(() => error))),
        mergeMap((s: SweepResult) => fromSnapshot(s, 'status check')),
      );

    /** An event of this process that answers the wait: its exit, or its delete (which carries the exit too). */
    const answer = (notice: StreamNotice): ObservableInput<ExitStatus> => {
      if (notice.kind !== 'event') return EMPTY;
      const { event } = notice.envelope;
      if (event.type === 'TaskOOM') oom = true; // before the exit it causes (the shim sends both, in order)
      if ((event.type !== 'TaskExit' && event.type !== 'TaskDelete') || foreign(event.pid)) return EMPTY;
      return exit(event.exitStatus, event.exitedAt, `its ${event.type === 'TaskExit' ? '/tasks/exit' : '/tasks/delete'} event`);
    };
    /** When to check the status: once live (again), and on an event of another pid while live; never while away. */
    const checks = (notice: StreamNotice): Observable<boolean> => {
      if (notice.kind === 'state') return of(notice.state === 'live');
      const pid = pidOf(notice.envelope.event);
      return live && pid !== undefined && foreign(pid) ? of(true) : EMPTY;
    };

    const notices$ = port.notices$().pipe(
      tap((notice) => {
        if (notice.kind !== 'state') return;
        live = notice.state === 'live';
        if (notice.state === 'down') outage = true;
      }),
      connect((notices) =>
        merge(
          notices.pipe(mergeMap(answer)),
          notices.pipe(
            mergeMap(checks),
            switchMap((check) => (check ? check$() : EMPTY)),
          ),
        ),
      ),
    );
    const swept$ = port.sweep$().pipe(mergeMap((s) => fromSnapshot(s, 'sweep')));
    const backstop$ = port.backstop$ ? port.backstop$().pipe(catchError(() => EMPTY)) : EMPTY;
    return merge(notices$, swept$, backstop$).pipe(take(1));
  });
}
