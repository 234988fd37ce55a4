/**
 * A stop request, and the rule that makes the subscription the supervised life: unsubscribing does not cut a
 * supervisor off mid-way, it asks it to stop, and the supervisor finishes its graceful stop (signal, grace
 * period, SIGKILL, delete, cleanup) on its own, detached from the subscriber that left.
 *
 * A subscriber that wants to see the end, rather than leave before it, passes a `stop` notifier instead: the
 * supervisor stops the same way, emits its last event (`stopped`) and completes once everything is gone.
 * @module
 */
import { Observable, ReplaySubject, take } from 'rxjs';
/**
 * A one-way latch: once requested, stays requested; late subscribers to `requested$` are told at once.
 *
 * @example
 * ```ts
 * const request = new StopRequest();
 * request.requested$.subscribe(() => console.log('stopping'));
 * request.request(); // 'stopping'; further calls do nothing
 * ```
 */
export class StopRequest {
    subject = new ReplaySubject(1);
    fired = false;
    why = { cause: 'requested' };
    /** Emits once (synchronously for late subscribers) when the stop is requested, then completes. */
    requested$ = this.subject.asObservable();
    /** Whether the stop was requested. */
    get requested() {
        return this.fired;
    }
    /**
     * Why the stop was requested: `{ cause: 'requested' }` when the caller asked for it (the default), or
     * `{ cause: 'shutdown', reason }` when a supervisor tree stops a child of its own accord.
     */
    get reason() {
        return this.why;
    }
    /** Requests the stop; further calls do nothing (the first reason stays). */
    request(why = { cause: 'requested' }) {
        if (this.fired)
            return;
        this.fired = true;
        this.why = why;
        this.subject.next();
        this.subject.complete();
    }
}
/**
 * Runs `run` with a stop request that fires when `stop` emits or when the subscriber unsubscribes. After an
 * unsubscribe, `run` keeps its own subscription until it completes; its values go nowhere and its error, if
 * any, is dropped (a supervisor does not error anyway).
 *
 * @example
 * ```ts
 * const life$ = stopOnUnsubscribe(request => myRun$(request), stopButton$);
 * ```
 */
export function stopOnUnsubscribe(run, stop) {
    return new Observable(subscriber => {
        const request = new StopRequest();
        let attached = true;
        const notifier = stop?.pipe(take(1)).subscribe({ next: () => request.request(), error: () => request.request() });
        const inner = run(request).subscribe({
            next: value => { if (attached)
                subscriber.next(value); },
            error: error => { if (attached)
                subscriber.error(error); },
            complete: () => { if (attached)
                subscriber.complete(); },
        });
        return () => {
            attached = false;
            notifier?.unsubscribe();
            // The run ends itself after the stop; keeping `inner` subscribed is what lets it finish detached.
            if (!inner.closed)
                request.request();
        };
    });
}
//# sourceMappingURL=stop-request.js.map