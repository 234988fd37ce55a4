/**
 * Checks made on the client so that an invalid request never reaches the daemon (where some leave a bundle
 * behind, or crash a shim).
 * @module
 */
import { constants } from 'node:os';
import type { Signal } from '../proto/vocabulary.js';
import { invalidArgument } from './errors.js';

/** containerd's identifier rule: alphanumerics separated by single '.', '_' or '-', at most 76 characters. */
const identifier = /^[A-Za-z0-9]+(?:[._-][A-Za-z0-9]+)*$/;

/**
 * Throws `InvalidArgumentError` unless `id` is a valid containerd identifier.
 *
 * @example
 * ```ts
 * validateId('web-1', 'container id');   // ok
 * validateId('no spaces', 'container id'); // throws InvalidArgumentError
 * ```
 */
export function validateId(id: unknown, what: string, call = 'validate'): string {
  if (typeof id !== 'string' || id.length === 0 || id.length > 76 || !identifier.test(id)) {
    throw invalidArgument(call, `invalid ${what} ${JSON.stringify(id)}: use 1-76 letters and digits separated by single '.', '_' or '-'`);
  }
  return id;
}

/** Throws `InvalidArgumentError` unless `args` is a non-empty list of strings without NUL bytes. */
export function validateArgs(args: unknown, call = 'validate'): string[] {
  if (!Array.isArray(args) || args.length === 0) {
    throw invalidArgument(call, 'args must be a non-empty array of strings (the program and its arguments)');
  }
  args.forEach((a, i) => {
    if (typeof a !== 'string') throw invalidArgument(call, `args[${i}] is not a string`);
    if (a.includes('\0')) throw invalidArgument(call, `args[${i}] contains a NUL byte`);
  });
  if (args[0] === '') throw invalidArgument(call, 'args[0] (the program) is empty');
  return args as string[];
}

/**
 * A signal as the number the daemon wants. Accepts a name ('SIGTERM', 'TERM', 'sigterm') or a number 1-64.
 * Throws `InvalidArgumentError` for anything else.
 *
 * @example
 * ```ts
 * signalNumber('SIGKILL') // 9
 * signalNumber(15)        // 15
 * ```
 */
export function signalNumber(signal: Signal | string, call = 'kill'): number {
  if (typeof signal === 'number') {
    if (Number.isInteger(signal) && signal >= 1 && signal <= 64) return signal;
    throw invalidArgument(call, `invalid signal ${signal}: a signal number is an integer from 1 to 64`);
  }
  if (typeof signal === 'string') {
    const name = signal.toUpperCase();
    const full = (name.startsWith('SIG') ? name : `SIG${name}`) as keyof typeof constants.signals;
    const n = constants.signals[full];
    if (typeof n === 'number') return n;
  }
  throw invalidArgument(call, `invalid signal ${JSON.stringify(signal)}: use a name such as 'SIGTERM' or a number`);
}

/** Throws unless `path` is absolute. */
export function validateAbsolutePath(path: unknown, what: string, call = 'validate'): string {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw invalidArgument(call, `${what} must be an absolute path, got ${JSON.stringify(path)}`);
  }
  return path;
}

/**
 * Checks a numeric option as Node checks its own: a TypeError when `value` is not a number, a RangeError when it
 * is one out of range (not a whole number where `integer`, below `min`, NaN or infinite); both name `option` and
 * the value (docs/errors.md). Returns the number.
 *
 * @example
 * ```ts
 * numberOption(0, 'concurrency', 'pull', { min: 1, integer: true }); // RangeError: pull: option "concurrency" must be an integer >= 1, got 0
 * ```
 */
export function numberOption(value: unknown, option: string, call: string, { min, integer = false, unit = '' }: { readonly min: number; readonly integer?: boolean; readonly unit?: string }): number {
  const wanted = `${integer ? 'an integer' : 'a number'}${unit === '' ? '' : ` of ${unit}`} >= ${min}`;
  const shown = typeof value === 'string' ? JSON.stringify(value) : String(value);
  if (typeof value !== 'number') throw new TypeError(`${call}: option "${option}" must be ${wanted}, got ${shown} (${value === null ? 'null' : typeof value})`);
  if (!Number.isFinite(value) || (integer && !Number.isSafeInteger(value)) || value < min) throw new RangeError(`${call}: option "${option}" must be ${wanted}, got ${shown}`);
  return value;
}
