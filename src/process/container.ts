/**
 * A container: metadata and a spec in the daemon, from which tasks are made.
 * @module
 */
import { catchError, concatMap, defer, EMPTY, map, mergeMap, Observable, of, throwError, toArray } from 'rxjs';
import { failedPrecondition, NotFoundError, NotStartedError } from '../client/errors.js';
import { toPromise, type AbortOptions } from '../client/to-promise.js';
import type { Container as ContainerMessage } from '../proto/messages.js';
import { Containers, Tasks } from '../proto/services.js';
import { toDate } from '../proto/timestamp.js';
import { checkDeleteOptions, type ContainerDeleteOptions } from './container-delete.js';
import { removeEtcFiles } from './etc-files.js';
import { ETC_FILES_LABEL } from './spec-options/etc-hosts.js';
import { containerInfo, specOf, type ContainerInfo } from './container-info.js';
import { setLabels$, UPDATE_CALL, updateContainer$, type ContainerUpdateOptions } from './container-update.js';
import type { ClientCore } from './core.js';
import { openIO$, type StdioOptions } from './io-setup.js';
import type { OciSpec } from './oci-spec.js';
import type { Signal } from '../proto/vocabulary.js';
import { keepSnapshot$, removeSnapshot$, type SnapshotRef } from './snapshot-cleanup.js';
import { stopSignalOf } from './stop-signal.js';
import { Task } from './task.js';
import { isLoggerPath, loggedIO$ } from './logs/logged-io.js';
import { logLocation, type LogLocation } from './logs/log-options.js';
import type { LogLine } from './logs/log-line.js';
import { readLogs$, type LogsOptions } from './logs/read-logs.js';
import { ROOTFS_LABEL, taskRootfs$ } from './task-rootfs.js';

export { ROOTFS_LABEL } from './task-rootfs.js';
export type { ContainerDeleteOptions } from './container-delete.js';

/** Options of a new task. */
export interface TaskOptions extends StdioOptions {}

/**
 * A container of this client's namespace.
 *
 * @example
 * ```ts
 * const container = await client.newContainer('hello', { rootfs, args: ['/bin/echo', 'hello'] });
 * const task = await container.newTask({ stdio: 'inherit' });
 * ```
 */
export class Container {
  /** @internal Made by the client, not by users. */
  constructor(
    private readonly core: ClientCore,
    private record: ContainerMessage,
  ) {}

  /** The container's id. */
  get id(): string {
    return this.record.id;
  }

  /** The container's labels: as the daemon last told this object (at its load, its creation or its last update or info). */
  get labels(): Readonly<Record<string, string>> {
    return this.record.labels;
  }

  /** The rootfs directory tasks of this container run in; undefined for a container of a snapshot. */
  get rootfs(): string | undefined {
    return this.record.labels[ROOTFS_LABEL];
  }

  /** The image the container was made from (its name), as the record says; undefined for a rootfs folder's. */
  get image(): string | undefined {
    return this.record.image === '' ? undefined : this.record.image;
  }

  /** The container's snapshot (`snapshotter` and `key`), when its root filesystem is one. */
  get snapshot(): SnapshotRef | undefined {
    return this.record.snapshotKey === '' ? undefined : { snapshotter: this.record.snapshotter, key: this.record.snapshotKey };
  }

  /**
   * The signal a graceful stop of its tasks sends when none is given: the `io.containerd.image.config.stop-signal`
   * label (the image's `StopSignal`, as containerd records it); undefined (SIGTERM) when it has none.
   */
  get stopSignal(): Signal | undefined {
    return stopSignalOf(this.record.labels);
  }

  /** When the daemon created the container; undefined when it did not say. */
  get createdAt(): Date | undefined {
    return toDate(this.record.createdAt);
  }

  /** Where its tasks' output is logged (its `log` option, as its labels record it); undefined when it does not log. */
  get log(): LogLocation | undefined {
    return logLocation(this.record.labels);
  }

  /** The container's OCI spec, as stored in the daemon. */
  spec(): OciSpec | undefined {
    return specOf(this.record);
  }

  /**
   * Sets (a string) or removes (`''` or null) the labels and OCI annotations named; the others stay (a
   * Containers.Update with `labels.<key>` paths, as `ctr containers label` sends; annotations rewrite the stored
   * spec, which a running task does not see: it is for the next task). Emits this container, its `labels` and
   * `spec()` now the stored ones. InvalidArgumentError before any call for a bad key or value (empty key, key and
   * value over 4096 bytes).
   */
  update$(update: ContainerUpdateOptions): Observable<Container> {
    return updateContainer$(this.core.conn, this.id, update).pipe(map((record) => this.refresh(record)));
  }

  /** The Promise twin of {@link Container.update$}; `signal` and `timeoutMs` go with `labels` and `annotations`. */
  update(update: ContainerUpdateOptions & AbortOptions): Promise<Container> {
    const { signal, timeoutMs, ...rest } = update ?? {};
    return toPromise(this.update$(update == null ? update : rest), { signal, timeoutMs }, UPDATE_CALL);
  }

