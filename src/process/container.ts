/**
 * A container: metadata and a spec in the daemon, from which tasks are made.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { catchError, defer, firstValueFrom, map, mergeMap, Observable, of, throwError } from 'rxjs';
import { failedPrecondition, invalidArgument, NotFoundError } from '../client/errors.js';
import { unpackJson } from '../proto/oci-json.js';
import type { Container as ContainerMessage } from '../proto/messages.js';
import { Containers, Tasks } from '../proto/services.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { ClientCore } from './core.js';
import { openIO$, type StdioOptions } from './io-setup.js';
import type { OciSpec } from './oci-spec.js';
import { Task } from './task.js';

/** The label that remembers a container's rootfs directory, so a loaded container can make tasks. */
export const ROOTFS_LABEL = 'rx-containerd/rootfs';

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
    private readonly info: ContainerMessage,
  ) {}

  get id(): string {
    return this.info.id;
  }

  get labels(): Readonly<Record<string, string>> {
    return this.info.labels;
  }

  /** The rootfs directory tasks of this container run in. */
  get rootfs(): string | undefined {
    return this.info.labels[ROOTFS_LABEL];
  }

  get createdAt(): Date | undefined {
    const ts = this.info.createdAt;
    return ts ? new Date(ts.seconds * 1000 + Math.floor(ts.nanos / 1e6)) : undefined;
  }

  /** The container's OCI spec, as stored in the daemon. */
  spec(): OciSpec | undefined {
    if (!this.info.spec) return undefined;
    const json = unpackJson(this.info.spec);
    return isLeft(json) ? undefined : (json.right as OciSpec);
  }

  /**
   * Creates the container's task (its init process, created, not started). Stdio default `['ignore', 'pipe', 'pipe']`.
   * Its stdout and stderr readers are open before the daemon is asked, as the daemon requires.
   */
  newTask$(options: TaskOptions = {}): Observable<Task> {
    return defer(() => {
      const call = '/containerd.services.tasks.v1.Tasks/Create';
      const rootfs = this.rootfs;
      if (rootfs === undefined || !existsSync(rootfs) || !statSync(rootfs).isDirectory()) {
        throw invalidArgument(call, `container ${this.id} has no rootfs directory (${String(rootfs)}): a task would leave a bundle behind`);
      }
      const terminal = this.spec()?.process?.terminal ?? false;
      return openIO$(this.core, this.id, { ...options, terminal }, call).pipe(
        mergeMap((io) =>
          this.core.conn
            .call$(Tasks.create, {
              containerId: this.id,
              rootfs: [{ type: 'bind', source: rootfs, options: ['rbind', 'rw'] }],
              ...io.paths,
            })
            .pipe(
              map(({ pid }) => new Task(this.core, this.id, pid, io, this.spec()?.process, rootfs)),
              catchError((e: unknown) => {
                void io.dispose().catch(() => undefined);
                return throwError(() => e);
              }),
            ),
        ),
      );
    });
  }

  newTask(options?: TaskOptions): Promise<Task> {
    return firstValueFrom(this.newTask$(options));
  }

  /** The container's existing task, re-attached to its FIFOs when they are there. NotFoundError when none. */
  task$(options: StdioOptions = {}): Observable<Task> {
    return this.core.conn.call$(Tasks.get, { containerId: this.id }).pipe(
      mergeMap(({ process }) => {
        if (!process) return throwError(() => new NotFoundError({ code: 5, daemonMessage: `no task for container ${this.id}`, call: '/containerd.services.tasks.v1.Tasks/Get' }));
        return openIO$(this.core, this.id, { ...options, attach: process }, '/containerd.services.tasks.v1.Tasks/Get').pipe(map((io) => new Task(this.core, this.id, process.pid, io, this.spec()?.process, this.rootfs)));
      }),
    );
  }

  task(options?: StdioOptions): Promise<Task> {
    return firstValueFrom(this.task$(options));
  }

  /**
   * Deletes the container. Refused with FailedPreconditionError while it has a task: the daemon itself
   * would delete it and orphan the task's shim. Delete the task first (`task.delete({ kill: true })`).
   */
  delete$(): Observable<void> {
    return this.core.conn.call$(Tasks.get, { containerId: this.id }).pipe(
      map(() => {
        throw failedPrecondition('/containerd.services.containers.v1.Containers/Delete', `container ${this.id} still has a task: delete the task first`);
      }),
      catchError((e: unknown) => (e instanceof NotFoundError ? of(undefined) : throwError(() => e))),
      mergeMap(() => this.core.conn.call$(Containers.delete, { id: this.id })),
      map(() => undefined),
    );
  }

  delete(): Promise<void> {
    return firstValueFrom(this.delete$());
  }
}
