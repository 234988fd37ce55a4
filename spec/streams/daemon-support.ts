/** Helpers for the stream specs that run against the real daemon. */
import type { Observable, Subscription } from 'rxjs';
export { prng } from '../support/prng.js';

/** Everything a subscription saw, for later assertions. */
export interface Collected<T> {
  readonly items: T[];
  readonly error: unknown;
  readonly completed: boolean;
  readonly subscription: Subscription;
}

/** Subscribes to `source` and records what it emits. */
export function collect<T>(source: Observable<T>): Collected<T> {
  const items: T[] = [];
  const state = { error: undefined as unknown, completed: false };
  const subscription = source.subscribe({
    next: (v) => items.push(v),
    error: (e: unknown) => (state.error = e),
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

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check()` holds, polling; fails with `what` after `limitMs`. */
export async function eventually(check: () => boolean, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await sleep(5);
  }
}

