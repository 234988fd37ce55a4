/**
 * The process port: the calls the core (wait$, supervision) is written against. The containerd adapter
 * implements it; src/testing has a fake that runs in virtual time.
 * @module
 */
import type { Observable } from 'rxjs';
import type { AbortOptions } from '../client/to-promise.js';
import type { ExitStatus, Signal } from '../proto/vocabulary.js';

export type { ExitStatus, Signal } from '../proto/vocabulary.js';
export type { AbortOptions } from '../client/to-promise.js';

/** The states the daemon reports for a process. */
export type ProcessState = 'created' | 'running' | 'pausing' | 'paused' | 'stopped' | 'unknown';

/** A process's state as the daemon reports it; exit fields only once stopped. */
export interface ProcessStatus {
  /** Where the process is in its life. */
  readonly status: ProcessState;
  /** Its exit status, once stopped. */
  readonly exitStatus?: number;
  /** When it exited, once stopped (absent for a process that never ran). */
  readonly exitedAt?: Date;
}

/** Options of `kill`. */
export interface KillOptions {
  /** Signal every process in the container (init only). */
  readonly all?: boolean;
}

/** Options of `delete`. */
export interface DeleteOptions {
  /** Kill the process (SIGKILL) and wait for it before deleting, like the Go client's WithProcessKill. */
  readonly kill?: boolean;
}

/**
 * An init process (a task) or an exec. Every call has a cold, cancellable `$` form (unsubscribing cancels it) and
 * a Promise twin whose last argument takes `{ signal, timeoutMs }` ({@link AbortOptions}).
 */
export interface Process {
  /** The container's id for an init process, the exec id for an exec. */
  readonly id: string;
  /** The id of the container the process runs in. */
  readonly containerId: string;
  /** The host pid, once started (or loaded from a running process); undefined before. */
  readonly pid: number | undefined;

  /** Starts the process; emits its pid, then completes. Cold: each subscription makes the call. */
  start$(): Observable<number>;
  /** Starts the process; resolves its pid. */
  start(options?: AbortOptions): Promise<number>;
  /** Sends a signal (default SIGTERM), by name or number; `all` signals every process of the container. */
  kill$(signal?: Signal, options?: KillOptions): Observable<void>;
  /** Sends a signal (default SIGTERM); resolves once the daemon has sent it. */
  kill(signal?: Signal, options?: KillOptions & AbortOptions): Promise<void>;
  /** The exit of this process: safe before start, after exit, many times. Emits once, then completes. */
  wait$(): Observable<ExitStatus>;
  /** The exit of this process; an abort or a timeout ends the wait, not the process. */
  wait(options?: AbortOptions): Promise<ExitStatus>;
  /** The process's status now: emits once, then completes. */
  status$(): Observable<ProcessStatus>;
  /** The process's status now. */
  status(options?: AbortOptions): Promise<ProcessStatus>;
  /** Deletes the process (with `kill: true`, kills it first) and emits its exit status. */
  delete$(options?: DeleteOptions): Observable<ExitStatus>;
  /** Deletes the process (with `kill: true`, kills it first) and resolves its exit status. */
  delete(options?: DeleteOptions & AbortOptions): Promise<ExitStatus>;
}
