/**
 * Whether this is the last event of a supervisor (`stopped` or `gave-up` without a `child`).
 *
 * @example
 * ```ts
 * events$.pipe(takeWhile(e => !isFinal(e), true))
 * ```
 */
export function isFinal(e) {
    return (e.type === 'stopped' || e.type === 'gave-up') && e.child === undefined;
}
/**
 * A type guard for events of the given types, for `filter`.
 *
 * @example
 * ```ts
 * events$.pipe(filter(ofType('exited')), map(e => e.status.code))
 * ```
 */
export function ofType(...types) {
    return (e) => types.includes(e.type);
}
//# sourceMappingURL=events.js.map