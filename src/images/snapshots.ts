/**
 * One snapshotter of the daemon (overlayfs, native, ...) as an object: the calls of containerd's Snapshots
 * service, each naming that snapshotter. A snapshot is a filesystem known by a key: `prepare` makes a writable
 * (active) one on a committed parent, `commit` turns an active one into a committed one under a name that others
 * can be prepared on, `view` makes a read-only one. The mounts a call answers are what mounting the snapshot
 * takes (overlay options, or a bind mount for native).
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { catchError, EMPTY, ignoreElements, map, mergeMap, throwError, toArray, type MonoTypeOperatorFunction, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { ContainerdError, NotFoundError } from '../client/errors.js';
import { toPromise, type AbortOptions } from '../client/to-promise.js';
import type { Labels, Mount } from '../proto/messages.js';
import { Snapshots } from '../proto/services.js';
import { toSnapshotInfo, type SnapshotInfo, type SnapshotUsage } from './snapshot-info.js';

/** Options of {@link Snapshotter.prepare$} and {@link Snapshotter.view$}. */
export interface PrepareOptions {
  /** The committed snapshot to make it on (a chain id for an image's layers); none for an empty filesystem. */
  readonly parent?: string;
  /** Labels of the new snapshot, e.g. `containerd.io/gc.root` to keep it from the garbage collector. */
  readonly labels?: Labels;
}

/** Options of {@link Snapshotter.commit$}. */
export interface CommitOptions {
  /** Labels of the committed snapshot. */
  readonly labels?: Labels;
}

/**
 * The snapshots of one snapshotter, in the namespace of the port. Every `$` call is cold: one RPC per
 * subscription, canceled by unsubscribing. Errors are the daemon's, typed: NotFoundError (its message names the
 * key) for a key that does not exist or a parent that is not committed, AlreadyExistsError for a key or name
 * taken, FailedPreconditionError for a commit of a view or a remove of a snapshot that has children.
 *
 * @example
 * ```ts
 * const sn = client.snapshots('overlayfs');
 * const mounts = await sn.prepare('work', { parent: image.chainId });
 * // ... mount and write ...
 * await sn.commit('my-layer', 'work');
 * ```
 */
export class Snapshotter {
  /**
   * @internal Made by the client (`client.snapshots(name)`), on its connection or a leased port (snapshots made
   * through a leased port belong to the lease). `name` is the snapshotter's plugin id: `overlayfs`, `native`, ...
   */
  constructor(private readonly port: CallPort, readonly name: string) {}

  /** Makes the active (writable) snapshot `key` on `options.parent`; emits the mounts that show it. */
  prepare$(key: string, options: PrepareOptions = {}): Observable<readonly Mount[]> {
    return this.port.call$(Snapshots.prepare, { snapshotter: this.name, key, ...pick(options) }).pipe(map((r) => r.mounts));
  }

  /** Makes the read-only snapshot `key` of `options.parent`; emits its mounts. */
  view$(key: string, options: PrepareOptions = {}): Observable<readonly Mount[]> {
    return this.port.call$(Snapshots.view, { snapshotter: this.name, key, ...pick(options) }).pipe(map((r) => r.mounts));
  }

  /** The mounts of the active or view snapshot `key` (what a task's rootfs is). */
  mounts$(key: string): Observable<readonly Mount[]> {
    return this.port.call$(Snapshots.mounts, { snapshotter: this.name, key }).pipe(map((r) => r.mounts), namingKey(key));
  }

  /** Commits the active snapshot `key` as `name` (the key is gone after); completes without a value. */
  commit$(name: string, key: string, options: CommitOptions = {}): Observable<never> {
    return this.port.call$(Snapshots.commit, { snapshotter: this.name, name, key, ...(options.labels ? { labels: options.labels } : {}) })
      .pipe(ignoreElements(), namingKey(key));
  }

  /** Removes the snapshot `key` (any kind; a committed one only once nothing is made on it). */
  remove$(key: string): Observable<never> {
    return this.port.call$(Snapshots.remove, { snapshotter: this.name, key }).pipe(ignoreElements(), namingKey(key));
  }

  /** What the snapshotter knows of `key`: kind, parent, labels, times. */
  stat$(key: string): Observable<SnapshotInfo> {
    return this.port.call$(Snapshots.stat, { snapshotter: this.name, key }).pipe(map((r) => info(r.info)), namingKey(key));
  }

  /**
   * Sets the labels given on the snapshot `key`, leaving its other labels as they are (one field mask path
   * `labels.<name>` per label); a label given the value `''` is removed. Emits the snapshot's info after.
   */
  update$(key: string, labels: Labels): Observable<SnapshotInfo> {
    const paths = Object.keys(labels).map((k) => `labels.${k}`);
    return this.port.call$(Snapshots.update, { snapshotter: this.name, info: { name: key, labels }, updateMask: { paths } })
      .pipe(map((r) => info(r.info)), namingKey(key));
  }

