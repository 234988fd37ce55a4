/**
 * Where a container's task gets its root filesystem, from what the container record says (never from a label
 * alone): its snapshot, a rootfs folder of ours, or the folder its spec names.
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { defer, map, Observable, of } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { invalidArgument } from '../client/errors.js';
import type { Container as ContainerMessage, MountInput } from '../proto/messages.js';
import { Snapshotter } from '../images/snapshots.js';

/** The label that remembers the rootfs folder of a container made by `newContainer(id, { rootfs })`. */
export const ROOTFS_LABEL = 'rx-containerd/rootfs';

/** The root filesystem of a task about to be created. */
export interface TaskRootfs {
  /** The mounts Tasks.Create gets (`rootfs`): the snapshot's, a bind of our folder, or none (the spec's folder). */
  readonly mounts: readonly MountInput[];
  /** The host folder that is the root filesystem, when there is one (not for a snapshot). */
  readonly folder?: string;
}

/**
 * The root filesystem of a new task of the container `info`, decided in this order:
 * 1. a snapshot key on the record (a container made from an image, by us, `ctr run`, nerdctl or the Go client):
 *    the mounts Snapshots.Mounts gives for it, as containerd's own client does;
 * 2. an absolute `specRoot` (the spec's `root.path`, as our folder containers and `ctr run --rootfs DIR` write
 *    it): no mounts, runc uses the folder;
 * 3. our rootfs folder label (a container of ours made when root.path was relative): a recursive read-write bind
 *    of that folder.
 *
 * Fails with InvalidArgumentError naming the container when none applies or the folder is gone (a task would
 * leave a bundle behind), and with the daemon's NotFoundError when the snapshot is gone.
 */
export function taskRootfs$(port: CallPort, info: ContainerMessage, specRoot: string | undefined, call: string): Observable<TaskRootfs> {
  return defer(() => {
    if (info.snapshotKey !== '') {
      return new Snapshotter(port, info.snapshotter).mounts$(info.snapshotKey).pipe(map((mounts) => ({ mounts })));
    }
    if (specRoot !== undefined && isAbsolute(specRoot)) {
      checkFolder(specRoot, info.id, call);
      return of({ mounts: [], folder: specRoot });
    }
    const label = info.labels[ROOTFS_LABEL];
    if (label !== undefined) {
      checkFolder(label, info.id, call);
      return of({ mounts: [{ type: 'bind', source: label, options: ['rbind', 'rw'] }], folder: label });
    }
    throw invalidArgument(call, `container ${info.id} has neither a snapshot key nor a rootfs folder: a task would have no root filesystem`);
  });
}

function checkFolder(folder: string, id: string, call: string): void {
  if (!existsSync(folder) || !statSync(folder).isDirectory()) {
    throw invalidArgument(call, `container ${id} has no rootfs directory (${folder}): a task would leave a bundle behind`);
  }
}
