/**
 * Option checks, execa style: each names the option by its path and shows the value it got, with a TypeError
 * for a value of the wrong kind and a RangeError for one of the right kind out of range.
 *
 * ```
 * options.gracePeriodMs must be a non-negative finite number, got NaN
 * ```
 * @internal
 * @module
 */
import { inspect } from 'node:util';
import { isObservable } from 'rxjs';
/** The longest delay a Node timer keeps: anything above fires after 1 ms instead (with a warning). */
export const maxTimerMs = 2 ** 31 - 1;
/** A value as the message shows it: strings quoted, NaN as NaN, objects on one line. */
export function shown(value) {
    return inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 80 });
}
/** Throws a TypeError (the value is of the wrong kind) saying what `path` must be. */
export function wrongType(path, wanted, value) {
    throw new TypeError(`${path} must be ${wanted}, got ${shown(value)}`);
}
/** Throws a RangeError (the value is of the right kind but out of range) saying what `path` must be. */
export function outOfRange(path, wanted, value) {
    throw new RangeError(`${path} must be ${wanted}, got ${shown(value)}`);
}
/** Fails unless `value` is an object (not null, not an array). */
export function checkObject(value, path) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        wrongType(path, 'an object', value);
}
/** A number with a bound below; `undefined` passes (the default applies). */
function checkNumber(value, path, wanted, ok) {
    if (value === undefined)
        return;
    if (typeof value !== 'number')
        wrongType(path, wanted, value);
    if (!ok(value))
        outOfRange(path, wanted, value);
}
/** A finite number of ms, >= 0 (or > 0 with `positive`); `timer`: also at most {@link maxTimerMs}. */
export function checkMs(value, path, how = {}) {
    const wanted = how.positive === true ? 'a positive finite number' : 'a non-negative finite number';
    checkNumber(value, path, wanted, n => Number.isFinite(n) && (how.positive === true ? n > 0 : n >= 0));
    if (how.timer === true && typeof value === 'number' && value > maxTimerMs) {
        outOfRange(path, `at most ${maxTimerMs} ms (the longest timer, about 24.8 days)`, value);
    }
}
/** An integer >= `min` (0 by default). */
export function checkInteger(value, path, min = 0) {
    checkNumber(value, path, min === 0 ? 'a non-negative integer' : min === 1 ? 'a positive integer' : `an integer of at least ${min}`, n => Number.isInteger(n) && n >= min);
}
/** A finite number within [min, max]. */
export function checkBetween(value, path, min, max) {
    const wanted = max === Infinity ? `a finite number of at least ${min}` : `a number from ${min} to ${max}`;
    checkNumber(value, path, wanted, n => Number.isFinite(n) && n >= min && n <= max);
}
/** One of the given strings. */
export function checkOneOf(value, path, allowed, matches = s => allowed.includes(s)) {
    if (value === undefined)
        return;
    const wanted = `one of ${allowed.map(a => `'${a}'`).join(', ')}`;
    if (typeof value !== 'string')
        wrongType(path, wanted, value);
    if (!matches(value))
        outOfRange(path, wanted, value);
}
/** A function. */
export function checkFunction(value, path) {
    if (value !== undefined && typeof value !== 'function')
        wrongType(path, 'a function', value);
}
/** A boolean. */
export function checkBoolean(value, path) {
    if (value !== undefined && typeof value !== 'boolean')
        wrongType(path, 'a boolean', value);
}
/** A string. */
export function checkString(value, path) {
    if (value !== undefined && typeof value !== 'string')
        wrongType(path, 'a string', value);
}
/** An array of strings, non-empty with `nonEmpty`. */
export function checkStrings(value, path, how = {}) {
    if (value === undefined)
        return;
    const wanted = how.nonEmpty === true ? 'a non-empty array of strings' : 'an array of strings';
    if (!Array.isArray(value) || value.some(v => typeof v !== 'string'))
        wrongType(path, wanted, value);
    if (how.nonEmpty === true && value.length === 0)
        outOfRange(path, wanted, value);
}
/** An Observable (a Subject, a timer...). */
export function checkObservable(value, path) {
    if (value !== undefined && !isObservable(value))
        wrongType(path, 'an Observable', value);
}
//# sourceMappingURL=check.js.map