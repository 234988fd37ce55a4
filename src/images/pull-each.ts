/**
 * The pull loop: an async iterator driven one item at a time, the next item asked for only once the previous
 * one is fully handled. `from(asyncIterable)` would instead push items as fast as the source gives them, into
 * whatever buffer lies downstream (a concatMap's), so a slow consumer would hold the whole source in memory.
 * @module
 */
import { defer, EMPTY, expand, finalize, last, mergeMap, type Observable } from 'rxjs';

/**
 * Handles each item of `iterator` in turn with `handle`, asking for the next item only when the Observable of
 * the previous one has completed; emits each handled item's last value. Completes at the end of the iterator;
 * an error (of the iterator or of a handler) ends the loop. On error or unsubscription `iterator.return()` is
 * called, so the source is released (a Readable destroyed); a handler that completes without a value fails
 * with EmptyError.
 *
 * ```
 * items:    a . . . b . . . c|          (pulled on demand)
 * handle:   --x|    --y|    --z|
 * result:   --x-----y-------z|
 * ```
 */
export function pullEach$<T, R>(iterator: AsyncIterator<T>, handle: (item: T, index: number) => Observable<R>): Observable<R> {
  return defer(() => {
    let index = 0;
    let finished = false;
    const step$ = (): Observable<R> =>
      defer(() => iterator.next()).pipe(
        mergeMap((result) => {
          if (result.done === true) {
            finished = true;
            return EMPTY;
          }
          return handle(result.value, index++).pipe(last());
        }),
      );
    return step$().pipe(
      expand(() => step$()),
      finalize(() => {
        // a source ended by its own end needs no return(); one abandoned midway is released
        if (!finished) void Promise.resolve(iterator.return?.()).catch(() => undefined);
      }),
    );
  });
}
