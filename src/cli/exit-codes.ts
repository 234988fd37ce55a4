/**
 * The exit codes of the CLI beyond the process's own: 2 for a usage error (see UsageError), 1 for a failure,
 * and, as shells and docker have them, 126 for a command that cannot be executed and 127 for one not found.
 * @module
 */
import { NotFoundError, PermissionDeniedError } from '../client/errors.js';

/** A failure with an exit code of its own, printed as one line. */
export class CommandFailure extends Error {
  override readonly name = 'CommandFailure';
  constructor(
    message: string,
    readonly exitCode: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * When the daemon refused to create or start a process because its binary is missing (127) or cannot be
 * executed (126), that failure in the user's words; otherwise `error` unchanged.
 */
export function notRunnable(error: unknown, binary: string | undefined): unknown {
  const text = error instanceof Error ? error.message : '';
  if (error instanceof NotFoundError && /exec|executable file not found|no such file/i.test(text)) {
    return new CommandFailure(`${binary}: no such file in the container`, 127, { cause: error });
  }
  if (error instanceof PermissionDeniedError) return new CommandFailure(`${binary}: cannot be executed (permission denied)`, 126, { cause: error });
  return error;
}
