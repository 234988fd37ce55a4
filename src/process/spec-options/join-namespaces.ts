/**
 * The daemon lookup behind `network: { container }` (and pid, ipc): another container's running task's pid
 * becomes the `/proc/PID/ns/TYPE` path to join, as `ctr run --with-ns` takes it. Runs before anything is
 * created, so that `containerSpec` stays pure.
 * @module
 */
import { catchError, defer, forkJoin, map, Observable, of } from 'rxjs';
import type { CallPort } from '../../client/call-port.js';
import { invalidArgument, NotFoundError } from '../../client/errors.js';
import { validateId } from '../../client/validate.js';
import { Tasks } from '../../proto/services.js';
import { namespaceKinds, type JoinContainer, type NamespacesOptions, type NamespaceSource } from './namespaces.js';

/**
 * `options` with every `{ container }` namespace source replaced by `{ path: '/proc/PID/ns/TYPE' }`, the pid
 * being that of the named container's task (Tasks.Get). Fails with InvalidArgumentError naming the option and
 * the container when it has no running task. Emits `options` itself when there is nothing to resolve.
 */
export function resolveNamespaces$<T extends NamespacesOptions>(port: CallPort, options: T, call: string): Observable<T> {
  return defer(() => {
    const options$ = (['network', 'pid', 'ipc'] as const).map((option) => {
      const source = options[option];
      if (!isContainerSource(source)) return of([option, source] as const);
      const id = typeof source.container === 'string' ? source.container : (source.container as { id?: unknown } | null)?.id;
      validateId(id, `${option}: container id`, call);
      return taskPid$(port, id as string, option, call).pipe(map((pid) => [option, { path: `/proc/${pid}/ns/${namespaceKinds[option]}` }] as const));
    });
    return forkJoin(options$).pipe(
      map((entries) => {
        const resolved = { ...options } as Record<string, unknown>;
        for (const [option, source] of entries) if (source !== undefined) resolved[option] = source;
        return resolved as T;
      }),
    );
  });
}

function isContainerSource(source: NamespaceSource | undefined): source is JoinContainer {
  return typeof source === 'object' && source !== null && 'container' in source;
}

/** The pid of container `id`'s running task; InvalidArgumentError when it has none, or it is not running. */
function taskPid$(port: CallPort, id: string, option: string, call: string): Observable<number> {
  return port.call$(Tasks.get, { containerId: id, execId: '' }).pipe(
    catchError((error: unknown) => {
      if (error instanceof NotFoundError) throw invalidArgument(call, `${option}: container ${JSON.stringify(id)} has no task to join the namespace of`);
      throw error;
    }),
    map(({ process }) => {
      if (!process || process.status.toLowerCase() !== 'running' || process.pid <= 0) {
        throw invalidArgument(call, `${option}: container ${JSON.stringify(id)}'s task is ${process?.status.toLowerCase() ?? 'gone'}, not running: nothing to join`);
      }
      return process.pid;
    }),
  );
}
