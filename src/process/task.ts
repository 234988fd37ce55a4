/**
 * A task: a container's init process, plus what only a task can do (pause, resume, exec, pids, metrics,
 * update).
 * @module
 */
import { catchError, defer, EMPTY, map, mergeMap, Observable, throwError, toArray } from 'rxjs';
import { failedPrecondition, InvalidArgumentError, invalidArgument, NotFoundError } from '../client/errors.js';
import type { LogLine } from './logs/log-line.js';
import type { LogLocation } from './logs/log-options.js';
import { loggerKilled$ } from './logs/logger-state.js';
import { readLogs$, type LogsOptions } from './logs/read-logs.js';
import { toPromise, type AbortOptions } from '../client/to-promise.js';
import { validateId } from '../client/validate.js';
import { packJson, packProcessSpec } from '../proto/oci-json.js';
import type { Metric, ProcessInfo } from '../proto/messages.js';
import type { TaskPid } from '../proto/answers.js';
import type { Signal } from '../proto/vocabulary.js';
import { Tasks } from '../proto/services.js';
import type { ClientCore } from './core.js';
import { openIO$, type StdioOptions } from './io-setup.js';
import { execProcessSpec, type RootfsSource } from './exec-spec.js';
import type { ExecSecurityOptions } from './spec-options/exec-security.js';
import type { OciProcess, ProcessOptions } from './oci-spec.js';
import { ContainerdProcess } from './process.js';
import { withZombieStates } from './pid-states.js';
import { rawMetrics$, taskMetrics$ } from './metrics/read-metrics.js';
import type { MetricsOptions, TaskMetrics } from './metrics/task-metrics.js';
import { hasCgroupOptions, linuxResources, type CgroupOptions } from './spec-options/cgroup-resources.js';

/**
 * What `task.update` changes: the cgroup limits a container takes (`memory`, `cpus`...), or raw OCI
 * LinuxResources as `resources` (not both), with annotations alongside.
 */
export interface TaskUpdate extends CgroupOptions {
  /** Raw OCI LinuxResources, as JSON (the escape hatch), instead of the typed options. */
  readonly resources?: object;
  /** Annotations passed to the runtime with the resources (the runc shim ignores them). */
  readonly annotations?: Record<string, string>;
}

/**
 * Options of an exec: its process (args, env, cwd, user, terminal...), its own capabilities and groups (see
 * {@link ExecSecurityOptions}; the rest it inherits from the container; a `umask` is refused, runc not applying it
 * to an exec), and its stdio, as for `newTask`.
 */
export interface ExecOptions extends ProcessOptions, ExecSecurityOptions, StdioOptions {}

/** The Tasks service's calls, as errors name them. */
const CALL = '/containerd.services.tasks.v1.Tasks/';

/**
 * The init process of a container, with the task-wide calls.
 *
 * @example
 * ```ts
 * const task = await container.newTask({ stdio: 'pipe' });
 * const exit$ = task.wait$();
 * await task.start();
 * const sh = await task.exec('probe', { args: ['/bin/true'], stdio: 'ignore' });
 * await sh.start();
 * ```
 */
export class Task extends ContainerdProcess {
  /** @internal Made by the client, not by users. */
  constructor(
    core: ClientCore,
    containerId: string,
    pid: number | undefined,
    io: ContainerdProcess['io'],
    /** The container's own process spec: what an exec inherits. */
    private readonly baseProcess?: OciProcess,
    /** The container's rootfs folder or snapshot mounts: where an exec's user and group names are looked up. */
    private readonly rootfs?: RootfsSource,
    /**
     * The signal a graceful stop sends this task when none is given: its container's stop signal (the image's
     * `StopSignal`, recorded as the `io.containerd.image.config.stop-signal` label); undefined means SIGTERM.
     */
    readonly stopSignal?: Signal,
    /** Where the task's output is logged, when its container logs (its `log` option). */
    readonly log?: LogLocation,
    /** The client made this task (Tasks.Create) just now: its status is known to be 'created'. */
    created = false,
  ) {
    super(core, containerId, undefined, pid, io, created);
  }

