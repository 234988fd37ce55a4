/**
 * A running supervisor as a handle: `startSupervision` subscribes to a `supervise(...)` or `supervisor(...)`
 * stream built with a stop notifier, and returns what stops it and tells when its graceful stop is done;
 * `await using` does both. The Observables stay the way to supervise; this is their Promise edge.
 * @module
 */
import { type Observable, ReplaySubject } from 'rxjs';
import type { SupervisorEvent } from './events.js';

/** A supervisor running in the background. */
export interface Supervision extends AsyncDisposable {
  /**
   * Resolves with the supervisor's last event (`stopped` or `gave-up`) once it completed, that is once its last
   * process was deleted and its cleanup ran; rejects if the stream errors (a supervisor does not).
   */
  readonly done: Promise<SupervisorEvent | undefined>;
  /** Asks for the graceful stop (stop signal, grace period, SIGKILL, delete, cleanup); resolves as `done` does. */
  stop(): Promise<SupervisorEvent | undefined>;
  /** `await using` support: the same as {@link Supervision.stop}. */
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * Starts a supervisor in the background. `build` receives the stop notifier to pass as the `stop` option of
 * `supervise` or the `stop` of a `supervisor` spec; `onEvent` sees every event. Disposing of the handle (or
 * `stop()`) stops the supervisor gracefully and resolves once it has completed, nothing of it left.
 *
 * @example
 * ```ts
 * await using running = startSupervision(
 *   (stop) => supervise(() => container.newTask({ stdio: 'inherit' }), { restart: 'always', stop }),
 *   (e) => console.log(e.type),
 * );
 * await setTimeout(5_000); // the process runs, restarted as needed; leaving the scope stops it for good
 * ```
 */
export function startSupervision(
  build: (stop: Observable<void>) => Observable<SupervisorEvent>,
  onEvent: (event: SupervisorEvent) => void = () => undefined,
): Supervision {
  const stop$ = new ReplaySubject<void>(1);
  let last: SupervisorEvent | undefined;
  const done = new Promise<SupervisorEvent | undefined>((resolve, reject) => {
    build(stop$.asObservable()).subscribe({
      next: (event) => {
        last = event;
        onEvent(event);
      },
      error: reject,
      complete: () => resolve(last),
    });
  });
  const stop = (): Promise<SupervisorEvent | undefined> => {
    stop$.next();
    stop$.complete();
    return done;
  };
  return {
    done,
    stop,
    async [Symbol.asyncDispose]() {
      await stop();
    },
  };
}
