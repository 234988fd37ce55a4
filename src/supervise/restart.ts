/**
 * The restart decision, one pure function for `supervise` and for every child of a tree: after a run ended on
 * its own, rest (the policy lets it), give up (no restart left, or the intensity exceeded), or restart after a
 * backoff delay.
 * @internal
 * @module
 */
import { type Backoff, backoffDelay, nextAttempt } from '../streams/backoff.js';
import { countRestart, type IntensityOption, intensityReason } from './intensity.js';
import { type RestartRule, wantsRestart } from './policy.js';
import type { RunEnd } from './run.js';

/** What limits the restarts of one supervised process (or child). */
export interface RestartLimits {
  readonly rule: RestartRule;
  readonly backoff: Backoff;
  /** Counted over `RestartCount.history`; undefined: no intensity. */
  readonly intensity: IntensityOption | undefined;
  /** The randomness behind backoff jitter, in [0, 1). */
  readonly random: () => number;
}

/** Where the restarts stand before this one. */
export interface RestartCount {
  /** The backoff attempt of the last restart; 0 before any. */
  readonly attempt: number;
  /** Restarts of this process (or child) so far. */
  readonly restarts: number;
  /** The times of the restarts counted by the intensity (a tree counts every child's). */
  readonly history: readonly number[];
}

/** What follows a run that ended on its own. */
export type RestartDecision =
  | { readonly kind: 'rest' }
  | { readonly kind: 'give-up'; readonly reason: string }
  | { readonly kind: 'restart'; readonly delayMs: number; readonly count: RestartCount };

/**
 * Decides what follows `end` at `now` (ms on the supervisor's clock). Giving up, `reason` is the run's reason
 * followed by the limit that was reached.
 *
 * @example
 * ```ts
 * decideRestart({ rule: restartRule('on-failure'), backoff: defaultBackoff, intensity: undefined, random },
 *   { attempt: 0, restarts: 0, history: [] }, { failed: true, uptimeMs: 50, reason: 'exited with code 1' }, 50);
 * // { kind: 'restart', delayMs: 100, count: { attempt: 1, restarts: 1, history: [] } }
 * ```
 */
export function decideRestart(
  limits: RestartLimits,
  count: RestartCount,
  end: Pick<RunEnd, 'failed' | 'uptimeMs' | 'reason'>,
  now: number,
): RestartDecision {
  const { rule, backoff } = limits;
  if (!wantsRestart(rule, end)) return { kind: 'rest' };
  if (rule.maxRestarts !== undefined && count.restarts >= rule.maxRestarts) {
    return { kind: 'give-up', reason: `${end.reason}; no restart left (at most ${rule.maxRestarts})` };
  }
  const check = countRestart(count.history, now, limits.intensity);
  if (check.exceeded) return { kind: 'give-up', reason: `${end.reason}; ${intensityReason(check, limits.intensity!)}` };
  const attempt = nextAttempt(backoff, count.attempt, end.uptimeMs);
  return {
    kind: 'restart',
    delayMs: backoffDelay(backoff, attempt, limits.random),
    count: { attempt, restarts: count.restarts + 1, history: check.history },
  };
}
