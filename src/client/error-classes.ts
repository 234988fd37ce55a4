/**
 * The typed error classes of daemon calls: `ContainerdError` (the gRPC code, the daemon's own message, the call
 * that failed) and one subclass per condition a caller branches on, each with its own string `code`. All are
 * {@link RxContainerdError}s: `name` on each prototype, `instanceof` across two installed copies.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { nameErrorClass, RxContainerdError } from './error-base.js';

/**
 * What a {@link ContainerdError} is made from. `code` here is the gRPC status code; the error keeps it as
 * `grpcCode`, its `code` being the class's string code.
 */
export interface ContainerdErrorDetails {
  /** The gRPC status code (e.g. 5 for NOT_FOUND); for errors raised by the client before any call, the code it would have had. */
  readonly code: number;
  /** The daemon's message, or the client's when no call was made. */
  readonly daemonMessage: string;
  /** The call that failed, e.g. '/containerd.services.tasks.v1.Tasks/Delete', or a client-side operation name. */
  readonly call: string;
  /** What was thrown underneath: grpc-js's error for a daemon call, a Node error for local I/O. */
  readonly cause?: unknown;
}

/**
 * The base of the errors of a call to the daemon (and of what the client refuses before making one): the gRPC
 * status as `grpcCode`, the daemon's own message, the call that failed; `cause` keeps grpc-js's error.
 */
export class ContainerdError extends RxContainerdError {
  /** The gRPC status code (e.g. 5 for NOT_FOUND): what `code` was in 0.1. */
  readonly grpcCode: number;
  /** The daemon's message, or the client's when no call was made. */
  readonly daemonMessage: string;
  /** The call that failed, e.g. '/containerd.services.tasks.v1.Tasks/Delete', or a client-side operation name. */
  readonly call: string;

  /**
   * @param details - the gRPC code, the daemon's message, the call and the cause.
   * @param message - the message, when not `Service.Method: daemon's message`.
   */
  constructor(details: ContainerdErrorDetails, message?: string) {
    super(message ?? `${shortCall(details.call)}: ${details.daemonMessage}`, { cause: details.cause });
    this.grpcCode = details.code;
    this.daemonMessage = details.daemonMessage;
    this.call = details.call;
  }

  /** The gRPC code's name, e.g. 'NOT_FOUND'. */
  get codeName(): string {
    return GrpcStatus[this.grpcCode] ?? String(this.grpcCode);
  }
}

/** A container, task or process that does not exist (or a process that already finished). */
export class NotFoundError extends ContainerdError {}
/** An id that is taken. */
export class AlreadyExistsError extends ContainerdError {}
/** The state forbids the call (delete a running process, exec in a stopped or paused task, ...). */
export class FailedPreconditionError extends ContainerdError {}
/** A bad id, signal, spec or argument; raised before any call when the client can tell. */
export class InvalidArgumentError extends ContainerdError {}
/** The process may not run what it was asked to: a file without execute permission, or a directory. */
export class PermissionDeniedError extends ContainerdError {}
/** The daemon is not there; the message names the address tried. */
export class UnavailableError extends ContainerdError {}
/** The call was canceled: aborted, or its connection closed. */
export class CanceledError extends ContainerdError {}
/** The call's deadline passed. */
export class DeadlineExceededError extends ContainerdError {}
/**
 * The client could not make or open a process's stdio on this host (its FIFO directory, the FIFOs, their ends):
 * `cause` is Node's error (with its `code`, e.g. 'EACCES') or mkfifo's.
 */
export class IoError extends ContainerdError {}
/** Anything else the daemon said. */
export class UnknownError extends ContainerdError {}

/**
 * A process that never ran has no exit: its start failed (an exec whose binary is missing), or it was deleted
 * before it was started. The daemon reports such a process with Go's zero exit time, which is no exit. Raised by
 * `wait$()` and by `delete()` (whose deletion itself succeeded). A FailedPreconditionError: the process's state
 * forbids an exit status.
 */
export class NotStartedError extends FailedPreconditionError {}

