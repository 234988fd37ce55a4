/**
 * The image side of the {@link Client}: the members it takes from an {@link ImageClient} on its connection
 * (content store, leases, operations under a lease, snapshots, images), kept out of client.ts, which holds the containers.
 * @module
 */
import { filter, last, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import type { ContentStore } from '../images/content-store.js';
import { ImageClient } from '../images/image-client.js';
import type { Lease, LeaseManager } from '../images/leases.js';
import type { WithLeaseOptions } from '../images/with-lease.js';
import type { Image } from '../images/image.js';
import type { ImportOptions, ImportSource } from '../images/import-image.js';
import type { ImportDone, ImportProgress } from '../images/import-progress.js';
import type { Snapshotter } from '../images/snapshots.js';
import { toPromise, type AbortOptions } from '../client/to-promise.js';

/** What a client offers for images: the base of {@link Client}. */
export class ClientImages {
  /** The content store of the client's namespace: blobs by digest, written and read as streams. */
  readonly content: ContentStore;
  /** The leases of the client's namespace. */
  readonly leases: LeaseManager;
  /** The image side on the client's connection, which the members above delegate to. */
  protected readonly imageClient: ImageClient;

  /** @internal Made by the Client, on its connection. */
  constructor(port: CallPort) {
    this.imageClient = new ImageClient(port);
    this.content = this.imageClient.content;
    this.leases = this.imageClient.leases;
  }

  /**
   * The snapshots of the snapshotter `name` (`overlayfs`, `native`, ...): prepare, view, mounts, commit,
   * remove, stat, update, list, usage. {@link defaultSnapshotter$} tells which one images unpack into by default.
   */
  snapshots(name: string): Snapshotter {
    return this.imageClient.snapshots(name);
  }

  /** The snapshotter used when none is named: overlayfs, or native where the daemon could not load overlayfs. */
  defaultSnapshotter$(): Observable<string> {
    return this.imageClient.defaultSnapshotter$();
  }

  /**
   * The images of the namespace as one array, or those matching one of `filters` (containerd's filter syntax,
   * as `ctr images ls` takes it: `name==docker.io/library/busybox:latest`, `name~=busybox`, `labels."k"==v`).
   */
  images$(filters: readonly string[] = []): Observable<Image[]> {
    return this.imageClient.images$(filters);
  }

  /** {@link images$} as a Promise. */
  images(filters: readonly string[] = [], options?: AbortOptions): Promise<Image[]> {
    return toPromise(this.images$(filters), options, 'Images.List');
  }

  /** The image `name` (a full reference); NotFoundError naming it when there is none. */
  getImage$(name: string): Observable<Image> {
    return this.imageClient.getImage$(name);
  }

  /** {@link getImage$} as a Promise. */
  getImage(name: string, options?: AbortOptions): Promise<Image> {
    return toPromise(this.getImage$(name), options, 'Images.Get');
  }

  /**
   * Imports an image archive, as `ctr images import` does: an OCI image layout tar or a `docker save` tar (plain
   * or gzip), given as a file path, a Readable or an AsyncIterable of bytes. Every blob goes into the content
   * store as the archive streams by (memory stays flat), each index and manifest gets the GC labels that keep
   * what it refers to, each named image is unpacked for this platform (`unpack: false` skips it), and an image
   * record is created per name (an existing name is pointed at the new target). Emits progress: `blob` (bytes per
   * blob), `unpacking` (per layer), `image` (per record), and last `{ phase: 'done', images }`.
   *
   * It all runs under one lease: a failure leaves no image record and no blob (the lease is deleted with the
   * collector run); an import abandoned (unsubscribed, or our process killed) leaves nothing the collector cannot
   * take once the lease is gone or expired (`leaseExpireMs`, default 24 h).
   *
   * @throws ImageArchiveError (`not-a-tar`, `truncated`, `no-index`, `missing-blob`, `malformed`) naming the
   * entry; DigestMismatchError naming the blob; ImageFormatError; PlatformNotFoundError listing the platforms an
   * image has when it has none to unpack here; InvalidArgumentError for a bad `name`.
   *
   * @example
   * ```ts
   * client.importImage$('app.tar').subscribe((p) => p.phase === 'done' && console.log(p.images.map((i) => i.name)));
   * ```
   */
  importImage$(archive: ImportSource, options?: ImportOptions): Observable<ImportProgress> {
    return this.imageClient.importImage$(archive, options);
  }

  /** {@link importImage$} as a Promise of its last value, `{ phase: 'done', images }`. */
  importImage(archive: ImportSource, options?: ImportOptions & AbortOptions): Promise<ImportDone> {
    const done$ = this.importImage$(archive, options).pipe(
      filter((p): p is ImportDone => p.phase === 'done'),
      last(),
    );
    return toPromise(done$, options, 'importImage');
  }

  /**
   * Runs `fn` under a new lease, as containerd's Go client runs a pull or an import: `fn` gets an
   * {@link ImageClient} whose every call carries the lease (so the garbage collector keeps what it writes),
   * and the lease is deleted once `fn`'s Observable completes, fails or is unsubscribed. `expireMs` (default
   * 24 h) bounds the lease's life should this process die first; `sync: true` waits for the garbage collector
   * when deleting it.
   *
   * @example
   * ```ts
   * client.withLease$((images) => images.content.write$(bytes, { digest, size, labels })).subscribe();
   * ```
   */
  withLease$<T>(fn: (images: ImageClient, lease: Lease) => Observable<T>, options?: WithLeaseOptions): Observable<T> {
    return this.imageClient.withLease$(fn, options);
  }
}
