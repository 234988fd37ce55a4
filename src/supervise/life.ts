/**
 * One life of one process, start to delete:
 *
 * ```
 * starting ─ create ─ arm wait$ ─ start$ ─ started{pid} ─ (healthy|unhealthy)* ─ exited{status} ─ delete$ ─ end
 * ```
 *
 * An adopted process (found by a supervisor started anew: see adopt.ts) skips the creation: a running one is
 * watched from `adopted`, without `start$`; one that exited meanwhile goes straight to `exited` and its delete;
 * one created but never started is started.
 *
 * `wait$` is subscribed before `start$`, so that an exit right after the start cannot slip by. A stop request
 * never cuts a step short: a creation in flight is finished and the process deleted unstarted; a start in
 * flight is finished and the process then stopped; a running process gets the stop signal, the grace period,
 * then SIGKILL; an exited one is deleted. Failures of these steps are `failed` events and end the life as a
 * failure, never as an error.
 * @internal
 * @module
 */
import {
  catchError, concat, defer, EMPTY, first, from, ignoreElements, merge, mergeMap, type Observable, of,
  type SchedulerLike, Subject, switchMap, take, takeUntil, tap,
} from 'rxjs';
import { ExitUnknownError, NotFoundError, NotStartedError } from '../client/errors.js';
import type { ExitStatus } from '../process/types.js';
import { describeExit } from './exit.js';
import { errorMessage } from '../proto/error-message.js';
import { health$, type HealthCheck } from './health.js';
import { loggerLost$ } from './logger-lost.js';
import type { Adopted } from './adopted.js';
import { startup$, type StartupProbe } from './startup.js';
import { messagesOn, type RunMessage, settle } from './run.js';
import { defaultStopOptions, killSequence$, type StopOptions } from './stop-gracefully.js';
import type { StopRequest } from './stop-request.js';
import type { StartProcess, SupervisedProcess } from './supervised-process.js';
import { waitFirst } from './wait-first.js';
import { type MaxMemoryOptions, memoryWatch$ } from './max-memory.js';

/** How one life of a process is run and stopped. */
export interface LifeOptions<P extends SupervisedProcess = SupervisedProcess> extends StopOptions, MaxMemoryOptions {
  /** A health check; without one, the process is ready as soon as it started. */
  readonly health?: HealthCheck<P>;
  /**
   * A startup probe (Kubernetes' `startupProbe`): probed from the start until it passes; the health check starts
   * only then, and the process is ready only then. Failing `failureThreshold` times in a row stops the process
   * (whatever `restartOnUnhealthy` says) and its exit counts as a failure.
   */
  readonly startupProbe?: StartupProbe<P>;
  /**
   * Stop a process that becomes unhealthy (stop signal, grace period, SIGKILL); its exit then counts as a
   * failure, and the restart policy decides what follows. Default true.
   */
  readonly restartOnUnhealthy?: boolean;
}

/**
 * Runs one life of the process `start` creates, until it is deleted. Emits its events, `ready` once (after
 * `started`, or after the first `healthy` when there is a health check), and one `end`.
 */
