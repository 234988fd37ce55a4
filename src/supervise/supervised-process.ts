/**
 * What the supervisor needs of a process: the part of the process port it calls. A containerd Task satisfies
 * it as is, and so does anything else that implements {@link Process}; the fake in `rx-containerd/testing`
 * does too, which is how supervision is tested in virtual time.
 * @module
 */
import type { Observable } from 'rxjs';
import type { DeleteOptions, ExitStatus, KillOptions, Signal } from '../process/types.js';

/** A command run inside a running process's container, as an exec health check runs it. */
export interface ExecSpec {
  /** The command and its arguments. */
  readonly args: readonly string[];
  /** `KEY=value` entries, as in an OCI process spec. */
  readonly env?: readonly string[];
  /** Its working directory. Default the container's. */
  readonly cwd?: string;
}

/** The calls the supervisor makes on an exec: the same lifecycle as any process. */
export interface ExecedProcess {
  /** Starts the exec; emits its pid. */
  start$(): Observable<number>;
  /** Emits the exec's exit status once, then completes. */
  wait$(): Observable<ExitStatus>;
  /** Sends the exec a signal. */
  kill$(signal?: Signal, options?: KillOptions): Observable<unknown>;
  /** Deletes the exec; emits its exit status. */
  delete$(options?: DeleteOptions): Observable<ExitStatus>;
}

/**
 * A created, not yet started process. The supervisor arms `wait$` before `start$`, signals with `kill$`, and
 * deletes the process with `delete$` after its exit. `exec$` is only needed by exec health checks.
 *
 * Methods (not function-valued properties) on purpose: a Task whose `exec$` takes a richer spec still fits.
 *
 * @example
 * ```ts
 * const task: SupervisedProcess = await container.newTask(); // a Task is a SupervisedProcess
 * ```
 */
export interface SupervisedProcess {
  /** Starts the process; emits its pid. */
  start$(): Observable<number>;
  /** Emits the process's exit status once, then completes (armed before `start$`). */
  wait$(): Observable<ExitStatus>;
  /** Sends the process a signal (a graceful stop's SIGTERM, then SIGKILL). */
  kill$(signal?: Signal, options?: KillOptions): Observable<unknown>;
  /** Deletes the process after its exit; emits its exit status. */
  delete$(options?: DeleteOptions): Observable<ExitStatus>;
  /**
   * The signal a graceful stop sends when its options name none (a Task: its container's image's StopSignal);
   * absent or undefined: SIGTERM.
   */
  readonly stopSignal?: Signal;
  /**
   * Emits once if the logger writing the process's output (its container's `log` option) is found killed: the
   * supervisor reports it as a `logger-lost` event. A Task has it; absent: not watched.
   */
  loggerKilled$?(): Observable<number | undefined>;
  /** Adds an exec to the running process's container: what an exec health check runs. */
  exec$?(execId: string, spec: ExecSpec, io?: ExecIO): Observable<ExecedProcess>;
  /**
   * The process's resource use every `intervalMs` until it exits (a Task's `metrics$`): what `maxMemoryBytes`
   * watches.
   */
  metrics$?(options: MemorySampling): Observable<MemorySample>;
}

/** How `maxMemoryBytes` asks for a process's metrics. */
export interface MemorySampling {
  /** Between two readings, in ms. */
  readonly intervalMs: number;
}

/** What `maxMemoryBytes` reads of a process's metrics (a Task's `TaskMetrics` has it). */
export interface MemorySample {
  /** Its memory. */
  readonly memory: {
    /** Its working set, in bytes: memory in use less the inactive file cache. */
    readonly workingSetBytes: number;
  };
}

/** What the supervisor asks of an exec's stdio: nothing, a probe's output is not read. */
export interface ExecIO {
  /** Where the exec's output goes: nowhere. */
  readonly stdio?: 'ignore';
}

/**
 * Creates one process, created but not started, each time it is called: a container's new task, usually.
 * A Promise or an Observable (its first value is taken).
 *
 * @example
 * ```ts
 * const start: StartProcess<Task> = () => container.newTask({ stdio: 'ignore' });
 * ```
 */
export type StartProcess<P extends SupervisedProcess = SupervisedProcess> = () => Observable<P> | PromiseLike<P>;
