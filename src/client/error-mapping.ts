/**
 * What a failure becomes: grpc-js's error mapped to the class its gRPC code means, or, for runc's and the shim's
 * texts reported as UNKNOWN, the class the text means; and the errors the client raises itself before any call.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import {
  AlreadyExistsError,
  CanceledError,
  ContainerdError,
  DeadlineExceededError,
  FailedPreconditionError,
  InvalidArgumentError,
  IoError,
  NotFoundError,
  PermissionDeniedError,
  shortCall,
  UnavailableError,
  UnknownError,
  type ContainerdErrorDetails,
} from './error-classes.js';
import { UnknownServiceError } from './tls-error-classes.js';

type ErrorClass = new (details: ContainerdErrorDetails, message?: string) => ContainerdError;

const byCode: Readonly<Record<number, ErrorClass>> = {
  [GrpcStatus.NOT_FOUND]: NotFoundError,
  [GrpcStatus.ALREADY_EXISTS]: AlreadyExistsError,
  [GrpcStatus.FAILED_PRECONDITION]: FailedPreconditionError,
  [GrpcStatus.INVALID_ARGUMENT]: InvalidArgumentError,
  [GrpcStatus.OUT_OF_RANGE]: InvalidArgumentError,
  [GrpcStatus.PERMISSION_DENIED]: PermissionDeniedError,
  [GrpcStatus.UNAVAILABLE]: UnavailableError,
  [GrpcStatus.CANCELLED]: CanceledError,
  [GrpcStatus.DEADLINE_EXCEEDED]: DeadlineExceededError,
};

/**
 * runc and the shim report many precise conditions as UNKNOWN with a text; these map them to the class the
 * condition means. Checked in order; the first match wins.
 */
const byText: ReadonlyArray<readonly [RegExp, ErrorClass]> = [
  // the daemon's own context ran out or was canceled while it waited on the shim
  [/context deadline exceeded/i, DeadlineExceededError],
  [/context canceled/i, CanceledError],
  // the task's or process's state forbids the call (runc and the shim, 1.6: "cannot exec in a stopped state",
  // "cannot start a paused process", "cannot delete a paused process", "cannot update a stopped container",
  // "cannot pause task in created state", "cannot resume a running process", ...)
  [/cannot (delete|start|exec|pause|resume|update|kill) (a|an|in a|task in) \w+ (process|container|state)|cannot start an already running container|container (is )?not running|container is not paused|is not paused|is already paused|cannot pause|cannot resume|container .* is not in created state/i, FailedPreconditionError],
  [/process already finished|not found|no such process|does not exist/i, NotFoundError],
  [/executable file not found|no such file or directory/i, NotFoundError],
  [/already exists/i, AlreadyExistsError],
  // exec of a file without execute permission, or of a directory
  [/permission denied/i, PermissionDeniedError],
  // a cwd that is a file; a limit runc or the kernel refuses
  [/invalid argument|invalid signal|not a directory|wrong rlimit|unable to set memory limit/i, InvalidArgumentError],
];

interface GrpcLikeError {
  readonly code?: unknown;
  readonly details?: unknown;
  readonly message?: unknown;
}

/**
 * Turns what grpc-js reported into the typed error for `call`. `address` names the daemon in an
 * {@link UnavailableError}'s message.
 *
 * @example
 * ```ts
 * toContainerdError({ code: 5, details: 'container "x": not found' }, '/containerd.services.containers.v1.Containers/Get')
 * // NotFoundError
 * ```
 */
export function toContainerdError(error: unknown, call: string, address?: string): ContainerdError {
  if (error instanceof ContainerdError) return error;
  const e = (typeof error === 'object' && error !== null ? error : { message: String(error) }) as GrpcLikeError;
  const code = typeof e.code === 'number' ? e.code : GrpcStatus.UNKNOWN;
  const daemonMessage =
    typeof e.details === 'string' && e.details !== '' ? e.details : typeof e.message === 'string' ? e.message : String(error);
  let cls: ErrorClass = byCode[code] ?? UnknownError;
  if (code === GrpcStatus.UNKNOWN || code === GrpcStatus.INTERNAL) {
    cls = byText.find(([re]) => re.test(daemonMessage))?.[1] ?? UnknownError;
  }
  if (code === GrpcStatus.UNIMPLEMENTED && /unknown service/i.test(daemonMessage)) {
    // containerd's own TCP listener ([grpc] tcp_address) serves the CRI plugin only (1.6, 1.7 and 2 alike)
    const tcp = address !== undefined && /^(tcp|dns|ipv4|ipv6):/i.test(address);
    const hint = tcp ? ": containerd's [grpc] tcp_address listener serves only the CRI plugin's services; reach containerd's API through a TLS proxy in front of its socket (docs/remote.md)" : '';
    return new UnknownServiceError({ code, daemonMessage, call, cause: error }, `${shortCall(call)}: ${address ?? 'the daemon'} does not serve it (${daemonMessage})${hint}`);
  }
  if (cls === UnavailableError && address !== undefined) {
    return new UnavailableError(
      { code, daemonMessage, call, cause: error },
      `${shortCall(call)}: containerd is not reachable at ${address}: ${daemonMessage}`,
    );
  }
  return new cls({ code, daemonMessage, call, cause: error });
}

/** An error the client raises itself, before any call reaches the daemon. */
export function invalidArgument(call: string, message: string): InvalidArgumentError {
  return new InvalidArgumentError({ code: GrpcStatus.INVALID_ARGUMENT, daemonMessage: message, call });
}

/**
 * A failure of the client's own I/O for `call` (making FIFOs, opening them) as an {@link IoError}, the original
 * error kept as `cause`; a ContainerdError passes through.
 */
export function ioError(call: string, error: unknown): ContainerdError {
  if (error instanceof ContainerdError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new IoError({ code: GrpcStatus.UNKNOWN, daemonMessage: `stdio: ${message}`, call, cause: error });
}

/** A precondition the client checks itself, before any call reaches the daemon. */
export function failedPrecondition(call: string, message: string): FailedPreconditionError {
  return new FailedPreconditionError({ code: GrpcStatus.FAILED_PRECONDITION, daemonMessage: message, call });
}
