/**
 * Typed errors. Everything the library throws is an `RxContainerdError` with a string `code` (docs/errors.md
 * lists them); every failure of a daemon call is one of the `ContainerdError` classes, carrying the gRPC code
 * (`grpcCode`), the daemon's own message and the call that failed, so callers branch on data. The root is in
 * `error-base.ts`, the classes in `error-classes.ts`; how a failure maps to one, in `error-mapping.ts`.
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
  TimeoutError,
  UnknownError,
  type ContainerdErrorDetails,
  type ExitUnknownDetails,
  type RunFailure,
  type RunFailureDetails,
} from './error-classes.js';
export {
  DigestMismatchError,
  ImageArchiveError,
  ImageFormatError,
  PlatformNotFoundError,
  type DigestMismatchDetails,
  type ImageArchiveProblem,
  type ImageFormatDetails,
} from './image-error-classes.js';
export { RxContainerdError } from './error-base.js';
export {
  TlsClientCertificateError,
  TlsError,
  TlsPlainTextPeerError,
  TlsRequiredError,
  TlsServerCertificateError,
  TlsUnknownAuthorityError,
  UnknownServiceError,
  type ServerCertificateProblem,
  type TlsErrorDetails,
} from './tls-error-classes.js';
export { failedPrecondition, invalidArgument, ioError, toContainerdError } from './error-mapping.js';
export { MetricsDecodeError, type MetricsDecodeDetails, type MetricsProblem } from './metrics-error-classes.js';
export { DiffIdMismatchError, type DiffIdMismatchDetails } from './unpack-error-classes.js';
export {
  RegistryAuthError,
  RegistryNotFoundError,
  RegistryRequestError,
  RegistryUnavailableError,
  type RegistryErrorDetails,
  type RegistryErrorFields,
} from './registry-error-classes.js';
