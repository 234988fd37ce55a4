/**
 * Backoff as a value: how long to wait before the next attempt of something that keeps failing, and when to
 * forget the failures. The supervisor waits this long between restarts; the event stream between reconnects.
 *
 * The delay of attempt `n` (1 for the first retry) is `initialMs * factor^(n-1)`, capped at `maxMs`, then
 * shortened by jitter: `delay * (1 - jitter * random)` with `random` in [0, 1). The cap is therefore a hard
 * ceiling, `jitter: 0` is exact, and `jitter: 1` is "full jitter" (anywhere in [0, delay]). Jitter spreads the
 * retries of many clients that failed at the same moment so that they do not come back at the same moment.
 *
 * A run that lasted at least `resetAfterMs` counts as stable: the next attempt is attempt 1 again.
 *
 * @example
 * ```ts
 * const b = backoffOf({ initialMs: 100, factor: 2, maxMs: 60_000 });
 * backoffDelay(b, 1);  // 100
 * backoffDelay(b, 4);  // 800
 * backoffDelay(b, 20); // 60000
 * ```
 * @module
 */
import { definedOnly } from '../proto/defined-only.js';

/** An exponential backoff with a cap, jitter and a reset after a stable run. All durations in ms. */
export interface Backoff {
  /** The delay of the first attempt. */
  readonly initialMs: number;
  /** What each further attempt multiplies the delay by (1: constant delay). */
  readonly factor: number;
  /** The longest delay, jitter included. */
  readonly maxMs: number;
  /** The fraction of the delay that is randomised, 0..1: the delay is drawn from [delay * (1 - jitter), delay]. */
  readonly jitter: number;
  /** A run at least this long resets the attempt count to 1. */
  readonly resetAfterMs: number;
}

/**
 * Docker's restart delay: 100 ms doubling up to 1 minute, reset once the container ran for 10 s, no jitter.
 *
 * @example
 * ```ts
 * backoffDelay(defaultBackoff, 3); // 400
 * ```
 */
export const defaultBackoff: Backoff = Object.freeze({
  initialMs: 100,
  factor: 2,
  maxMs: 60_000,
  jitter: 0,
  resetAfterMs: 10_000,
});

/**
 * A complete backoff from a partial one, missing fields taken from `base` (default: {@link defaultBackoff}).
 * Throws a RangeError for values that make no sense (negative delays, factor below 1, jitter outside 0..1),
 * so that a typo fails at configuration time rather than as a restart storm.
 *
 * @example
 * ```ts
 * const kubernetesLike = backoffOf({ initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 });
 * ```
 */
export function backoffOf(partial: Partial<Backoff> = {}, base: Backoff = defaultBackoff): Backoff {
  const b: Backoff = { ...base, ...definedOnly(partial) };
  check(b.initialMs >= 0, 'initialMs must be >= 0', b.initialMs);
  check(b.factor >= 1, 'factor must be >= 1', b.factor);
  check(b.maxMs >= b.initialMs, 'maxMs must be >= initialMs', b.maxMs);
  check(b.jitter >= 0 && b.jitter <= 1, 'jitter must be within 0..1', b.jitter);
  check(b.resetAfterMs >= 0, 'resetAfterMs must be >= 0', b.resetAfterMs);
  return Object.freeze(b);
}

/**
 * The delay before attempt `attempt` (1 for the first retry), in whole milliseconds.
 * `random` is injectable so that tests can pin the jitter; it must return a number in [0, 1).
 *
 * @example
 * ```ts
 * backoffDelay(defaultBackoff, 1);                          // 100
 * backoffDelay({ ...defaultBackoff, jitter: 0.5 }, 1, () => 0.5); // 75
 * ```
 */
export function backoffDelay(b: Backoff, attempt: number, random: () => number = Math.random): number {
  const n = Math.max(1, Math.floor(attempt));
  // A huge attempt number makes the growth Infinity, which the cap absorbs; 0 stays 0 (not 0 * Infinity = NaN).
  const delay = b.initialMs === 0 ? 0 : Math.min(b.initialMs * b.factor ** (n - 1), b.maxMs);
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.round(delay * (1 - b.jitter * r));
}

/**
 * The attempt number after a run that lasted `upMs`: 1 again when the run was stable (at least
 * `resetAfterMs`), otherwise one more than `previous` (0 before any attempt).
 *
 * @example
 * ```ts
 * nextAttempt(defaultBackoff, 3, 500);    // 4
 * nextAttempt(defaultBackoff, 3, 12_000); // 1
 * ```
 */
export function nextAttempt(b: Backoff, previous: number, upMs: number): number {
  return upMs >= b.resetAfterMs ? 1 : previous + 1;
}

/**
 * The delays of attempts 1..count, without jitter: handy to show or test a schedule.
 *
 * @example
 * ```ts
 * backoffSchedule(defaultBackoff, 5); // [100, 200, 400, 800, 1600]
 * ```
 */
export function backoffSchedule(b: Backoff, count: number): number[] {
  const exact = { ...b, jitter: 0 };
  return Array.from({ length: Math.max(0, count) }, (_, i) => backoffDelay(exact, i + 1));
}

function check(ok: boolean, message: string, value: number): void {
  if (!ok || Number.isNaN(value)) throw new RangeError(`backoff: ${message} (got ${value})`);
}
