/**
 * The image side of a client, on one port: the content store, leases, snapshots and image records (and, built
 * the same way, whatever else works with images). Each feature is a class of its own on the port; this class only composes them, so
 * that `withLease$` can hand an operation the same object bound to a leased port.
 * @module
 */
import type { Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { ContentStore } from './content-store.js';
import { defaultSnapshotter$ } from './default-snapshotter.js';
import type { Image } from './image.js';
import { createImage$, getImage$, images$, updateImage$, type ImageField, type ImageRecordInput } from './image-records.js';
import { Snapshotter } from './snapshots.js';
import { LeaseManager, type Lease } from './leases.js';
import { importImage$, type ImportOptions, type ImportSource } from './import-image.js';
import type { ImportProgress } from './import-progress.js';
import { withLease$, type WithLeaseOptions } from './with-lease.js';

/**
 * Content, leases, snapshots and images of one namespace, through one port (a Connection, or a leased port).
 *
 * @example
 * ```ts
 * client.withLease$((images) => images.content.write$(bytes, { digest, size })).subscribe();
 * ```
 */
export class ImageClient {
  /** The content store (blobs by digest). */
  readonly content: ContentStore;
  /** The namespace's leases. */
  readonly leases: LeaseManager;

  /** @internal The calls: a Connection, or a leased port. */
  readonly port: CallPort;

  /** @internal Made by the client (`client.withLease$`), on its connection or a leased port. */
  constructor(port: CallPort) {
    this.port = port;
    this.content = new ContentStore(port);
    this.leases = new LeaseManager(port);
  }

  /** The snapshots of the snapshotter `name` (`overlayfs`, `native`, ...). */
  snapshots(name: string): Snapshotter {
    return new Snapshotter(this.port, name);
  }

  /** The snapshotter used when none is named: overlayfs, or native where overlayfs did not load. */
  defaultSnapshotter$(): Observable<string> {
    return defaultSnapshotter$(this.port);
  }

  /** The images of the namespace, or those matching one of `filters` (containerd's syntax: `name==…`, `labels."k"==v`). */
  images$(filters: readonly string[] = []): Observable<Image[]> {
    return images$(this.port, filters);
  }

  /** The image `name`; NotFoundError naming it when there is none. */
  getImage$(name: string): Observable<Image> {
    return getImage$(this.port, name);
  }

  /** Creates an image record; AlreadyExistsError when the name is taken. */
  createImage$(input: ImageRecordInput): Observable<Image> {
    return createImage$(this.port, input);
  }

  /** Replaces the `fields` (default target and labels) of the record `input.name`. */
  updateImage$(input: ImageRecordInput, fields?: readonly ImageField[]): Observable<Image> {
    return updateImage$(this.port, input, fields);
  }

  /**
   * Imports an image archive (an OCI image layout tar, or a `docker save` tar): every blob into the content
   * store, an image record per name, each unpacked for this platform; emits the progress and last
   * `{ phase: 'done', images }`. See {@link importImage$} for the errors.
   */
  importImage$(archive: ImportSource, options?: ImportOptions): Observable<ImportProgress> {
    return importImage$(this.port, archive, options);
  }

  /**
   * Runs `fn` under a new lease: `fn` gets an ImageClient whose every call carries the lease, and the lease
   * is deleted once `fn`'s Observable completes, fails or is unsubscribed (see {@link withLease$}; default
   * expiry 24 h, deletion without waiting for the garbage collector unless `sync`).
   */
  withLease$<T>(fn: (images: ImageClient, lease: Lease) => Observable<T>, options?: WithLeaseOptions): Observable<T> {
    return withLease$(this.port, (leased, lease) => fn(new ImageClient(leased), lease), options);
  }
}
