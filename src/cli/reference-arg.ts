/**
 * An image reference on the command line, checked before any request: a malformed one is a usage error
 * (exit 2) whose message says what is wrong, as the library's InvalidArgumentError does.
 * @module
 */
import { InvalidArgumentError } from '../client/errors.js';
import { parseReference, type ImageReference } from '../images/reference.js';
import { UsageError } from './args.js';

/** `text` parsed as containerd parses a reference; a UsageError when it is malformed. */
export function referenceArg(text: string, command: string): ImageReference {
  try {
    return parseReference(text, command);
  } catch (error) {
    if (error instanceof InvalidArgumentError) throw new UsageError(error.message);
    throw error;
  }
}
