/**
 * A stop request, and the rule that makes the subscription the supervised life: unsubscribing does not cut a
 * supervisor off mid-way, it asks it to stop, and the supervisor finishes its graceful stop (signal, grace
 * period, SIGKILL, delete, cleanup) on its own, detached from the subscriber that left.
 *
 * A subscriber that wants to see the end, rather than leave before it, passes a `stop` notifier instead: the
 * supervisor stops the same way, emits its last event (`stopped`) and completes once everything is gone.
 * @module
 */
import { Observable, ReplaySubject, take, type Subscription } from 'rxjs';

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
  private readonly subject = new ReplaySubject<void>(1);
  private fired = false;
  private why: StopReason = { cause: 'requested' };

  /** Emits once (synchronously for late subscribers) when the stop is requested, then completes. */
  readonly requested$: Observable<void> = this.subject.asObservable();

  /** Whether the stop was requested. */
  get requested(): boolean {
    return this.fired;
  }

  /**
   * Why the stop was requested: `{ cause: 'requested' }` when the caller asked for it (the default), or
   * `{ cause: 'shutdown', reason }` when a supervisor tree stops a child of its own accord.
   */
  get reason(): StopReason {
    return this.why;
  }

  /** Requests the stop; further calls do nothing (the first reason stays). */
  request(why: StopReason = { cause: 'requested' }): void {
    if (this.fired) return;
    this.fired = true;
    this.why = why;
    this.subject.next();
    this.subject.complete();
  }
}

/** Why a stop was requested: asked for by the caller, or a tree shutting a child down (with a sentence). */
export type StopReason =
  | {
      /** The caller asked for the stop. */
      readonly cause: 'requested';
    }
  | {
      /** The tree shuts the child down. */
      readonly cause: 'shutdown';
      /** Why, as a sentence. */
      readonly reason: string;
    };

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
export function stopOnUnsubscribe<T>(run: (request: StopRequest) => Observable<T>, stop?: Observable<unknown>): Observable<T> {
  return new Observable<T>(subscriber => {
    const request = new StopRequest();
    let attached = true;
    const notifier: Subscription | undefined = stop?.pipe(take(1)).subscribe({ next: () => request.request(), error: () => request.request() });
    const inner = run(request).subscribe({
      next: value => { if (attached) subscriber.next(value); },
      error: error => { if (attached) subscriber.error(error); },
      complete: () => { if (attached) subscriber.complete(); },
    });
    return () => {
      attached = false;
      notifier?.unsubscribe();
      // The run ends itself after the stop; keeping `inner` subscribed is what lets it finish detached.
      if (!inner.closed) request.request();
    };
  });
}