/** What a wait saw of a process whose exit was lost. */
export interface ExitUnknownDetails {
  /** The container's id. */
  readonly containerId: string;
  /** The container id for the init process, the exec id for an exec. */
  readonly processId: string;
  /** The process's pid, when known. */
  readonly pid: number | undefined;
  /** The daemon's version (Version.version), when it could be read. */
  readonly daemonVersion: string | undefined;
  /** What was observed, e.g. "status check: NotFound after the event stream was down; no /tasks/delete seen". */
  readonly observed: string;
}

/**
 * The exit of a process is unknown: it vanished while the event stream was down, and no delete of it was seen.
 * containerd 1.7 and later remove, when they start, the task of any process that exited while they were down,
 * without an exit event; its exit status is lost. Code 15 (DATA_LOSS): the daemon no longer has it. Never a
 * made-up exit code.
 */
export class ExitUnknownError extends ContainerdError implements ExitUnknownDetails {
  /** The container's id. */
  readonly containerId: string;
  readonly processId: string;
  readonly pid: number | undefined;
  readonly daemonVersion: string | undefined;
  readonly observed: string;

  constructor(details: ExitUnknownDetails, call = 'wait') {
    const pid = details.pid === undefined ? '' : ` (pid ${details.pid})`;
    const version = details.daemonVersion === undefined ? 'containerd of unknown version' : `containerd ${details.daemonVersion}`;
    super({
      code: GrpcStatus.DATA_LOSS,
      daemonMessage: `the exit of process ${details.processId} of container ${details.containerId}${pid} is unknown: it vanished while the event stream was down and no delete of it was seen (${version}; ${details.observed})`,
      call,
    });
    this.containerId = details.containerId;
    this.processId = details.processId;
    this.pid = details.pid;
    this.daemonVersion = details.daemonVersion;
    this.observed = details.observed;
  }
}

for (const [cls, name, code] of [
  [ContainerdError, 'ContainerdError', 'ERR_CONTAINERD_CALL'],
  [NotFoundError, 'NotFoundError', 'ERR_CONTAINERD_NOT_FOUND'],
  [AlreadyExistsError, 'AlreadyExistsError', 'ERR_CONTAINERD_ALREADY_EXISTS'],
  [FailedPreconditionError, 'FailedPreconditionError', 'ERR_CONTAINERD_FAILED_PRECONDITION'],
  [InvalidArgumentError, 'InvalidArgumentError', 'ERR_CONTAINERD_INVALID_ARGUMENT'],
  [PermissionDeniedError, 'PermissionDeniedError', 'ERR_CONTAINERD_PERMISSION_DENIED'],
  [UnavailableError, 'UnavailableError', 'ERR_CONTAINERD_UNAVAILABLE'],
  [CanceledError, 'CanceledError', 'ERR_CONTAINERD_CANCELED'],
  [DeadlineExceededError, 'DeadlineExceededError', 'ERR_CONTAINERD_DEADLINE_EXCEEDED'],
  [IoError, 'IoError', 'ERR_CONTAINERD_IO'],
  [UnknownError, 'UnknownError', 'ERR_CONTAINERD_UNKNOWN'],
  [NotStartedError, 'NotStartedError', 'ERR_CONTAINERD_NOT_STARTED'],
  [ExitUnknownError, 'ExitUnknownError', 'ERR_CONTAINERD_EXIT_UNKNOWN'],
] as const) nameErrorClass(cls, name, code);

/**
 * A Promise twin's `timeoutMs` passed before the operation ended: the operation was canceled (its calls canceled
 * on the daemon) and nothing else was done; a timed-out `wait()` leaves the process running. A
 * DeadlineExceededError (code 4, DEADLINE_EXCEEDED) whose `timeoutMs` says which limit it was.
 */
export class TimeoutError extends DeadlineExceededError {
  /** The limit that passed, in ms. */
  readonly timeoutMs: number;

  constructor(details: ContainerdErrorDetails & { readonly timeoutMs: number }) {
    super(details);
    this.timeoutMs = details.timeoutMs;
  }
}
nameErrorClass(TimeoutError, 'TimeoutError', 'ERR_CONTAINERD_TIMEOUT');

