/**
 * The typed error classes: `ContainerdError` (the gRPC code, the daemon's own message, the call that failed) and
 * one subclass per condition a caller branches on. `name` is set on each prototype (minifiers rename classes),
 * and `instanceof` holds across two installed copies of the library.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';

/** What every typed error carries. */
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
 * Marks every rx-containerd error with the names of its classes, so that `instanceof` holds across two
 * installed copies of the library (each has its own classes; `Symbol.for` is shared by the whole process).
 */
const BRAND = Symbol.for('rx-containerd.ContainerdError');

/** The base of all rx-containerd errors. `cause` keeps the original error. */
export class ContainerdError extends Error implements ContainerdErrorDetails {
  readonly code: number;
  readonly daemonMessage: string;
  readonly call: string;

  constructor(details: ContainerdErrorDetails, message?: string) {
    super(message ?? `${shortCall(details.call)}: ${details.daemonMessage}`, details.cause === undefined ? undefined : { cause: details.cause });
    // `name` lives on each prototype (minifiers rename classes); a subclass without one is named after itself
    if (!Object.prototype.hasOwnProperty.call(new.target.prototype, 'name')) this.name = new.target.name;
    this.code = details.code;
    this.daemonMessage = details.daemonMessage;
    this.call = details.call;
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

  /** The gRPC code's name, e.g. 'NOT_FOUND'. */
  get codeName(): string {
    return GrpcStatus[this.code] ?? String(this.code);
  }
}

/** A class's own name: the one on its prototype, else its constructor's. */
function ownName(proto: object): string {
  return Object.prototype.hasOwnProperty.call(proto, 'name') ? (proto as Error).name : (proto as { constructor: { name: string } }).constructor.name;
}

/** The names along an error's prototype chain, down to ContainerdError: its brand. */
function classNames(proto: object | null): readonly string[] {
  const names: string[] = [];
  for (let p = proto; p !== null && p !== Error.prototype; p = Object.getPrototypeOf(p) as object | null) names.push(ownName(p));
  return Object.freeze(names);
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

for (const [name, cls] of Object.entries({
  ContainerdError, NotFoundError, AlreadyExistsError, FailedPreconditionError, InvalidArgumentError, PermissionDeniedError,
  UnavailableError, CanceledError, DeadlineExceededError, IoError, UnknownError, NotStartedError, ExitUnknownError,
})) {
  Object.defineProperty(cls.prototype, 'name', { value: name, writable: true, enumerable: false, configurable: true });
}

/** Error classes by the name a caller would use, for `instanceof`-free checks. */
export const ErrorClasses = {
  NotFoundError,
  AlreadyExistsError,
  FailedPreconditionError,
  InvalidArgumentError,
  PermissionDeniedError,
  UnavailableError,
  CanceledError,
  DeadlineExceededError,
  IoError,
  UnknownError,
  NotStartedError,
  ExitUnknownError,
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
  readonly reason: RunFailure;
  /** The container's (and task's) id. */
  readonly id: string;
  /** The exit code; undefined when the run was stopped before the process started. */
  readonly exitCode: number | undefined;
  /** The signal's name when the exit code is 128 + N of a signal (a timeout or an abort kills with SIGKILL). */
  readonly signal: NodeJS.Signals | undefined;
  /** What the process wrote until it ended: strings (one final newline trimmed), or Buffers with `encoding: 'buffer'`. */
  readonly stdout: string | Buffer;
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
Object.defineProperty(RunError.prototype, 'name', { value: 'RunError', writable: true, enumerable: false, configurable: true });
