/**
 * What becomes of a container's snapshot when the container is deleted: removed with it (containerd's
 * `WithSnapshotCleanup`, what `ctr containers rm` does), or kept as a garbage collection root.
 * @module
 */
import { catchError, concat, map, Observable, of, throwError } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { NotFoundError } from '../client/errors.js';
import { Snapshotter } from '../images/snapshots.js';

/** containerd's label that makes an object a root of its garbage collector: kept until removed by name. */
export const GC_ROOT_LABEL = 'containerd.io/gc.root';

/** A container's snapshot: its snapshotter and key. */
export interface SnapshotRef {
  /** The snapshotter, e.g. `overlayfs`. */
  readonly snapshotter: string;
  /** The snapshot's key (containerd names a container's snapshot after the container). */
  readonly key: string;
}

/**
 * Removes the snapshot (Snapshots.Remove); one already gone is no error, as containerd's `WithSnapshotCleanup`
 * has it.
 */
export function removeSnapshot$(port: CallPort, snapshot: SnapshotRef): Observable<void> {
  return concat(new Snapshotter(port, snapshot.snapshotter).remove$(snapshot.key), of(undefined)).pipe(
    catchError((e: unknown) => (e instanceof NotFoundError ? of(undefined) : throwError(() => e))),
  );
}

/**
 * Labels the snapshot `containerd.io/gc.root` (with the time, RFC 3339), so the garbage collector keeps it once
 * no container record references it: without the label, containerd collects an unreferenced snapshot right
 * after the container's deletion. NotFoundError when it is gone.
 */
export function keepSnapshot$(port: CallPort, snapshot: SnapshotRef, now: Date = new Date()): Observable<void> {
  return new Snapshotter(port, snapshot.snapshotter).update$(snapshot.key, { [GC_ROOT_LABEL]: now.toISOString() }).pipe(map(() => undefined));
}
