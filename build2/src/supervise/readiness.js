/**
 * Readiness from a supervisor's events: whether the supervised process (or one child of a tree) can take
 * work now, as an Observable to wait on or to follow.
 * @module
 */
import { defer, distinctUntilChanged, EMPTY, filter, map, mergeMap, of, startWith, take, takeWhile, throwError } from 'rxjs';
import { checkReadinessOptions } from './options.js';
/** The supervised life ended before it was ready. */
export class NotReadyError extends Error {
    event;
    constructor(event) {
        super(`not ready: the supervisor ${event.type === 'gave-up' ? `gave up (${event.reason})` : 'stopped'} before the process was ready`);
        this.event = event;
        this.name = 'NotReadyError';
    }
}
/**
 * Readiness as a state: `false` first, then `true`/`false` as the process becomes ready or stops being so
 * (exited, unhealthy, restarting), without repeats; completes when the supervisor (or that child) ends.
 *
 * @example
 * ```ts
 * const events$ = supervise(start, policy).pipe(share());
 * readiness$(events$, { on: 'healthy' }).subscribe(ready => loadBalancer.enable(ready));
 * ```
 */
export function readiness$(events$, options = {}) {
    checkReadinessOptions(options);
    const on = options.on ?? 'started';
    return events$.pipe(filter(e => e.child === options.child || isEnd(e)), takeWhile(e => !isEnd(e), true), map(e => readyAfter(e, on)), filter((ready) => ready !== undefined), startWith(false), distinctUntilChanged());
}
/**
 * Emits once, when the process is first ready, then completes; errors with {@link NotReadyError} if the
 * supervisor ends first.
 *
 * @example
 * ```ts
 * const events$ = supervise(start, { health: { command: ['/bin/check'] } }).pipe(share());
 * events$.subscribe(log);
 * await firstValueFrom(ready$(events$, { on: 'healthy' }));
 * ```
 */
export function ready$(events$, options = {}) {
    checkReadinessOptions(options);
    const on = options.on ?? 'started';
    return defer(() => events$.pipe(filter(e => e.child === options.child || isEnd(e)), mergeMap(e => {
        if (readyAfter(e, on) === true)
            return of(undefined);
        if (isEnd(e))
            return throwError(() => new NotReadyError(e));
        return EMPTY;
    }), take(1)));
}
function readyAfter(e, on) {
    switch (e.type) {
        case 'started': return on === 'started' ? true : undefined;
        case 'healthy': return true;
        case 'unhealthy': return on === 'healthy' ? false : undefined;
        case 'starting':
        case 'restarting':
        case 'exited':
        case 'stopped':
        case 'gave-up':
            return false;
        default:
            return undefined;
    }
}
/** The supervisor's own last event (a child's `stopped` may be followed by a restart of that child). */
function isEnd(e) {
    return (e.type === 'stopped' || e.type === 'gave-up') && e.child === undefined;
}
//# sourceMappingURL=readiness.js.map