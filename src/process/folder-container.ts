/**
 * A container whose root filesystem is a folder of the host (e.g. from busyboxRootfs()): the spec from plain
 * options, the folder remembered in a label of ours.
 * @module
 */
import { defer, map, mergeMap, Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { invalidArgument } from '../client/errors.js';
import { validateAbsolutePath, validateId } from '../client/validate.js';
import type { Container as ContainerMessage } from '../proto/messages.js';
import { packSpec } from '../proto/oci-json.js';
import { Containers } from '../proto/services.js';
import { containerSpec, type OciSpec, type SpecOptions } from './oci-spec.js';
import { resolveNamespaces$ } from './spec-options/join-namespaces.js';
import type { LogOptions } from './logs/log-options.js';
import { ROOTFS_LABEL } from './task-rootfs.js';

/** Options of a new container on a rootfs folder. */
export interface ContainerOptions extends SpecOptions {
  /** The root filesystem directory (e.g. from busyboxRootfs()). */
  readonly rootfs: string;
  /**
   * Labels of the container (containerd's `labels`), e.g. `{ app: 'web' }`: what `containers('labels."app"==web')`
   * filters on.
   */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Log the output of its tasks to files on this host, written by a logger the shim runs beside the process
   * (Docker's `--log-driver` with `--log-opt max-size`/`max-file`): `true` for the defaults, or `{ dir, maxBytes,
   * keep }` (see {@link LogOptions}). Recorded in the container's labels; read with `task.logs$()`.
   */
  readonly log?: LogOptions | true;
}

/**
 * Makes the container `id` on the folder `options.rootfs` and emits its record. The id, args, cwd, env and
 * rootfs are checked first (InvalidArgumentError): an invalid request never reaches the daemon.
 */
export function folderContainer$(port: CallPort, id: string, options: ContainerOptions, call: string): Observable<ContainerMessage> {
  return defer(() => {
    validateId(id, 'container id', call);
    if (options === undefined || options === null) throw invalidArgument(call, 'options with rootfs and args are required');
    const rootfs = validateAbsolutePath(options.rootfs, 'rootfs', call);
    // the folder is the spec's own root.path (absolute, as `ctr run --rootfs` writes it): any client can run the
    // container from its record alone; the label is for our own bookkeeping (and containers made before)
    const edit = options.spec;
    const withRoot = (s: OciSpec): OciSpec => {
      const rooted = { ...s, root: { ...s.root, path: rootfs } };
      return edit?.(rooted) ?? rooted;
    };
    // `network: { container }` and the like: the other container's task pid, asked before anything is created
    return resolveNamespaces$(port, options, call).pipe(
      mergeMap((resolved) => {
        const spec = containerSpec(id, port.namespace, { ...resolved, spec: withRoot }, rootfs);
        return port.call$(Containers.create, {
          container: {
            id,
            labels: { ...options.labels, [ROOTFS_LABEL]: rootfs },
            runtime: { name: 'io.containerd.runc.v2' },
            spec: packSpec(spec),
          },
        });
      }),
    );
  }).pipe(map(({ container }) => container!));
}