  /**
   * The lines the task's container logged (its `log` option), oldest first, across rotated files: `{ time,
   * timestamp, stream, text }`. `follow` keeps reading new lines and ends after the task exits and the log is
   * drained (or on unsubscribe, which closes the files); `since`, `tail` and `stream` select, as `docker logs`
   * does. A malformed line is skipped. FailedPreconditionError when the container does not log.
   *
   * @example
   * ```ts
   * task.logs$({ follow: true, stream: 'stderr' }).subscribe((line) => console.log(line.text));
   * ```
   */
  logs$(options: LogsOptions = {}): Observable<LogLine> {
    return defer(() => {
      if (!this.log) throw failedPrecondition('logs', `container ${this.containerId} keeps no log: create it with the log option`);
      return readLogs$(this.log, options, this.wait$());
    });
  }

  /** The Promise twin of {@link Task.logs$}: the lines, once read (with `follow`, once the task ended and the log is drained). */
  logs(options: LogsOptions & AbortOptions = {}): Promise<LogLine[]> {
    const { signal, timeoutMs, ...rest } = options;
    return toPromise(this.logs$(rest).pipe(toArray()), { signal, timeoutMs }, 'logs');
  }

  /**
   * Emits once (the logger's pid, when known) if the task's logger is found killed while subscribed: checked on
   * this host every `periodMs` (default 1000). The process keeps running, but its output is lost from then on
   * (see docs/logs.md). Empty for a task whose container does not log.
   */
  loggerKilled$(periodMs?: number): Observable<number | undefined> {
    return this.log ? loggerKilled$(this.log.dir, periodMs) : EMPTY;
  }

  /** Freezes every process of the task. */
  pause$(): Observable<void> {
    return this.core.conn.call$(Tasks.pause, { containerId: this.containerId }).pipe(map(() => undefined));
  }

  /** The Promise twin of {@link Task.pause$}: freezes every process of the task. */
  pause(options?: AbortOptions): Promise<void> {
    return toPromise(this.pause$(), options, CALL + 'Pause');
  }

  /** Thaws a paused task. */
  resume$(): Observable<void> {
    return this.core.conn.call$(Tasks.resume, { containerId: this.containerId }).pipe(map(() => undefined));
  }

  /** The Promise twin of {@link Task.resume$}: thaws a paused task. */
  resume(options?: AbortOptions): Promise<void> {
    return toPromise(this.resume$(), options, CALL + 'Resume');
  }

  /**
   * Adds a process to the running task (created, not started). Like `ctr task exec`, it inherits the
   * container's process (environment, user, working directory, capabilities); `options` override, and its
   * `env` adds to the container's. A `user` given by name is looked up in the container's rootfs, as for the
   * container itself (an unknown name is an InvalidArgumentError naming it). `stdio` and `stdin` are as for
   * `newTask` (default 'pipe', no stdin). The spec is checked before any call: an exec without a valid process
   * spec would crash the shim and the container with it.
   */
  exec$(execId: string, options: ExecOptions): Observable<ContainerdProcess>;
  /** @deprecated Pass `stdio` and `stdin` in `options`: `exec$(execId, { args, stdio })`. */
  exec$(execId: string, options: ProcessOptions, stdio: StdioOptions): Observable<ContainerdProcess>;
  exec$(execId: string, options: ExecOptions, legacyStdio?: StdioOptions): Observable<ContainerdProcess> {
    return defer(() => {
      const call = CALL + 'Exec';
      validateId(execId, 'exec id', call);
      if (execId === this.containerId) throw invalidArgument(call, `exec id ${execId} is the container's own id`);
      if (options === undefined || options === null) throw invalidArgument(call, 'options with args are required');
      const { stdio, stdin, ...process } = options;
      const spec = execProcessSpec(process, this.rootfs, call, this.baseProcess);
      const io = { ...(stdio === undefined ? {} : { stdio }), ...(stdin === undefined ? {} : { stdin }), ...legacyStdio };
      return openIO$(this.core, `${this.containerId}-${execId}`, { ...io, terminal: process.terminal ?? false }, call).pipe(
        mergeMap((io) =>
          this.core.conn
            .call$(Tasks.exec, {
              containerId: this.containerId,
              execId,
              spec: packProcessSpec(spec),
              ...io.paths,
            })
            .pipe(
              map(() => new ContainerdProcess(this.core, this.containerId, execId, undefined, io, true)),
              catchError((e: unknown) => {
                void io.dispose().catch(() => undefined);
                return throwError(() => e);
              }),
            ),
        ),
      );
    });
  }

