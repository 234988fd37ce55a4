/**
 * Option objects merged over defaults: a field the caller left `undefined` must not erase the default.
 * @module
 */

/**
 * A shallow copy of `options` without the fields whose value is `undefined`, to spread over defaults.
 *
 * @example
 * ```ts
 * ({ ...{ retries: 3, intervalMs: 10 }, ...definedOnly({ retries: undefined, intervalMs: 50 }) });
 * // { retries: 3, intervalMs: 50 }
 * ```
 */
export function definedOnly<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