/** Error classes by the name a caller would use, for `instanceof`-free checks. */
export const ErrorClasses = {
  /** A container, task or process that does not exist. */
  NotFoundError,
  /** An id that is taken. */
  AlreadyExistsError,
  /** The state forbids the call. */
  FailedPreconditionError,
  /** A bad id, signal, spec or argument. */
  InvalidArgumentError,
  /** The process may not run what it was asked to. */
  PermissionDeniedError,
  /** The daemon is not there. */
  UnavailableError,
  /** The call was canceled. */
  CanceledError,
  /** The call's deadline passed. */
  DeadlineExceededError,
  /** The client could not make or open a process's stdio. */
  IoError,
  /** Anything else the daemon said. */
  UnknownError,
  /** A process that never ran has no exit. */
  NotStartedError,
  /** The exit of a process was lost while the event stream was down. */
  ExitUnknownError,
  /** A Promise twin's `timeoutMs` passed. */
  TimeoutError,
} as const;

/** A gRPC method path as messages name it: '/containerd.services.tasks.v1.Tasks/Delete' is 'Tasks.Delete'. */
export function shortCall(call: string): string {
  const slash = call.lastIndexOf('/');
  const dot = call.lastIndexOf('.', slash);
  return slash > 0 && dot >= 0 ? call.slice(dot + 1).replace('/', '.') : call;
}

/** Why a run failed: the process exited non-zero, the run's time ran out, or its AbortSignal fired. */
export type RunFailure = 'exit' | 'timeout' | 'abort';

/** What a failed run carries: the same fields as its result, and why it failed. */
export interface RunFailureDetails {
  /** Why the run failed: a non-zero exit, its timeout, or its AbortSignal. */
  readonly reason: RunFailure;
  /** The container's (and task's) id. */
  readonly id: string;
  /** The exit code; undefined when the run was stopped before the process started. */
  readonly exitCode: number | undefined;
  /** The signal's name when the exit code is 128 + N of a signal (a timeout or an abort kills with SIGKILL). */
  readonly signal: NodeJS.Signals | undefined;
  /** What the process wrote until it ended: strings (one final newline trimmed), or Buffers with `encoding: 'buffer'`. */
  readonly stdout: string | Buffer;
  /** What the process wrote to stderr, in the same form as `stdout`. */
  readonly stderr: string | Buffer;
  /** From the call to the end of the run, cleanup included, in milliseconds. */
  readonly durationMs: number;
}

/**
 * A `client.run` that did not succeed: the process exited with a non-zero code (`reason: 'exit'`, gRPC code 2),
 * ran past `timeoutMs` (`'timeout'`, code 4) or was aborted by its AbortSignal (`'abort'`, code 1). It carries the
 * result's fields (`exitCode`, `signal`, `stdout`, `stderr`, `durationMs`), as execa's errors do; the container
 * and task are deleted before it is raised. `reject: false` gives a non-zero exit as a result instead.
 */
export class RunError extends ContainerdError implements RunFailureDetails {
  readonly reason: RunFailure;
  readonly id: string;
  readonly exitCode: number | undefined;
  readonly signal: NodeJS.Signals | undefined;
  readonly stdout: string | Buffer;
  readonly stderr: string | Buffer;
  readonly durationMs: number;

  constructor(details: RunFailureDetails, cause?: unknown) {
    const code = { exit: GrpcStatus.UNKNOWN, timeout: GrpcStatus.DEADLINE_EXCEEDED, abort: GrpcStatus.CANCELLED }[details.reason];
    const how = details.exitCode === undefined ? 'before it started' : details.signal === undefined ? `exit code ${details.exitCode}` : `${details.signal} (${details.exitCode})`;
    const why = { exit: 'failed', timeout: 'timed out', abort: 'was aborted' }[details.reason];
    super({ code, daemonMessage: `the run of ${details.id} ${why}: ${how}`, call: 'run', ...(cause === undefined ? {} : { cause }) });
    this.reason = details.reason;
    this.id = details.id;
    this.exitCode = details.exitCode;
    this.signal = details.signal;
    this.stdout = details.stdout;
    this.stderr = details.stderr;
    this.durationMs = details.durationMs;
  }
}
nameErrorClass(RunError, 'RunError', 'ERR_CONTAINERD_RUN');