  /**
   * Replaces all the container's labels with `labels` (mask path `labels`), except the ones this library reads
   * back (its rootfs folder, the image's stop signal, its generated /etc files' folder), which stay unless named. Emits this container, updated.
   */
  setLabels$(labels: Readonly<Record<string, string>>): Observable<Container> {
    return setLabels$(this.core.conn, this.record, labels).pipe(map((record) => this.refresh(record)));
  }

  /** The Promise twin of {@link Container.setLabels$}. */
  setLabels(labels: Readonly<Record<string, string>>, options?: AbortOptions): Promise<Container> {
    return toPromise(this.setLabels$(labels), options, UPDATE_CALL);
  }

  /** The container's whole record, read from the daemon now (as `ctr containers info ID`); refreshes this object. */
  info$(): Observable<ContainerInfo> {
    return this.core.conn.call$(Containers.get, { id: this.id }).pipe(map(({ container }) => containerInfo(this.refresh(container!).record)));
  }

  /** The Promise twin of {@link Container.info$}. */
  info(options?: AbortOptions): Promise<ContainerInfo> {
    return toPromise(this.info$(), options, '/containerd.services.containers.v1.Containers/Get');
  }

  private refresh(record: ContainerMessage): this {
    this.record = record;
    return this;
  }

  /**
   * Creates the container's task (its init process, created, not started). Stdio default `['ignore', 'pipe', 'pipe']`.
   * Its stdout and stderr readers are open before the daemon is asked, as the daemon requires. The root
   * filesystem is the container's snapshot when its record has one (whoever made it: us, `ctr run`, nerdctl,
   * the Go client), else its rootfs folder. InvalidArgumentError when it has neither.
   */
  newTask$(options: TaskOptions = {}): Observable<Task> {
    return defer(() => {
      const call = '/containerd.services.tasks.v1.Tasks/Create';
      const spec = this.spec();
      const terminal = spec?.process?.terminal ?? false;
      const log = this.log;
      // a logging container's output goes to the shim's logger; checked (folder, logger) before the daemon is asked
      const io$ = log
        ? loggedIO$(this.core, this.id, log, { ...options, terminal }, call)
        : openIO$(this.core, this.id, { ...options, terminal }, call).pipe(map((io) => ({ io, paths: io.paths })));
      return taskRootfs$(this.core.conn, this.record, spec?.root?.path, call).pipe(
        mergeMap((rootfs) =>
          io$.pipe(
            mergeMap(({ io, paths }) =>
              this.core.conn.call$(Tasks.create, { containerId: this.id, rootfs: rootfs.mounts, ...paths }).pipe(
                map(({ pid }) => new Task(this.core, this.id, pid, io, spec?.process, rootfs.folder ?? rootfs.mounts, this.stopSignal, log, true)),
                catchError((e: unknown) => {
                  void io.dispose().catch(() => undefined);
                  return throwError(() => e);
                }),
              ),
            ),
          ),
        ),
      );
    });
  }

  /**
   * The Promise twin of {@link Container.newTask$}: creates the container's task (its init process, created, not
   * started; call `start()`). Stdio default 'pipe'; `signal` and `timeoutMs` go with the other options.
   */
  newTask(options: TaskOptions & AbortOptions = {}): Promise<Task> {
    const { signal, timeoutMs, ...task } = options;
    return toPromise(this.newTask$(task), { signal, timeoutMs }, '/containerd.services.tasks.v1.Tasks/Create');
  }

  /** The container's existing task, re-attached to its FIFOs when they are there. NotFoundError when none. */
  task$(options: StdioOptions = {}): Observable<Task> {
    const call = '/containerd.services.tasks.v1.Tasks/Get';
    return this.core.conn.call$(Tasks.get, { containerId: this.id }).pipe(
      mergeMap(({ process }) => {
        if (!process) return throwError(() => new NotFoundError({ code: 5, daemonMessage: `no task for container ${this.id}`, call }));
        const spec = this.spec();
        // the snapshot's mounts, for an exec's user names; a folder that is gone only loses those
        const rootfs$ = taskRootfs$(this.core.conn, this.record, spec?.root?.path, call).pipe(catchError(() => of(undefined)));
        return rootfs$.pipe(
          mergeMap((rootfs) =>
            // a logging task has no FIFOs to re-attach to: its output is in the log
            (isLoggerPath(process.stdout) ? openIO$(this.core, this.id, { stdio: 'ignore' }, call) : openIO$(this.core, this.id, { ...options, attach: process }, call)).pipe(
              map((io) => new Task(this.core, this.id, process.pid, io, spec?.process, rootfs?.folder ?? rootfs?.mounts, this.stopSignal, this.log)),
            ),
          ),
        );
      }),
    );
  }

