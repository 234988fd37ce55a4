/**
 * Cleanup: what a supervised process leaves behind and must go with it (its container, typically), released
 * once, after the last process was deleted.
 * @module
 */
import { defer, EMPTY, from, ignoreElements, type Observable } from 'rxjs';

/**
 * Releases what the supervised processes leave behind. Returns an Observable (waited for until it completes),
 * a Promise (waited for), or nothing (done when it returns). A throw or a rejection is reported as a `failed`
 * event with phase `'cleanup'`.
 *
 * @example
 * ```ts
 * const cleanup: Cleanup = () => container.delete();
 * ```
 */
export type Cleanup = () => Observable<unknown> | PromiseLike<unknown> | void;

/** Runs a cleanup when subscribed; completes when it is done, errors when it failed. @internal */
export function cleanup$(cleanup: Cleanup): Observable<never> {
  return defer(() => {
    const result = cleanup();
    return result === undefined ? EMPTY : from(result).pipe(ignoreElements());
  });
}