  /**
   * The Promise twin of {@link Task.exec$}: adds process `execId` to the running task (created, not started; call
   * `start()`).
   *
   * @example
   * ```ts
   * const probe = await task.exec('probe', { args: ['/bin/true'], stdio: 'ignore', timeoutMs: 5_000 });
   * ```
   */
  exec(execId: string, options: ExecOptions & AbortOptions): Promise<ContainerdProcess>;
  /** @deprecated Pass `stdio` and `stdin` in `options`: `exec(execId, { args, stdio })`. */
  exec(execId: string, options: ProcessOptions & AbortOptions, stdio: StdioOptions): Promise<ContainerdProcess>;
  exec(execId: string, options: ExecOptions & AbortOptions, legacyStdio?: StdioOptions): Promise<ContainerdProcess> {
    const { signal, timeoutMs, ...exec } = options ?? ({} as ExecOptions);
    const exec$ = legacyStdio === undefined ? this.exec$(execId, exec) : this.exec$(execId, exec, legacyStdio);
    return toPromise(exec$, { signal, timeoutMs }, CALL + 'Exec');
  }

  /** An existing exec of this task, re-attached to its FIFOs when they are there. */
  loadProcess$(execId: string, stdio: StdioOptions = {}): Observable<ContainerdProcess> {
    return defer(() => {
      validateId(execId, 'exec id', '/containerd.services.tasks.v1.Tasks/Get');
      return this.core.conn.call$(Tasks.get, { containerId: this.containerId, execId });
    }).pipe(
      mergeMap(({ process }) => {
        if (!process) return throwError(() => new NotFoundError({ code: 5, daemonMessage: `exec ${execId} not found`, call: '/containerd.services.tasks.v1.Tasks/Get' }));
        return openIO$(this.core, `${this.containerId}-${execId}`, { ...stdio, attach: process }, '/containerd.services.tasks.v1.Tasks/Get').pipe(
          map((io) => new ContainerdProcess(this.core, this.containerId, execId, process.pid, io)),
        );
      }),
    );
  }

  /** The Promise twin of {@link Task.loadProcess$}: an existing exec of this task, re-attached to its FIFOs. */
  loadProcess(execId: string, options: StdioOptions & AbortOptions = {}): Promise<ContainerdProcess> {
    const { signal, timeoutMs, ...stdio } = options;
    return toPromise(this.loadProcess$(execId, stdio), { signal, timeoutMs }, CALL + 'Get');
  }

  /**
   * The pids of every process in the task (runc reads them from the task's cgroup), with the exec id each belongs
   * to where the shim says; where this host's /proc can tell, whether each is a zombie, and the task's zombies,
   * which the cgroup no longer holds (see {@link TaskPid.zombie}).
   */
  pids$(): Observable<readonly TaskPid[]> {
    const { namespace, target } = this.core.conn;
    return this.core.conn
      .call$(Tasks.listPids, { containerId: this.containerId })
      .pipe(map(({ processes }) => withZombieStates(processes.map(toPidInfo), { containerId: this.containerId, namespace, target })));
  }

  /** The Promise twin of {@link Task.pids$}: the pids of every process in the task. */
  pids(options?: AbortOptions): Promise<readonly TaskPid[]> {
    return toPromise(this.pids$(), options, CALL + 'ListPids');
  }

  /**
   * The task's cgroup metrics as the daemon packs them (`typeUrl` `io.containerd.cgroups.v1.Metrics` or
   * `...v2.Metrics`, and the bytes): for statistics of a type this library does not decode. NotFoundError when
   * the daemon has none for the task (deleted, or its cgroup unreadable).
   */
  rawMetrics$(): Observable<Metric> {
    return rawMetrics$(this.core.conn, this.containerId);
  }

  /** The Promise twin of {@link Task.rawMetrics$}: the task's cgroup metrics, packed. */
  rawMetrics(options?: AbortOptions): Promise<Metric> {
    return toPromise(this.rawMetrics$(), options, CALL + 'Metrics');
  }

