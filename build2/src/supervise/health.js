/**
 * Health checks: a probe run every `intervalMs` while the process runs, Docker's HEALTHCHECK semantics.
 *
 * - The first probe runs `intervalMs` after the start, each next one `intervalMs` after the previous ended.
 * - A probe fails when it answers false, errors, or takes longer than `timeoutMs`.
 * - `retries` failures in a row make the process unhealthy; one success makes it healthy again.
 * - During `startPeriodMs`, failures do not count, until the first success ends the start period early.
 *
 * A probe is either a command run inside the container (an exec; exit code 0 is healthy), or any
 * Observable the caller likes (an HTTP request, a TCP connect, a log line...).
 * @module
 */
import { asyncScheduler, catchError, concatMap, defaultIfEmpty, defer, filter, first, map, Observable, of, repeat, ReplaySubject, scan, switchMap, take, timeout, timer, } from 'rxjs';
import { describeExit, messageOf } from './exit.js';
import { checkHealthCheck } from './options.js';
/** Docker's HEALTHCHECK defaults. */
export const defaultHealthTiming = Object.freeze({
    intervalMs: 30_000,
    timeoutMs: 30_000,
    retries: 3,
    startPeriodMs: 0,
});
/**
 * The health changes of a running process under a check: `{ healthy: true }` when it becomes healthy,
 * `{ healthy: false, reason }` when it becomes unhealthy. Runs until unsubscribed.
 *
 * @example
 * ```ts
 * health$(task, { command: ['/bin/true'], intervalMs: 1_000 }).subscribe(h => console.log(h.healthy));
 * ```
 *
 * ```
 * intervalMs 10, retries 2, the probe fails from the 3rd on:
 * ──────────10──────────20──────────30──────────40
 *           ok→healthy  ok          fail        fail→unhealthy
 * ```
 */
export function health$(process, check, scheduler = asyncScheduler) {
    checkHealthCheck(check);
    const t = { ...defaultHealthTiming, ...definedTiming(check) };
    return defer(() => {
        const begin = scheduler.now();
        let n = 0;
        const once$ = defer(() => {
            const startedMs = scheduler.now() - begin;
            n += 1;
            return defer(() => probeOnce$(process, check, n)).pipe(timeout({ first: t.timeoutMs, with: () => of(`timed out after ${t.timeoutMs} ms`), scheduler }), catchError((error) => of(`probe failed: ${messageOf(error)}`)), map((failure) => ({ ok: failure === undefined, reason: failure ?? '', startedMs })));
        });
        const initial = { status: 'starting', failures: 0, everHealthy: false, change: undefined };
        return timer(t.intervalMs, scheduler).pipe(concatMap(() => once$), repeat(), scan((state, result) => nextHealth(state, result, t), initial), map(state => state.change), filter((change) => change !== undefined));
    });
}
/** One probe: undefined when healthy, otherwise why not. */
function probeOnce$(process, check, n) {
    if ('command' in check)
        return execProbe$(process, check, n);
    return check.probe(process).pipe(take(1), map(ok => (ok ? undefined : 'probe answered false')), defaultIfEmpty('probe completed without an answer'));
}
function execProbe$(process, check, n) {
    if (process.exec$ === undefined)
        return of('an exec health check needs a process that has exec$');
    const spec = { args: check.command, ...(check.env && { env: check.env }), ...(check.cwd !== undefined && { cwd: check.cwd }) };
    return process.exec$(`health-${n}`, spec, { stdio: 'ignore' }).pipe(first(), switchMap(exec => runExec$(exec)), map(status => (status.code === 0 ? undefined : `health command ${describeExit(status)}`)));
}
/** Runs an exec to its end and deletes it; cut short (a timeout), it is killed and deleted in the background. */
function runExec$(exec) {
    return new Observable(subscriber => {
        let done = false;
        const exit = new ReplaySubject(1);
        const waiting = defer(() => exec.wait$()).subscribe(exit);
        const running = defer(() => exec.start$()).pipe(first(), switchMap(() => exit.pipe(take(1))), switchMap(status => defer(() => exec.delete$()).pipe(map(() => status), catchError(() => of(status))))).subscribe({
            next: status => { done = true; subscriber.next(status); subscriber.complete(); },
            error: (error) => subscriber.error(error), // not done: the teardown removes the exec
        });
        return () => {
            running.unsubscribe();
            waiting.unsubscribe();
            if (!done)
                defer(() => exec.delete$({ kill: true })).subscribe({ error: () => undefined });
        };
    });
}
function nextHealth(state, result, t) {
    if (result.ok) {
        return {
            status: 'healthy',
            failures: 0,
            everHealthy: true,
            change: state.status === 'healthy' ? undefined : { healthy: true },
        };
    }
    const inStartPeriod = !state.everHealthy && result.startedMs < t.startPeriodMs;
    const failures = inStartPeriod ? state.failures : state.failures + 1;
    if (failures >= t.retries && state.status !== 'unhealthy') {
        const reason = `${failures} health probe${failures === 1 ? '' : 's'} failed in a row, the last: ${result.reason}`;
        return { status: 'unhealthy', failures, everHealthy: state.everHealthy, change: { healthy: false, reason } };
    }
    return { ...state, failures, change: undefined };
}
function definedTiming(check) {
    const keys = ['intervalMs', 'timeoutMs', 'retries', 'startPeriodMs'];
    return Object.fromEntries(keys.filter(k => check[k] !== undefined).map(k => [k, check[k]]));
}
//# sourceMappingURL=health.js.map