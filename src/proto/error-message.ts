/**
 * The text of anything thrown, for diagnostics and reasons.
 * @module
 */

/**
 * `error.message` for an Error, else the value as a string.
 *
 * @example
 * ```ts
 * errorMessage(new Error('no such file')); // 'no such file'
 * errorMessage('timed out');               // 'timed out'
 * ```
 */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