  /**
   * Every snapshot of the snapshotter, one by one (the daemon streams them in batches), or those that match one
   * of `filters` (containerd's filter syntax: `kind==committed`, `parent==sha256:…`, `labels."k"==v`).
   */
  list$(filters: readonly string[] = []): Observable<SnapshotInfo> {
    return this.port.stream$(Snapshots.list, { snapshotter: this.name, filters }).pipe(mergeMap((r) => r.info.map(toSnapshotInfo)));
  }

  /** The disk use of `key`: bytes and inodes. */
  usage$(key: string): Observable<SnapshotUsage> {
    return this.port.call$(Snapshots.usage, { snapshotter: this.name, key }).pipe(map((r) => ({ size: r.size, inodes: r.inodes })), namingKey(key));
  }

  /**
   * Asks the snapshotter to free the disk of snapshots already removed (containerd's `Cleanup`). A snapshotter
   * that does not implement it (the daemon answers UNIMPLEMENTED, as containerd 1.6's do) has nothing to free:
   * the call completes.
   */
  cleanup$(): Observable<never> {
    return this.port.call$(Snapshots.cleanup, { snapshotter: this.name }).pipe(
      ignoreElements(),
      catchError((error: unknown) => (error instanceof ContainerdError && error.grpcCode === GrpcStatus.UNIMPLEMENTED ? EMPTY : throwError(() => error))),
    );
  }

  /** {@link prepare$} as a Promise. */
  prepare(key: string, options: PrepareOptions & AbortOptions = {}): Promise<readonly Mount[]> {
    return toPromise(this.prepare$(key, options), options, 'Snapshots.Prepare');
  }

  /** {@link view$} as a Promise. */
  view(key: string, options: PrepareOptions & AbortOptions = {}): Promise<readonly Mount[]> {
    return toPromise(this.view$(key, options), options, 'Snapshots.View');
  }

  /** {@link mounts$} as a Promise. */
  mounts(key: string, options?: AbortOptions): Promise<readonly Mount[]> {
    return toPromise(this.mounts$(key), options, 'Snapshots.Mounts');
  }

  /** {@link commit$} as a Promise. */
  async commit(name: string, key: string, options: CommitOptions & AbortOptions = {}): Promise<void> {
    await toPromise(this.commit$(name, key, options), options, 'Snapshots.Commit');
  }

  /** {@link remove$} as a Promise. */
  async remove(key: string, options?: AbortOptions): Promise<void> {
    await toPromise(this.remove$(key), options, 'Snapshots.Remove');
  }

  /** {@link stat$} as a Promise. */
  stat(key: string, options?: AbortOptions): Promise<SnapshotInfo> {
    return toPromise(this.stat$(key), options, 'Snapshots.Stat');
  }

  /** {@link update$} as a Promise. */
  update(key: string, labels: Labels, options?: AbortOptions): Promise<SnapshotInfo> {
    return toPromise(this.update$(key, labels), options, 'Snapshots.Update');
  }

  /** {@link list$} gathered in an array. */
  list(filters: readonly string[] = [], options?: AbortOptions): Promise<SnapshotInfo[]> {
    return toPromise(this.list$(filters).pipe(toArray()), options, 'Snapshots.List');
  }

  /** {@link usage$} as a Promise. */
  usage(key: string, options?: AbortOptions): Promise<SnapshotUsage> {
    return toPromise(this.usage$(key), options, 'Snapshots.Usage');
  }
}

function info(m: Parameters<typeof toSnapshotInfo>[0] | null): SnapshotInfo {
  if (m === null) throw new Error('rx-containerd: the daemon answered a snapshot call without the snapshot\'s info');
  return toSnapshotInfo(m);
}

/** A NotFoundError whose message lacks the key (Commit's does) made to name it. */
function namingKey<T>(key: string): MonoTypeOperatorFunction<T> {
  return catchError((error: unknown) => {
    if (!(error instanceof NotFoundError) || error.message.includes(key)) return throwError(() => error);
    const { grpcCode: code, daemonMessage, call } = error;
    return throwError(() => new NotFoundError({ code, daemonMessage: `snapshot ${JSON.stringify(key)}: ${daemonMessage}`, call, cause: error }));
  });
}

function pick(options: PrepareOptions): PrepareOptions {
  return { ...(options.parent !== undefined ? { parent: options.parent } : {}), ...(options.labels ? { labels: options.labels } : {}) };
}
