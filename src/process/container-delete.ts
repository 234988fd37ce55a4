/**
 * The options of deleting a container, and their check.
 * @module
 */
import { invalidArgument } from '../client/errors.js';

/** Options of `Container.delete`. */
export interface ContainerDeleteOptions {
  /** Keep the container's snapshot (as a garbage collection root) instead of removing it. Default false. */
  readonly keepSnapshot?: boolean;
}

/** Checks the options of a container's delete: InvalidArgumentError naming a bad one. */
export function checkDeleteOptions(options: ContainerDeleteOptions, call: string): void {
  if (typeof options !== 'object' || options === null) throw invalidArgument(call, `delete options must be an object, got ${String(options)}`);
  if (options.keepSnapshot !== undefined && typeof options.keepSnapshot !== 'boolean') {
    throw invalidArgument(call, `keepSnapshot must be a boolean, got ${JSON.stringify(options.keepSnapshot)}`);
  }
}
