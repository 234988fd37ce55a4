/**
 * Typed errors. Every failure of a daemon call is one of these classes, all `instanceof ContainerdError`,
 * carrying the gRPC code, the daemon's own message and the call that failed, so callers branch on data.
 * The classes are in `error-classes.ts`; how a failure maps to one, in `error-mapping.ts`.
 *
 * @example
 * ```ts
 * try { await container.delete(); }
 * catch (e) { if (e instanceof FailedPreconditionError) await task.delete({ kill: true }); }
 * ```
 * @module
 */
export {
  AlreadyExistsError,
  CanceledError,
  ContainerdError,
  DeadlineExceededError,
  ErrorClasses,
  ExitUnknownError,
  FailedPreconditionError,
  InvalidArgumentError,
  IoError,
  NotFoundError,
  NotStartedError,
  PermissionDeniedError,
  RunError,
  UnavailableError,
  UnknownError,
  type ContainerdErrorDetails,
  type ExitUnknownDetails,
  type RunFailure,
  type RunFailureDetails,
} from './error-classes.js';
export { failedPrecondition, invalidArgument, ioError, toContainerdError } from './error-mapping.js';
