/**
 * The typed errors of container logs: a log folder the logger could not write, and no logger binary to give the
 * shim. Both are raised on this host before anything reaches the daemon.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { nameErrorClass } from './error-base.js';
import { IoError } from './error-classes.js';

/**
 * The log folder of a container (its `log.dir`) cannot be made or written on this host: a read-only file
 * system, a file in the way, no permission. Raised by `newContainer` and `newTask` before the daemon is asked,
 * so that no process runs whose output would go nowhere. An IoError: `cause` is Node's error (its `code`, e.g.
 * 'EROFS', 'EACCES', 'ENOTDIR').
 */
export class LogFolderError extends IoError {
  /** The folder, as given or defaulted. */
  readonly dir: string;

  /**
   * @param dir - the log folder.
   * @param call - the call that was refused.
   * @param cause - Node's error.
   */
  constructor(dir: string, call: string, cause: unknown) {
    const why = cause instanceof Error ? cause.message : String(cause);
    super({ code: GrpcStatus.FAILED_PRECONDITION, daemonMessage: `log folder ${dir} is not writable: ${why}`, call, cause });
    this.dir = dir;
  }
}

nameErrorClass(LogFolderError, 'LogFolderError', 'ERR_CONTAINERD_LOG_FOLDER');

/**
 * No logger binary for the shim: none at `RXC_LOGGER`, and none could be compiled into the cache (no C compiler
 * found as `$CC`, `cc` or `gcc`, or the compiler failed: its output is in the message). Install a C compiler,
 * or build the logger once (`rx-containerd logs --build-logger`) and point `RXC_LOGGER` at it. An IoError.
 */
export class LoggerUnavailableError extends IoError {
  /**
   * @param message - what was tried and why it failed.
   * @param cause - the underlying error.
   */
  constructor(message: string, cause?: unknown) {
    super({ code: GrpcStatus.FAILED_PRECONDITION, daemonMessage: message, call: 'logger', cause });
  }
}

nameErrorClass(LoggerUnavailableError, 'LoggerUnavailableError', 'ERR_CONTAINERD_LOGGER_UNAVAILABLE');
