/**
 * Cleanup: what a supervised process leaves behind and must go with it (its container, typically), released
 * once, after the last process was deleted.
 * @module
 */
import { defer, EMPTY, from, ignoreElements } from 'rxjs';
/** Runs a cleanup when subscribed; completes when it is done, errors when it failed. @internal */
export function cleanup$(cleanup) {
    return defer(() => {
        const result = cleanup();
        return result === undefined ? EMPTY : from(result).pipe(ignoreElements());
    });
}
//# sourceMappingURL=cleanup.js.map