  /**
   * The Promise twin of {@link Container.task$}: the container's existing task, re-attached to its FIFOs;
   * NotFoundError when there is none.
   */
  task(options: StdioOptions & AbortOptions = {}): Promise<Task> {
    const { signal, timeoutMs, ...stdio } = options;
    return toPromise(this.task$(stdio), { signal, timeoutMs }, '/containerd.services.tasks.v1.Tasks/Get');
  }

  /**
   * The lines its tasks wrote, from its log files (its `log` option), oldest first; see {@link LogsOptions}
   * (`follow`, `since`, `tail`, `stream`). The log outlives the tasks: it reads the same after they are deleted.
   * Following ends once the container's task exited (at once when it has none) and the log is drained.
   * FailedPreconditionError when the container does not log.
   */
  logs$(options: LogsOptions = {}): Observable<LogLine> {
    return defer(() => {
      const log = this.log;
      if (!log) throw failedPrecondition('logs', `container ${this.id} keeps no log: create it with the log option`);
      const ended$ = this.task$({ stdio: 'ignore', stdin: false }).pipe(
        mergeMap((task) => task.wait$()),
        catchError(() => of(undefined)),
      );
      return readLogs$(log, options, ended$);
    });
  }

  /** The Promise twin of {@link Container.logs$}: the lines, once read (with `follow`, once the task ended). */
  logs(options: LogsOptions & AbortOptions = {}): Promise<LogLine[]> {
    const { signal, timeoutMs, ...rest } = options;
    return toPromise(this.logs$(rest).pipe(toArray()), { signal, timeoutMs }, 'logs');
  }

  /**
   * Deletes the container. Refused with FailedPreconditionError while it has a task: the daemon itself
   * would delete it and orphan the task's shim. Delete the task first (`task.delete({ kill: true })`).
   * A container of a snapshot (made from an image, by us or another client) loses its snapshot first, as
   * containerd's `WithSnapshotCleanup` (and `ctr containers rm`) removes it, then its record; one already gone
   * is no error. `keepSnapshot: true` keeps the snapshot instead, labelled `containerd.io/gc.root` so the garbage
   * collector leaves it (remove it by its key, the container's id, when done). The folder of its generated
   * /etc/hosts and /etc/hostname (`etcHosts`, named in its `rx-containerd/etc-files` label) goes after the record.
   */
  delete$(options: ContainerDeleteOptions = {}): Observable<void> {
    const call = '/containerd.services.containers.v1.Containers/Delete';
    return defer(() => {
      checkDeleteOptions(options, call);
      return this.core.conn.call$(Tasks.get, { containerId: this.id });
    }).pipe(
      map(() => {
        throw failedPrecondition(call, `container ${this.id} still has a task: delete the task first`);
      }),
      catchError((e: unknown) => (e instanceof NotFoundError ? of(undefined) : throwError(() => e))),
      mergeMap(() => {
        const snapshot = this.snapshot;
        if (snapshot === undefined) return of(undefined);
        return options.keepSnapshot ? keepSnapshot$(this.core.conn, snapshot) : removeSnapshot$(this.core.conn, snapshot);
      }),
      mergeMap(() => this.core.conn.call$(Containers.delete, { id: this.id })),
      // the generated /etc/hosts and /etc/hostname (`etcHosts`), wherever the label says they are
      map(() => removeEtcFiles(this.record.labels[ETC_FILES_LABEL])),
    );
  }

  /**
   * The Promise twin of {@link Container.delete$}: deletes the container, and its snapshot unless `keepSnapshot`;
   * FailedPreconditionError while it has a task (delete the task first).
   */
  delete(options: ContainerDeleteOptions & AbortOptions = {}): Promise<void> {
    const { signal, timeoutMs, ...rest } = options ?? {};
    return toPromise(this.delete$(rest), { signal, timeoutMs }, '/containerd.services.containers.v1.Containers/Delete');
  }

  /**
   * `await using` support: the container goes at the end of the scope. Its task, if it still has one, is killed
   * (SIGKILL to every process), waited for and deleted with its FIFOs; then the container is deleted. A
   * container or task found gone already is no error. Declare the task after the container (`await using task`)
   * and it is disposed of first, by its own object.
   *
   * @example
   * ```ts
   * await using container = await client.newContainer('job', { rootfs, args: ['/bin/sleep', '60'] });
   * const task = await container.newTask({ stdio: 'ignore' });
   * await task.start();
   * // leaving the scope kills and deletes the task, then deletes the container
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    const gone = (e: unknown): Observable<never> => (e instanceof NotFoundError || e instanceof NotStartedError ? EMPTY : throwError(() => e));
    const task$ = this.task$({ stdio: 'ignore', stdin: false }).pipe(
      concatMap((task) => task.delete$({ kill: true })),
      catchError(gone),
    );
    await toPromise(task$, undefined, 'dispose');
    await toPromise(this.delete$().pipe(catchError(gone)), undefined, 'dispose');
  }
}
