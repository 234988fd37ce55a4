/**
 * The root of every error rx-containerd throws: `RxContainerdError`, with a Node-style string `code`, the
 * original error kept as `cause`, `name` on each class's prototype (minifiers rename classes), and an
 * `instanceof` that holds across two installed copies of the library.
 * @module
 */

/**
 * Marks every rx-containerd error with the names of its classes, so that `instanceof` holds across two
 * installed copies of the library (each has its own classes; `Symbol.for` is shared by the whole process).
 * The key is the one 0.1 used, so errors of a 0.1 copy and of this one recognise each other.
 */
const BRAND = Symbol.for('rx-containerd.ContainerdError');

/** Where a class keeps its code: on its prototype, set by {@link nameErrorClass}. */
const CODE = Symbol('rx-containerd.code');

/**
 * The base of every error rx-containerd throws (but the TypeError and RangeError an option of the wrong type
 * or range raises at the call, as Node and execa do: see docs/errors.md).
 *
 * @example
 * ```ts
 * try { await container.delete(); }
 * catch (e) { if (e instanceof RxContainerdError) console.error(e.code, e.message); }
 * ```
 */
export class RxContainerdError extends Error {
  /**
   * What went wrong, as a stable string in Node's style (`'ERR_CONTAINERD_NOT_FOUND'`, ...): one per class,
   * listed in docs/errors.md. Branch on it, or on the class, never on the message.
   */
  readonly code: string;

  /**
   * @param message - the error's message.
   * @param options - `cause`: what was thrown underneath, kept as the error's `cause`.
   */
  constructor(message: string, options?: { readonly cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    // `name` lives on each prototype (minifiers rename classes); a subclass without one is named after itself
    if (!Object.prototype.hasOwnProperty.call(new.target.prototype, 'name')) this.name = new.target.name;
    this.code = (new.target.prototype as { [CODE]?: string })[CODE] ?? 'ERR_CONTAINERD';
    Object.defineProperty(this, BRAND, { value: classNames(new.target.prototype), enumerable: false });
  }

  /**
   * True for errors of this class made by this copy of the library, and for errors whose class has the same
   * name made by another copy (two versions installed side by side).
   */
  static override [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    const names = typeof value === 'object' && value !== null ? (value as { [BRAND]?: unknown })[BRAND] : undefined;
    return Array.isArray(names) && names.includes(ownName(this.prototype as object));
  }
}

/**
 * Gives an error class its `name` and its `code`, both on the prototype, so that neither depends on the
 * class's name in the source (minifiers rename classes).
 */
export function nameErrorClass(cls: abstract new (...args: never[]) => RxContainerdError, name: string, code: string): void {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, enumerable: false, configurable: true });
  Object.defineProperty(cls.prototype, CODE, { value: code, enumerable: false });
}

nameErrorClass(RxContainerdError, 'RxContainerdError', 'ERR_CONTAINERD');

/** A class's own name: the one on its prototype, else its constructor's. */
function ownName(proto: object): string {
  return Object.prototype.hasOwnProperty.call(proto, 'name') ? (proto as Error).name : (proto as { constructor: { name: string } }).constructor.name;
}

/** The names along an error's prototype chain, down to RxContainerdError: its brand. */
function classNames(proto: object | null): readonly string[] {
  const names: string[] = [];
  for (let p = proto; p !== null && p !== Error.prototype; p = Object.getPrototypeOf(p) as object | null) names.push(ownName(p));
  return Object.freeze(names);
}
