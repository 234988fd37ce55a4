/**
 * Restart intensity, as OTP has it: more than `maxRestarts` restarts within `withinMs` means restarting does
 * not help, and the supervisor gives up (a tree's parent then sees that tree fail).
 * @module
 */
/** OTP's default supervisor intensity: 1 restart within 5 s. */
export const otpIntensity = Object.freeze({ maxRestarts: 1, withinMs: 5_000 });
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
export function countRestart(history, now, intensity) {
    if (intensity === undefined)
        return { history, exceeded: false };
    const inside = [...history.filter(t => now - t < intensity.withinMs), now];
    return { history: inside, exceeded: inside.length > intensity.maxRestarts };
}
/** A reason for a `gave-up` event. @internal */
export function intensityReason(check, intensity) {
    return `restart intensity exceeded: ${check.history.length} restarts within ${intensity.withinMs} ms ` +
        `(at most ${intensity.maxRestarts} allowed)`;
}
//# sourceMappingURL=intensity.js.map