  /**
   * The task's resource use, decoded: memory, CPU, pids and block IO, the same figures on cgroup v1 and v2
   * hosts, with the full statistics of the host's version under `stats` (switch on `cgroup`). Without options
   * it reads once. With `{ intervalMs }` it reads at once and then every `intervalMs` until the task exits
   * (then it completes) or the subscriber leaves (which cancels the read in flight), each sample after the
   * first with `cpuPercent` as `docker stats` shows it.
   *
   * Errors: NotFoundError for a task that is gone or whose cgroup is gone (during polling, only if no exit
   * follows); MetricsDecodeError naming the type for statistics that are neither cgroup v1 nor v2 (see
   * {@link Task.rawMetrics$}); InvalidArgumentError for an `intervalMs` that is not a positive number.
   *
   * @example
   * ```ts
   * task.metrics$({ intervalMs: 1_000 }).subscribe(m =>
   *   console.log(`${m.cpuPercent?.toFixed(1) ?? '-'}% ${m.memory.workingSetBytes} bytes`));
   * ```
   */
  metrics$(options?: MetricsOptions): Observable<TaskMetrics> {
    return taskMetrics$(this.core.conn, this.containerId, () => this.wait$(), options);
  }

  /**
   * The Promise twin of {@link Task.metrics$} without an interval: the task's resource use now, decoded.
   *
   * @example
   * ```ts
   * const m = await task.metrics();
   * console.log(m.cgroup, m.memory.usageBytes, m.memory.limitBytes, m.pids.current);
   * ```
   */
  metrics(options?: AbortOptions): Promise<TaskMetrics> {
    return toPromise(this.metrics$(), options, CALL + 'Metrics');
  }

  /**
   * Updates a running task's cgroup limits, with the options a container takes (`memory`, `cpus`, `cpuShares`,
   * `cpusetCpus`, `pidsLimit`, `blkioWeight`; as `docker update`), or raw OCI LinuxResources as `resources`, and
   * its annotations alongside. Every value is checked as for a new container: an InvalidArgumentError before any
   * call. A limit the kernel refuses (a memory limit below what the task uses) is an InvalidArgumentError from the
   * daemon. Annotations alone are refused: the runc shim reads only resources (it drops annotations) and fails on
   * an update without them, closing its connection.
   *
   * @example
   * ```ts
   * await task.update({ memory: 64 << 20, cpus: 0.5 });
   * ```
   */
  update$(update: TaskUpdate): Observable<void> {
    return defer(() => {
      const call = '/containerd.services.tasks.v1.Tasks/Update';
      if (typeof update !== 'object' || update === null) throw invalidArgument(call, `update must be an object, got ${String(update)}`);
      const typed = hasCgroupOptions(update);
      if (typed && update.resources !== undefined) throw invalidArgument(call, 'give either resources (raw LinuxResources) or the typed options (memory, cpus...), not both');
      const fixed = ['rlimits', 'ulimits', 'oomScoreAdj', 'sysctls'].filter((k) => (update as Record<string, unknown>)[k] !== undefined);
      if (fixed.length > 0) throw invalidArgument(call, `${fixed.join(', ')} cannot change on a running task; only memory, cpus, cpuShares, cpusetCpus, pidsLimit, blkioWeight`);
      const raw = typed ? linuxResources(update, call) : update.resources;
      if (raw === undefined) {
        throw invalidArgument(call, 'an update needs resources (memory, cpus... or resources): the runc shim applies only resources and fails on an update of annotations alone');
      }
      let resources;
      try {
        resources = packJson('types.containerd.io/opencontainers/runtime-spec/1/LinuxResources', raw);
      } catch (error) {
        throw new InvalidArgumentError({ code: 3, daemonMessage: `resources cannot be written as JSON: ${(error as Error).message}`, call, cause: error });
      }
      return this.core.conn.call$(Tasks.update, {
        containerId: this.containerId,
        resources,
        ...(update.annotations ? { annotations: update.annotations } : {}),
      });
    }).pipe(map(() => undefined));
  }

  /** The Promise twin of {@link Task.update$}: updates the task's cgroup limits (and annotations alongside). */
  update(update: TaskUpdate, options?: AbortOptions): Promise<void> {
    return toPromise(this.update$(update), options, CALL + 'Update');
  }
}

function toPidInfo(p: ProcessInfo): { pid: number; execId?: string } {
  // The runc shim packs the exec id in a ProcessDetails message (field 1, a string) when the pid is an exec's.
  const value = p.info?.value;
  if (value && value.length > 2 && value[0] === 0x0a) {
    const len = value[1] ?? 0;
    return { pid: p.pid, execId: Buffer.from(value.subarray(2, 2 + len)).toString('utf8') };
  }
  return { pid: p.pid };
}
