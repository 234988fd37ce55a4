/**
 * An image of the daemon: its record (name, target, labels) and what its content says, read from the content
 * store on demand: the manifest for a platform, the image config, the chain id, the size; unpacking it into a
 * snapshotter; deleting it.
 * @module
 */
import { catchError, defer, ignoreElements, map, mergeMap, of, reduce, throwError, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { NotFoundError } from '../client/errors.js';
import { ImageFormatError } from '../client/image-error-classes.js';
import { toPromise, type AbortOptions } from '../client/to-promise.js';
import type { Labels } from '../proto/messages.js';
import { Images } from '../proto/services.js';
import { chainId } from './chain-id.js';
import { defaultSnapshotter$ } from './default-snapshotter.js';
import type { ImageRecord } from './image-records.js';
import type { Descriptor, ImageConfig, Manifest } from './oci-types.js';
import { parseImageConfig } from './parse-blob.js';
import { hostPlatform, parsePlatform, type Platform } from './platform.js';
import { readBlob$, readBlobBytes$ } from './read-blob.js';
import { namingImage, selectManifest$, type SelectedManifest } from './select-manifest.js';
import { Snapshotter } from './snapshots.js';
import { unpack$, type UnpackProgress } from './unpack.js';

/** A platform as an object, or as `os/architecture[/variant]` text (`linux/arm64/v8`). */
export type PlatformSpec = Platform | string;

/** Options of {@link Image.unpack$} and {@link Image.isUnpacked$}. */
export interface ImageUnpackOptions {
  /** The snapshotter; default overlayfs, or native where overlayfs did not load ({@link defaultSnapshotter$}). */
  readonly snapshotter?: string;
  /** The platform whose manifest is unpacked; default this machine's. */
  readonly platform?: PlatformSpec;
}

/** Options of {@link Image.delete$}. */
export interface ImageDeleteOptions {
  /** Wait for the daemon's garbage collector, so that content nothing else references is gone on return. */
  readonly sync?: boolean;
}

/**
 * An image record with the calls that read its content. Made by `client.images()` and `client.getImage(name)`;
 * the record is as it was when read (get it again for a fresh one). Every `$` call is cold.
 *
 * @example
 * ```ts
 * const image = await client.getImage('docker.io/library/busybox:latest');
 * const config = await image.config();          // { Entrypoint, Cmd, Env, WorkingDir, ... } of this machine's manifest
 * await image.unpack();                         // layers into overlayfs snapshots named by chain id
 * ```
 */
export class Image implements ImageRecord {
  readonly name: string;
  readonly target: Descriptor;
  readonly labels: Labels;
  readonly createdAt?: Date;
  readonly updatedAt?: Date;

  /** @internal Made by the client (`client.images()`, `client.getImage(name)`) from a record it read. */
  constructor(private readonly port: CallPort, record: ImageRecord) {
    this.name = record.name;
    this.target = record.target;
    this.labels = record.labels;
    if (record.createdAt) this.createdAt = record.createdAt;
    if (record.updatedAt) this.updatedAt = record.updatedAt;
  }

  /**
   * The manifest for `platform` (default this machine's): the target itself when it is a manifest of that platform (by its config, as containerd judges it), else the
   * index's entry for the platform, with its descriptor.
   * @throws PlatformNotFoundError (a NotFoundError) naming the image and listing the platforms it has.
   */
  selectedManifest$(platform?: PlatformSpec): Observable<SelectedManifest> {
    return defer(() => {
      const wanted = toPlatform(platform);
      return selectManifest$(this.target, (d) => readBlob$(this.port, d.digest), wanted).pipe(
        namingImage(this.name),
      );
    });
  }

  /** The manifest for `platform` (see {@link selectedManifest$}). */
  manifest$(platform?: PlatformSpec): Observable<Manifest> {
    return this.selectedManifest$(platform).pipe(map((s) => s.manifest));
  }

  /**
   * The OCI image config of the manifest for `platform`: `config` (Entrypoint, Cmd, Env, WorkingDir, User,
   * Labels, StopSignal, ExposedPorts), `rootfs.diff_ids`, `os`, `architecture`, `history`.
   * @throws ImageFormatError when the blob is not an image config.
   */
  config$(platform?: PlatformSpec): Observable<ImageConfig> {
    return this.manifest$(platform).pipe(mergeMap((m) => this.readConfig$(m)));
  }

  /**
   * The chain id of the image's top layer for `platform`: the name of the committed snapshot that holds the
   * whole filesystem once unpacked, what a container's snapshot is prepared on.
   * @throws ImageFormatError for an image without layers.
   */
  chainId$(platform?: PlatformSpec): Observable<string> {
    return this.manifest$(platform).pipe(mergeMap((m) => this.readConfig$(m).pipe(map((c) => topChainId(c, m)))));
  }

  /**
   * The size in bytes of the image's content for `platform`: the index (when the target is one), the manifest,
   * the config and the layers as stored (compressed), as `ctr images ls` counts SIZE (containerd's
   * `images.Size`). Unpacked snapshots are not counted.
   */
  size$(platform?: PlatformSpec): Observable<number> {
    return this.selectedManifest$(platform).pipe(map(({ descriptor, manifest }) => {
      const own = descriptor.digest === this.target.digest ? 0 : this.target.size;
      return [descriptor, manifest.config, ...manifest.layers].reduce((sum, d) => sum + d.size, own);
    }));
  }

  /**
   * Unpacks the manifest for `options.platform` into `options.snapshotter` (see unpack.ts: layers already
   * there are skipped); emits a progress value per layer and completes once the snapshots are referenced by the
   * config blob's GC label.
   */
  unpack$(options: ImageUnpackOptions = {}): Observable<UnpackProgress> {
    return this.snapshotter$(options).pipe(mergeMap((snapshotter) => this.manifest$(options.platform).pipe(
      mergeMap((m) => this.readConfig$(m).pipe(mergeMap((c) => unpack$(this.port, m, c, { snapshotter })))),
    )));
  }

  /** Whether the top chain id for `options.platform` is a snapshot of `options.snapshotter`, as containerd's `IsUnpacked`. */
  isUnpacked$(options: ImageUnpackOptions = {}): Observable<boolean> {
    return this.snapshotter$(options).pipe(mergeMap((snapshotter) => this.chainId$(options.platform).pipe(
      mergeMap((id) => new Snapshotter(this.port, snapshotter).stat$(id).pipe(
        map(() => true),
        catchError((error: unknown) => (error instanceof NotFoundError ? of(false) : throwError(() => error))),
      )),
    )));
  }

  /**
   * Deletes the image record (content and snapshots go with the GC once nothing references them; `sync` waits
   * for it). An image in use by a container may be deleted, as containerd allows: the container keeps its
   * snapshot and keeps running; only a new container from the name fails.
   * @throws NotFoundError when the record is gone already.
   */
  delete$(options: ImageDeleteOptions = {}): Observable<never> {
    return this.port.call$(Images.delete, { name: this.name, sync: options.sync ?? false }).pipe(ignoreElements());
  }

  /** {@link manifest$} as a Promise. */
  manifest(platform?: PlatformSpec, options?: AbortOptions): Promise<Manifest> {
    return toPromise(this.manifest$(platform), options, 'image.manifest');
  }

  /** {@link config$} as a Promise. */
  config(platform?: PlatformSpec, options?: AbortOptions): Promise<ImageConfig> {
    return toPromise(this.config$(platform), options, 'image.config');
  }

  /** {@link chainId$} as a Promise. */
  chainId(platform?: PlatformSpec, options?: AbortOptions): Promise<string> {
    return toPromise(this.chainId$(platform), options, 'image.chainId');
  }

  /** {@link size$} as a Promise. */
  size(platform?: PlatformSpec, options?: AbortOptions): Promise<number> {
    return toPromise(this.size$(platform), options, 'image.size');
  }

  /** {@link unpack$} run to its end; resolves the progress of every layer. */
  unpack(options: ImageUnpackOptions & AbortOptions = {}): Promise<UnpackProgress[]> {
    const all$ = this.unpack$(options).pipe(reduce((acc: UnpackProgress[], p) => [...acc, p], []));
    return toPromise(all$, options, 'image.unpack');
  }

  /** {@link isUnpacked$} as a Promise. */
  isUnpacked(options: ImageUnpackOptions & AbortOptions = {}): Promise<boolean> {
    return toPromise(this.isUnpacked$(options), options, 'image.isUnpacked');
  }

  /** {@link delete$} as a Promise. */
  async delete(options: ImageDeleteOptions & AbortOptions = {}): Promise<void> {
    await toPromise(this.delete$(options), options, 'image.delete');
  }

  private readConfig$(m: Manifest): Observable<ImageConfig> {
    return readBlobBytes$(this.port, m.config.digest).pipe(map((b) => parseImageConfig(b, m.config.digest, m.config.mediaType)));
  }

  private snapshotter$(options: ImageUnpackOptions): Observable<string> {
    return options.snapshotter !== undefined ? of(options.snapshotter) : defaultSnapshotter$(this.port);
  }
}

function toPlatform(platform: PlatformSpec | undefined): Platform {
  if (platform === undefined) return hostPlatform();
  return typeof platform === 'string' ? parsePlatform(platform) : platform;
}

function topChainId(config: ImageConfig, manifest: Manifest): string {
  const id = chainId(config.rootfs.diff_ids);
  if (id === undefined) {
    throw new ImageFormatError({ digest: manifest.config.digest, mediaType: manifest.config.mediaType, problem: 'the image has no layers' }, 'image.chainId');
  }
  return id;
}

