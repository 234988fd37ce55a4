export { prng } from '../support/prng.js';
/** Subscribes to `source` and records what it emits. */
export function collect(source) {
    const items = [];
    const state = { error: undefined, completed: false };
    const subscription = source.subscribe({
        next: (v) => items.push(v),
        error: (e) => (state.error = e),
        complete: () => (state.completed = true),
    });
    return {
        items,
        get error() {
            return state.error;
        },
        get completed() {
            return state.completed;
        },
        subscription,
    };
}
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Waits until `check()` holds, polling; fails with `what` after `limitMs`. */
export async function eventually(check, what, limitMs = 10_000) {
    const deadline = Date.now() + limitMs;
    while (!check()) {
        if (Date.now() > deadline)
            throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
        await sleep(5);
    }
}
//# sourceMappingURL=daemon-support.js.map