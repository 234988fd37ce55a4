/**
 * Restart intensity, as OTP has it: more than `intensity` restarts within `periodMs` means restarting does
 * not help, and the supervisor gives up (a tree's parent then sees that tree fail).
 * @module
 */

/** At most `intensity` restarts in any window of `periodMs` (OTP's supervisor flags `intensity` and `period`). */
export interface Intensity {
  /** The most restarts allowed within the period (OTP's `intensity`); one more and the supervisor gives up. */
  readonly intensity: number;
  /** The window, in ms (OTP's `period`, which counts seconds). */
  readonly periodMs: number;
}

/**
 * The former spelling of {@link Intensity}, still accepted wherever an intensity is.
 * @deprecated Use {@link Intensity}: `{ intensity, periodMs }`.
 */
export interface LegacyIntensity {
  /** @deprecated Use `intensity`. */
  readonly maxRestarts: number;
  /** @deprecated Use `periodMs`. */
  readonly withinMs: number;
}

/** What the `intensity` options take: {@link Intensity}, or its deprecated spelling. */
export type IntensityOption = Intensity | LegacyIntensity;

/**
 * An intensity in the current spelling, whichever spelling it was given in.
 *
 * @example
 * ```ts
 * intensityOf({ maxRestarts: 3, withinMs: 60_000 }); // { intensity: 3, periodMs: 60_000 }
 * ```
 */
export function intensityOf(option: IntensityOption): Intensity {
  return 'intensity' in option ? option : { intensity: option.maxRestarts, periodMs: option.withinMs };
}

/**
 * OTP's default supervisor intensity: 1 restart within 5 s. The deprecated `maxRestarts` and `withinMs`
 * read the same values.
 */
export const otpIntensity: Intensity & LegacyIntensity = Object.freeze(Object.defineProperties(
  { intensity: 1, periodMs: 5_000 },
  {
    maxRestarts: { get(this: Intensity) { return this.intensity; }, enumerable: false },
    withinMs: { get(this: Intensity) { return this.periodMs; }, enumerable: false },
  },
) as Intensity & LegacyIntensity);

/** The outcome of counting one more restart. */
export interface IntensityCheck {
  /** The restart times still inside the window, this one included. */
  readonly history: readonly number[];
  /** More than `intensity` restarts inside the window. */
  readonly exceeded: boolean;
}

/**
 * Counts a restart at `now` against the window and says whether the intensity is exceeded.
 * Without an intensity nothing is ever exceeded (and no history is kept).
 *
 * @example
 * ```ts
 * let h: readonly number[] = [];
 * ({ history: h } = countRestart(h, 0, otpIntensity));        // exceeded: false
 * countRestart(h, 4_000, otpIntensity).exceeded;              // true: 2 restarts within 5 s
 * ```
 */
export function countRestart(history: readonly number[], now: number, option: IntensityOption | undefined): IntensityCheck {
  if (option === undefined) return { history, exceeded: false };
  const { intensity, periodMs } = intensityOf(option);
  const inside = [...history.filter(t => now - t < periodMs), now];
  return { history: inside, exceeded: inside.length > intensity };
}

/** A reason for a `gave-up` event. @internal */
export function intensityReason(check: IntensityCheck, option: IntensityOption): string {
  const { intensity, periodMs } = intensityOf(option);
  return `restart intensity exceeded: ${check.history.length} restarts within ${periodMs} ms (at most ${intensity} allowed)`;
}
