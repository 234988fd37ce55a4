/**
 * wait$: the exit of one process, exact. See docs/wait.md for the algorithm:
 * arm (the shared stream proves itself live), listen (this process's exit events through the index),
 * check (the daemon's status), race (first answer wins), share (one result, replayed), sweep (reconcile).
 * @module
 */
import { catchError, EMPTY, filter, merge, mergeMap, Observable, of, take, throwError, type ObservableInput } from 'rxjs';
import { ContainerdError, NotFoundError } from '../client/errors.js';
import type { StreamSignal } from '../streams/connection-state.js';
import type { ProcessSnapshot } from './status.js';
import type { SweepResult } from './sweep.js';
import type { ExitStatus } from './types.js';

/** What wait$ needs: the process's signals from the shared stream, a status check, the sweep. */
export interface WaitPort {
  readonly containerId: string;
  readonly processId: string;
  /** This process's events and the stream's state changes, current state first. */
  signals$(): Observable<StreamSignal>;
  /** The daemon's status of the process now. */
  status$(): Observable<ProcessSnapshot>;
  /** What the periodic sweep learns of the process. */
  sweep$(): Observable<SweepResult>;
  /** The pid of this incarnation once known: an exit with another pid is a previous process of the same id. */
  pid(): number | undefined;
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
 * @example
 * ```ts
 * waitExit$(port).subscribe(({ code }) => console.log('exited with', code));
 * ```
 */
export function waitExit$(port: WaitPort): Observable<ExitStatus> {
  const samePid = (pid: number): boolean => {
    const mine = port.pid();
    return mine === undefined || mine === 0 || pid === 0 || pid === mine;
  };
  const gone = (): Observable<never> =>
    throwError(() => new NotFoundError({
      code: 5,
      daemonMessage: `process ${port.processId} of container ${port.containerId} was deleted before its exit was seen`,
      call: 'wait',
    }));
  const fromSnapshot = (s: SweepResult): ObservableInput<ExitStatus> => {
    if (s.status === 'gone') return gone();
    if (s.status !== 'stopped' || !samePid(s.pid)) return EMPTY;
    return of({ code: s.exitStatus ?? 0, exitedAt: s.exitedAt ?? new Date() });
  };
  const check$ = (): Observable<ExitStatus> =>
    port.status$().pipe(
      mergeMap(fromSnapshot),
      catchError((error: unknown) => {
        if (error instanceof NotFoundError) return gone();
        // the daemon went away mid-check: the next 'live' after reconnect checks again
        if (error instanceof ContainerdError) return EMPTY;
        return throwError(() => error);
      }),
    );
  const signals = port.signals$().pipe(
    mergeMap((signal): ObservableInput<ExitStatus> => {
      if (signal.kind === 'state') return signal.state === 'live' ? check$() : EMPTY;
      const { event, timestamp } = signal.envelope;
      if (event.type !== 'TaskExit' || !samePid(event.pid)) return EMPTY;
      return of({ code: event.exitStatus, exitedAt: event.exitedAt ?? timestamp });
    }),
  );
  const swept = port.sweep$().pipe(filter((s) => s.status === 'stopped' || s.status === 'gone'), mergeMap(fromSnapshot));
  return merge(signals, swept).pipe(take(1));
}