export function life$<P extends SupervisedProcess>(
  start: StartProcess<P>,
  options: LifeOptions<P>,
  scheduler: SchedulerLike,
  stop: StopRequest,
  adopted?: Adopted<P>,
): Observable<RunMessage> {
  const s = messagesOn(scheduler);
  // no stopSignal given: killSequence$ takes the process's own (its image's StopSignal), else SIGTERM
  const stopOptions: StopOptions = {
    ...(options.stopSignal === undefined ? {} : { stopSignal: options.stopSignal }),
    gracePeriodMs: options.gracePeriodMs ?? defaultStopOptions.gracePeriodMs,
  };
  const restartOnUnhealthy = options.restartOnUnhealthy ?? true;

  const delete$ = (process: P, kill: boolean, mayBeGone = false): Observable<RunMessage> =>
    defer(() => process.delete$(kill ? { kill: true } : undefined)).pipe(
      ignoreElements(),
      // a process that never ran is deleted all the same; it just has no exit status to give; one the daemon
      // dropped is already gone
      catchError((error: unknown) =>
        error instanceof NotStartedError || (mayBeGone && error instanceof NotFoundError) ? EMPTY : s.event$({ type: 'failed', phase: 'delete', error })),
    );

  const running$ = (process: P, pid: number, exit$: Observable<ExitStatus>, adoptedAt?: Extract<Adopted<P>, { state: 'running' }>): Observable<RunMessage> => defer(() => {
    const startedAt = adoptedAt?.startedAt ?? scheduler.now();
    let killedFor: 'stop' | 'unhealthy' | 'memory' | undefined;
    let unhealthyReason = '';
    let ready = false;
    const kill = new Subject<'stop' | 'unhealthy' | 'memory'>();
    const settled$ = exit$.pipe(first(), settle()); // a wait$ that completes empty counts as lost

    const healthWatch$: Observable<RunMessage> = defer(() => (options.health === undefined
      ? of(s.ready)
      : health$(process, options.health, scheduler).pipe(mergeMap(h => {
        if (h.healthy) {
          const becameReady = !ready;
          ready = true;
          return concat(s.event$({ type: 'healthy' }), becameReady ? of(s.ready) : EMPTY);
        }
        unhealthyReason = h.reason;
        // Told first, then acted on: the kill may end the life synchronously.
        return concat(
          s.event$({ type: 'unhealthy', reason: h.reason }),
          defer(() => { if (restartOnUnhealthy) kill.next('unhealthy'); return EMPTY; }),
        );
      }))));
    // a startup probe comes first; its failure stops the process whatever restartOnUnhealthy says (Kubernetes')
    const watching$: Observable<RunMessage> = options.startupProbe === undefined
      ? healthWatch$
      : startup$(process, options.startupProbe, scheduler).pipe(mergeMap(r => {
        if (r.started) return concat(s.event$({ type: 'startup-succeeded' }), healthWatch$);
        unhealthyReason = r.reason;
        return concat(s.event$({ type: 'unhealthy', reason: r.reason }), defer(() => { kill.next('unhealthy'); return EMPTY; }));
      }));
    const memory$: Observable<RunMessage> = memoryWatch$(process, options).pipe(mergeMap(over => {
      unhealthyReason = `memory ${over.usageBytes} bytes over maxMemoryBytes ${over.maxMemoryBytes}`;
      return concat(s.event$({ type: 'memory-exceeded', ...over }), defer(() => { kill.next('memory'); return EMPTY; }));
    }));
    const killing$ = kill.pipe(
      take(1),
      tap(why => { killedFor = why; }),
      switchMap(() => killSequence$(process, stopOptions, scheduler)),
    );
    const stopping$ = stop.requested$.pipe(tap(() => kill.next('stop')), ignoreElements());

    const exited$ = (status: ExitStatus): Observable<RunMessage> => defer(() => {
      const uptimeMs = scheduler.now() - startedAt;
      const unhealthy = killedFor === 'unhealthy' || killedFor === 'memory';
      const reason = !unhealthy ? describeExit(status)
        : `stopped as ${killedFor === 'memory' ? 'over its memory limit' : 'unhealthy'} (${unhealthyReason}), ${describeExit(status)}`;
      const why = status.oomKilled === true ? 'oom' : killedFor === 'memory' ? 'max-memory' : undefined;
      return concat(
        s.event$({ type: 'exited', status, ...(why === undefined ? {} : { reason: why }) }),
        delete$(process, false),
        s.end$(() => ({ requested: stop.requested, failed: unhealthy || status.code !== 0, uptimeMs, reason })),
      );
    });
    const lost$ = (error: unknown): Observable<RunMessage> => defer(() => {
      const uptimeMs = scheduler.now() - startedAt;
      // containerd >= 1.7 drops a task whose process exited while it was down: a crash of unknown code, and
      // nothing left to delete
      const unknownExit = error instanceof ExitUnknownError;
      const reason = unknownExit
        ? `exit unknown, taken as a crash: the process vanished while containerd was down (${error.daemonVersion === undefined ? 'version unknown' : `containerd ${error.daemonVersion}`})`
        : `lost track of the process: ${errorMessage(error)}`;
      return concat(
        s.event$({ type: 'failed', phase: 'wait', error }),
        unknownExit ? delete$(process, false, true) : delete$(process, true),
        s.end$(() => ({ requested: stop.requested, failed: true, uptimeMs, reason })),
      );
    });

    return concat(
      s.event$(adoptedAt === undefined ? { type: 'started', pid } : { type: 'adopted', pid, state: 'running', restarts: adoptedAt.restarts }),
      // Order matters: `killing$` listens before `stopping$` may fire at once for an earlier request.
      merge(watching$, memory$, killing$, stopping$, loggerLost$(process, s)).pipe(takeUntil(settled$)),
      settled$.pipe(mergeMap(r => (r.ok ? exited$(r.value) : lost$(r.error)))),
    );
  });

  // `wait$` is armed before `start$`: see waitFirst.
  const withProcess$ = (process: P): Observable<RunMessage> => waitFirst(process, exit$ => (stop.requested
    ? concat(delete$(process, false), s.end$(() => ({ requested: true, failed: false, uptimeMs: 0, reason: 'stopped before it started' })))
    : defer(() => process.start$()).pipe(
      first(),
      settle(),
      mergeMap(r => (r.ok ? running$(process, r.value, exit$) : concat(
        s.event$({ type: 'failed', phase: 'start', error: r.error }),
        delete$(process, false),
        s.end$(() => ({ requested: stop.requested, failed: true, uptimeMs: 0, reason: `could not start: ${errorMessage(r.error)}` })),
      ))),
    )));

  // exited while nobody supervised it: the daemon's exit code and time, as if it had been seen
  const exitedMeanwhile$ = (a: Extract<Adopted<P>, { state: 'stopped' }>): Observable<RunMessage> => concat(
    s.event$({ type: 'adopted', pid: a.pid, state: 'stopped', restarts: a.restarts }),
    s.event$({ type: 'exited', status: a.status }),
    delete$(a.process, false, true),
    s.end$(() => ({
      requested: stop.requested,
      failed: a.status.code !== 0,
      uptimeMs: a.startedAt === undefined ? 0 : Math.max(0, a.status.exitedAt.getTime() - a.startedAt),
      reason: `${describeExit(a.status)} while nobody supervised it`,
    })),
  );

  if (adopted?.state === 'running') return waitFirst(adopted.process, exit$ => running$(adopted.process, adopted.pid, exit$, adopted));
  if (adopted?.state === 'stopped') return exitedMeanwhile$(adopted);
  return concat(
    s.event$({ type: 'starting' }),
    adopted?.state === 'created' ? withProcess$(adopted.process) : defer(() => from(start())).pipe(
      first(),
      settle(),
      mergeMap(r => (r.ok ? withProcess$(r.value) : concat(
        s.event$({ type: 'failed', phase: 'create', error: r.error }),
        s.end$(() => ({ requested: stop.requested, failed: true, uptimeMs: 0, reason: `could not create the process: ${errorMessage(r.error)}` })),
      ))),
    ),
  );
}
