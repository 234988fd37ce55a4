/**
 * Restart intensity, as OTP has it: more than `maxRestarts` restarts within `withinMs` means restarting does
 * not help, and the supervisor gives up (a tree's parent then sees that tree fail).
 * @module
 */

/** At most `maxRestarts` restarts in any window of `withinMs`. */
export interface Intensity {
  readonly maxRestarts: number;
  readonly withinMs: number;
}

/** OTP's default supervisor intensity: 1 restart within 5 s. */
export const otpIntensity: Intensity = Object.freeze({ maxRestarts: 1, withinMs: 5_000 });

/** The outcome of counting one more restart. */
export interface IntensityCheck {
  /** The restart times still inside the window, this one included. */
  readonly history: readonly number[];
  /** More than `maxRestarts` restarts inside the window. */
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
export function countRestart(history: readonly number[], now: number, intensity: Intensity | undefined): IntensityCheck {
  if (intensity === undefined) return { history, exceeded: false };
  const inside = [...history.filter(t => now - t < intensity.withinMs), now];
  return { history: inside, exceeded: inside.length > intensity.maxRestarts };
}

/** A reason for a `gave-up` event. @internal */
export function intensityReason(check: IntensityCheck, intensity: Intensity): string {
  return `restart intensity exceeded: ${check.history.length} restarts within ${intensity.withinMs} ms ` +
    `(at most ${intensity.maxRestarts} allowed)`;
}
