/**
 * `supervise`: one process kept alive by a restart policy, as an Observable whose subscription is the
 * supervised life.
 * @module
 */
import { asyncScheduler, catchError, concat, defer, EMPTY, expand, filter, map, mergeMap, of, race, timer, } from 'rxjs';
import { backoffDelay, backoffOf, nextAttempt } from '../streams/backoff.js';
import { cleanup$ } from './cleanup.js';
import { countRestart, intensityReason } from './intensity.js';
import { life$ } from './life.js';
import { checkSupervise } from './options.js';
import { restartRule, wantsRestart } from './policy.js';
import { signalsOn } from './run.js';
import { stopOnUnsubscribe } from './stop-request.js';
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
export function supervise(start, policy = {}, scheduler = asyncScheduler) {
    // Checked now, so that a bad configuration throws at the call rather than inside the stream.
    checkSupervise(start, policy, scheduler);
    const rule = restartRule(policy.restart ?? 'on-failure', policy.maxRestarts);
    const backoff = backoffOf(policy.backoff);
    return stopOnUnsubscribe(stop => supervised$(start, policy, scheduler, stop, rule, backoff), policy.stop);
}
function supervised$(start, policy, scheduler, stop, rule, backoff) {
    const s = signalsOn(scheduler);
    const random = policy.random ?? Math.random;
    const event$ = (body) => s.event$(body);
    const cleaning$ = policy.cleanup === undefined ? EMPTY : cleanup$(policy.cleanup).pipe(catchError((error) => event$({ type: 'failed', phase: 'cleanup', error })));
    const finish$ = (last) => concat(cleaning$, event$(last));
    const after$ = (life, end) => defer(() => {
        if (end.requested || stop.requested)
            return finish$({ type: 'stopped', cause: 'requested' });
        if (!wantsRestart(rule, end))
            return finish$({ type: 'stopped', cause: 'policy' });
        if (rule.maxRestarts !== undefined && life.restarts >= rule.maxRestarts) {
            return finish$({ type: 'gave-up', reason: `${end.reason}; no restart left (at most ${rule.maxRestarts})` });
        }
        const check = countRestart(life.history, scheduler.now(), policy.intensity);
        if (check.exceeded)
            return finish$({ type: 'gave-up', reason: `${end.reason}; ${intensityReason(check, policy.intensity)}` });
        const attempt = nextAttempt(backoff, life.attempt, end.uptimeMs);
        const delayMs = backoffDelay(backoff, attempt, random);
        const next = { kind: 'life', attempt, restarts: life.restarts + 1, history: check.history };
        return concat(event$({ type: 'backoff', delayMs, attempt }), race(timer(delayMs, scheduler).pipe(mergeMap(() => concat(event$({ type: 'restarting', attempt }), of(next)))), stop.requested$.pipe(mergeMap(() => finish$({ type: 'stopped', cause: 'requested' })))));
    });
    const live$ = (life) => life$(start, policy, scheduler, stop).pipe(mergeMap((signal) => {
        if (signal.kind === 'event')
            return of(signal);
        if (signal.kind === 'end')
            return after$(life, signal.end);
        return EMPTY;
    }));
    // `expand` rather than recursion: each life completes before the next one starts, so nothing piles up
    // however many times the process restarts.
    const first = { kind: 'life', attempt: 0, restarts: 0, history: [] };
    return of(first).pipe(expand(step => (step.kind === 'life' ? live$(step) : EMPTY)), filter((step) => step.kind === 'event'), map(step => step.event));
}
//# sourceMappingURL=supervise.js.map