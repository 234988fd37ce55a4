/**
 * `supervise`: one process kept alive by a restart policy, as an Observable whose subscription is the
 * supervised life.
 * @module
 */
import {
  asyncScheduler, catchError, concat, defer, EMPTY, expand, filter, map, mergeMap, type Observable, of, race,
  type SchedulerLike, timer,
} from 'rxjs';
import { type Backoff, backoffOf } from '../streams/backoff.js';
import type { Adopted, Resume } from './adopted.js';
import { type Cleanup, cleanup$ } from './cleanup.js';
import type { SupervisorEvent, SupervisorEventBody } from './events.js';
import type { IntensityOption } from './intensity.js';
import { life$, type LifeOptions } from './life.js';
import { checkSupervise } from './options.js';
import { type RestartPolicy, restartRule } from './policy.js';
import { decideRestart, type RestartCount, type RestartLimits } from './restart.js';
import { messagesOn, type RunEnd, type RunMessage } from './run.js';
import { type StopRequest, stopOnUnsubscribe } from './stop-request.js';
import type { StartProcess, SupervisedProcess } from './supervised-process.js';

/** How `supervise` keeps a process alive, and how it stops it. */
export interface SupervisePolicy<P extends SupervisedProcess = SupervisedProcess> extends LifeOptions<P> {
  /** When to restart, in Docker's or OTP's words (see {@link RestartPolicy}). Default `'on-failure'`: crashes are restarted, a clean exit ends the supervisor. */
  readonly restart?: RestartPolicy;
  /** At most this many restarts (Docker's `on-failure:N`, for any policy here). Default: no limit. */
  readonly maxRestarts?: number;
  /**
   * OTP's restart intensity: more than `intensity` restarts within `periodMs` and the supervisor gives up.
   * The deprecated `{ maxRestarts, withinMs }` is accepted too. Default: none.
   */
  readonly intensity?: IntensityOption;
  /** The delay between restarts. Default {@link defaultBackoff}: Docker's 100 ms doubling to 60 s, reset after 10 s up. */
  readonly backoff?: Partial<Backoff>;
  /** Runs once at the very end, after the last process was deleted: the container's delete, for instance. */
  readonly cleanup?: Cleanup;
  /** Stops the supervisor when it emits: graceful stop, cleanup, then `stopped` and completion. */
  readonly stop?: Observable<unknown>;
  /** The randomness behind backoff jitter, in [0, 1). Default Math.random. */
  readonly random?: () => number;
}

/** The next life to run, and where the restarts stand before it. */
interface NextLife {
  readonly kind: 'life';
  readonly count: RestartCount;
  /** The process this life takes over instead of creating one (the first life of a resumed supervisor). */
  readonly adopted?: Adopted<SupervisedProcess>;
}

type Step = Extract<RunMessage, { kind: 'event' }> | NextLife;

/**
 * Supervises the processes `start` creates: starts one, watches it, deletes it after its exit, and starts
 * another after a backoff when the policy says so. The Observable emits what happens and completes with
 * `stopped` or `gave-up` once the last process is deleted and `cleanup` has run. It never errors: a failed
 * step is a `failed` event.
 *
 * Unsubscribing stops the process gracefully (stop signal, `gracePeriodMs`, SIGKILL), deletes it and runs
 * `cleanup`, in the background. To see that end, emit on `stop` instead and wait for completion.
 *
 * @example
 * ```ts
 * supervise(() => container.newTask(), {
 *   restart: 'on-failure', maxRestarts: 3,
 *   backoff: { initialMs: 100, factor: 2, maxMs: 60_000, resetAfterMs: 10_000 },
 *   cleanup: () => container.delete(),
 * }).subscribe(e => console.log(e.at, e.type));
 * ```
 *
 * ```
 * on-failure, the process exits 1 after 50 ms each time, maxRestarts 1:
 * s──S──50ms──x─b──100ms──r─s──S──50ms──x──g|
 * s starting  S started  x exited  b backoff{100}  r restarting  g gave-up
 * ```
 */
export function supervise<P extends SupervisedProcess>(
  start: StartProcess<P>,
  policy: SupervisePolicy<P> = {},
  scheduler: SchedulerLike = asyncScheduler,
): Observable<SupervisorEvent> {
  // Checked now, so that a bad configuration throws at the call rather than inside the stream.
  checkSupervise(start, policy, scheduler);
  return stopOnUnsubscribe(stop => supervised$(start, policy, scheduler, stop), policy.stop);
}

/**
 * The supervision of `supervise`, stopped through `stop`; `resume` continues where an earlier supervisor left
 * (its restart count, the process its first life takes over). The options are checked already.
 * @internal
 */
export function supervised$<P extends SupervisedProcess>(
  start: StartProcess<P>,
  policy: SupervisePolicy<P>,
  scheduler: SchedulerLike,
  stop: StopRequest,
  resume?: Resume<P>,
): Observable<SupervisorEvent> {
  const limits: RestartLimits = {
    rule: restartRule(policy.restart ?? 'on-failure', policy.maxRestarts),
    backoff: backoffOf(policy.backoff),
    intensity: policy.intensity,
    random: policy.random ?? Math.random,
  };
  const event$ = (body: SupervisorEventBody) => messagesOn(scheduler).event$(body) as Observable<Step>;

  const cleaning$: Observable<Step> = policy.cleanup === undefined ? EMPTY : cleanup$(policy.cleanup).pipe(
    catchError((error: unknown) => event$({ type: 'failed', phase: 'cleanup', error })),
  );
  const finish$ = (last: SupervisorEventBody): Observable<Step> => concat(cleaning$, event$(last));

  const after$ = (life: NextLife, end: RunEnd): Observable<Step> => defer(() => {
    if (end.requested || stop.requested) return finish$({ type: 'stopped', cause: 'requested' });
    const decision = decideRestart(limits, life.count, end, scheduler.now());
    if (decision.kind === 'rest') return finish$({ type: 'stopped', cause: 'policy' });
    if (decision.kind === 'give-up') return finish$({ type: 'gave-up', reason: decision.reason });
    const { delayMs, count } = decision;
    const attempt = count.attempt;
    const next: NextLife = { kind: 'life', count };
    return concat(
      event$({ type: 'backoff', delayMs, attempt }),
      race(
        timer(delayMs, scheduler).pipe(mergeMap(() => concat(event$({ type: 'restarting', attempt }), of(next)))),
        stop.requested$.pipe(mergeMap(() => finish$({ type: 'stopped', cause: 'requested' }))),
      ),
    );
  });

  const live$ = (life: NextLife): Observable<Step> => life$(start, policy, scheduler, stop, life.adopted as Adopted<P> | undefined).pipe(
    mergeMap((message): Observable<Step> => {
      if (message.kind === 'event') return of(message);
      if (message.kind === 'end') return after$(life, message.end);
      return EMPTY;
    }),
  );

  // `expand` rather than recursion: each life completes before the next one starts, so nothing piles up
  // however many times the process restarts.
  const first: NextLife = {
    kind: 'life',
    count: resume?.count ?? { attempt: 0, restarts: 0, history: [] },
    ...(resume?.adopted === undefined ? {} : { adopted: resume.adopted }),
  };
  return of<Step>(first).pipe(
    expand(step => (step.kind === 'life' ? live$(step) : EMPTY)),
    filter((step): step is Extract<Step, { kind: 'event' }> => step.kind === 'event'),
    map(step => step.event),
  );
}
