/**
 * An async step over fetch as a cold Observable: each subscription runs it with an AbortSignal of its own, and
 * unsubscribing aborts that signal, which cancels the HTTP request (and the body still being read).
 * @module
 */
import { Observable } from 'rxjs';

/** `run(signal)` as a cold Observable of its one result; unsubscribing aborts `signal`. */
export function abortable$<T>(run: (signal: AbortSignal) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const controller = new AbortController();
    run(controller.signal).then(
      (value) => {
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => controller.abort(new Error('unsubscribed'));
  });
}
