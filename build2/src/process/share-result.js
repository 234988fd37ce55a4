/**
 * shareResult: share a source that emits one result, and keep that result once it was delivered.
 * @module
 */
import { defer, of, ReplaySubject, share, tap } from 'rxjs';
/**
 * Shares a source that emits one result (a wait). Until the result comes, subscribers share one subscription
 * to the source, and when the last one leaves the source is unsubscribed (whatever it holds is released) and
 * the next subscriber starts it anew. Once the result was emitted, it is kept and replayed to every later
 * subscriber, however the earlier ones left (`firstValueFrom`, `take(1)`, an unsubscribe right after the
 * value). An error is not kept: the next subscriber tries again.
 *
 * ```
 * source:        --------r|
 * first:         ^-------(r!)     leaves inside the value (firstValueFrom)
 * later:                     ^(r|)  replayed, the source is not subscribed again
 * early leaver:  ^--!             the source is unsubscribed; a later subscriber subscribes it again
 * ```
 *
 * @example
 * ```ts
 * const exit$ = waitExit$(port).pipe(shareResult());
 * await firstValueFrom(exit$);   // subscribes the source
 * await firstValueFrom(exit$);   // the same value, replayed
 * ```
 */
export function shareResult() {
    return (source) => {
        let result;
        // The value is kept before any subscriber sees it: a subscriber that leaves inside `next` resets the share
        // before the source's completion reaches the ReplaySubject, and the value would be lost with it.
        const shared = source.pipe(tap((value) => {
            result ??= { value };
        }), share({ connector: () => new ReplaySubject(1), resetOnError: true, resetOnComplete: false, resetOnRefCountZero: true }));
        return defer(() => (result ? of(result.value) : shared));
    };
}
//# sourceMappingURL=share-result.js.map