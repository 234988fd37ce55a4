/**
 * `supervise`: one process kept alive by a restart policy, as an Observable whose subscription is the
 * supervised life.
 * @module
 */
import {
  asyncScheduler, catchError, concat, defer, EMPTY, expand, filter, map, mergeMap, type Observable, of, race,
  type SchedulerLike, timer,
} from 'rxjs';
import { type Backoff, backoffDelay, backoffOf, nextAttempt } from '../streams/backoff.js';
import { type Cleanup, cleanup$ } from './cleanup.js';
import type { SupervisorEvent, SupervisorEventBody } from './events.js';
import { countRestart, type Intensity, intensityReason } from './intensity.js';
import { life$, type LifeOptions } from './life.js';
import { checkSupervise } from './options.js';
import { type RestartPolicy, restartRule, wantsRestart } from './policy.js';
import { type RunEnd, type RunSignal, signalsOn } from './run.js';
import { type StopRequest, stopOnUnsubscribe } from './stop-request.js';
import type { StartProcess, SupervisedProcess } from './supervised-process.js';

/** How `supervise` keeps a process alive, and how it stops it. */
export interface SupervisePolicy<P extends SupervisedProcess = SupervisedProcess> extends LifeOptions<P> {
  /** When to restart, in Docker's or OTP's words (see {@link RestartPolicy}). Default `'on-failure'`: crashes are restarted, a clean exit ends the supervisor. */
  readonly restart?: RestartPolicy;
  /** At most this many restarts (Docker's `on-failure:N`, for any policy here). Default: no limit. */
  readonly maxRestarts?: number;
  /** OTP's restart intensity: more restarts than this within the window and the supervisor gives up. Default: none. */
  readonly intensity?: Intensity;
  /** The delay between restarts. Default {@link defaultBackoff}: Docker's 100 ms doubling to 60 s, reset after 10 s up. */
  readonly backoff?: Partial<Backoff>;
  /** Runs once at the very end, after the last process was deleted: the container's delete, for instance. */
  readonly cleanup?: Cleanup;
  /** Stops the supervisor when it emits: graceful stop, cleanup, then `stopped` and completion. */
  readonly stop?: Observable<unknown>;
  /** The randomness behind backoff jitter, in [0, 1). Default Math.random. */
  readonly random?: () => number;
}

interface NextLife {
  readonly kind: 'life';
  /** The backoff attempt of the life before (0 for the first life). */
  readonly attempt: number;
  readonly restarts: number;
  readonly history: readonly number[];
}

type Step = Extract<RunSignal, { kind: 'event' }> | NextLife;

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
  const rule = restartRule(policy.restart ?? 'on-failure', policy.maxRestarts);
  const backoff = backoffOf(policy.backoff);
  return stopOnUnsubscribe(stop => supervised$(start, policy, scheduler, stop, rule, backoff), policy.stop);
}

function supervised$<P extends SupervisedProcess>(
  start: StartProcess<P>,
  policy: SupervisePolicy<P>,
  scheduler: SchedulerLike,
  stop: StopRequest,
  rule: ReturnType<typeof restartRule>,
  backoff: Backoff,
): Observable<SupervisorEvent> {
  const s = signalsOn(scheduler);
  const random = policy.random ?? Math.random;
  const event$ = (body: SupervisorEventBody) => s.event$(body) as Observable<Step>;

  const cleaning$: Observable<Step> = policy.cleanup === undefined ? EMPTY : cleanup$(policy.cleanup).pipe(
    catchError((error: unknown) => event$({ type: 'failed', phase: 'cleanup', error })),
  );
  const finish$ = (last: SupervisorEventBody): Observable<Step> => concat(cleaning$, event$(last));

  const after$ = (life: NextLife, end: RunEnd): Observable<Step> => defer(() => {
    if (end.requested || stop.requested) return finish$({ type: 'stopped', cause: 'requested' });
    if (!wantsRestart(rule, end)) return finish$({ type: 'stopped', cause: 'policy' });
    if (rule.maxRestarts !== undefined && life.restarts >= rule.maxRestarts) {
      return finish$({ type: 'gave-up', reason: `${end.reason}; no restart left (at most ${rule.maxRestarts})` });
    }
    const check = countRestart(life.history, scheduler.now(), policy.intensity);
    if (check.exceeded) return finish$({ type: 'gave-up', reason: `${end.reason}; ${intensityReason(check, policy.intensity!)}` });
    const attempt = nextAttempt(backoff, life.attempt, end.uptimeMs);
    const delayMs = backoffDelay(backoff, attempt, random);
    const next: NextLife = { kind: 'life', attempt, restarts: life.restarts + 1, history: check.history };
    return concat(
      event$({ type: 'backoff', delayMs, attempt }),
      race(
        timer(delayMs, scheduler).pipe(mergeMap(() => concat(event$({ type: 'restarting', attempt }), of(next)))),
        stop.requested$.pipe(mergeMap(() => finish$({ type: 'stopped', cause: 'requested' }))),
      ),
    );
  });

  const live$ = (life: NextLife): Observable<Step> => life$(start, policy, scheduler, stop).pipe(
    mergeMap((signal): Observable<Step> => {
      if (signal.kind === 'event') return of(signal);
      if (signal.kind === 'end') return after$(life, signal.end);
      return EMPTY;
    }),
  );

  // `expand` rather than recursion: each life completes before the next one starts, so nothing piles up
  // however many times the process restarts.
  const first: NextLife = { kind: 'life', attempt: 0, restarts: 0, history: [] };
  return of<Step>(first).pipe(
    expand(step => (step.kind === 'life' ? live$(step) : EMPTY)),
    filter((step): step is Extract<Step, { kind: 'event' }> => step.kind === 'event'),
    map(step => step.event),
  );
}
