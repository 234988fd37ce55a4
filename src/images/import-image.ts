/**
 * Importing an image archive as containerd's import (`ctr images import`) does: an OCI image layout tar, or a
 * `docker save` tar (plain or gzip-compressed). Under one lease: every blob into the content store as the archive
 * streams by, the GC labels that make each index and manifest keep what it refers to, the unpack of each named
 * image for this platform, then one image record per name, after which the lease goes.
 * @module
 */
import { createReadStream, statSync } from 'node:fs';
import { catchError, concat, concatMap, defer, from, ignoreElements, map, mergeMap, of, toArray, throwError, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { AlreadyExistsError } from '../client/error-classes.js';
import { numberOption } from '../client/validate.js';
import { ImageArchiveError } from '../client/image-error-classes.js';
import type { Labels } from '../proto/messages.js';
import { planDockerSave } from './docker-save-plan.js';
import { updateLabels$ } from './content-info.js';
import { writeContent$ } from './content-write.js';
import { defaultSnapshotter$ } from './default-snapshotter.js';
import { indexGcLabels, manifestGcLabels } from './gc-labels.js';
import { createImage$, updateImage$, type ImageRecordInput } from './image-records.js';
import type { Image, PlatformSpec } from './image.js';
import { readArchive$, type ArchiveRead } from './import-read.js';
import type { ImportImageProgress, ImportProgress, ImportUnpackProgress } from './import-progress.js';
import { isIndex, isManifest } from './media-types.js';
import { blobEntryName, planOciLayout, requireBlob } from './oci-layout-plan.js';
import type { Descriptor } from './oci-types.js';
import { parseImageConfig, parseIndex, parseManifest } from './parse-blob.js';
import { parsePlatform, type Platform } from './platform.js';
import { normalizeReference } from './reference.js';
import { readBlobBytes$ } from './read-blob.js';
import { namingImage, selectManifest$ } from './select-manifest.js';
import { unpack$ } from './unpack.js';
import { withLease$ } from './with-lease.js';

/**
 * An archive: a file's path, its bytes, a stream or async iterable of its bytes (read once), or a function opening
 * it.
 */
export type ImportSource = string | Uint8Array | AsyncIterable<Uint8Array> | (() => AsyncIterable<Uint8Array>);

/** Options of {@link importImage$}. */
export interface ImportOptions {
  /**
   * The name of the archive's one image, instead of the names it carries (a repository alone, `app`, takes the
   * archive's tag or `latest`). An InvalidArgumentError for an archive of several images.
   */
  readonly name?: string;
  /** Unpack each named image into the snapshotter (default true), as `ctr images import` does. */
  readonly unpack?: boolean;
  /** The snapshotter to unpack into. Default overlayfs, or native where overlayfs is not loaded. */
  readonly snapshotter?: string;
  /** The platform to unpack (`linux/arm64`, or a Platform). Default this machine's. */
  readonly platform?: PlatformSpec;
  /** Labels of the image records. */
  readonly labels?: Labels;
  /** How long the import's lease lives if it is never deleted (our process killed mid-import), in ms. Default 24 h. */
  readonly leaseExpireMs?: number;
  /**
   * The id of the import's lease (default: a random one): a caller that must stop an import and know it is gone
   * before it exits (a command line on Ctrl-C) can then delete the lease itself.
   */
  readonly leaseId?: string;
}

/**
 * Imports the image archive `source` into the namespace of `port` and emits {@link ImportProgress}: each blob's
 * progress, each layer unpacked, each image record, and last `{ phase: 'done', images }`. Every blob of the archive
 * is imported (all platforms of an index); the unpack is of this machine's platform (or `options.platform`).
 *
 * Everything is written under a lease, and nothing is named until the content is complete and unpacked: a
 * failure leaves no image record, and its lease is deleted with the collector run (`sync`), so nothing the archive
 * brought stays. Unsubscribing stops the import; its lease is deleted in the background (or expires, after
 * `leaseExpireMs`, if our process dies).
 *
 * @throws ImageArchiveError naming the archive's file (when `source` is a path): `unreadable`, `empty` (0 bytes, or
 * no file in the tar), `corrupt-gzip`, `not-a-tar`, `truncated` (naming the entry cut short), `no-index` (neither
 * index.json nor manifest.json), `missing-blob` (naming it), `malformed`.
 * @throws DigestMismatchError naming the blob whose bytes do not match its digest (nothing of it committed).
 * @throws ImageFormatError for an index, manifest or config that is not what its media type says.
 * @throws PlatformNotFoundError naming the image and listing the platforms it has, when it has none for the unpack's platform
 * (pass `unpack: false` to import it anyway).
 * @throws InvalidArgumentError for a `name` that is no reference, or given for an archive of several images.
 */
export function importImage$(port: CallPort, source: ImportSource, options: ImportOptions = {}): Observable<ImportProgress> {
  return defer(() => {
    checkImportOptions(options);
    const open = opener(source);
    const platform = options.platform === undefined ? undefined : typeof options.platform === 'string' ? parsePlatform(options.platform) : options.platform;
    const read: ArchiveRead = { metadata: new Map(), files: new Map(), links: new Map() };
    // an archive given as a path is named by every ImageArchiveError of its reading
    const naming = catchError<ImportProgress, Observable<never>>((error: unknown) => throwError(() => (error instanceof ImageArchiveError && typeof source === 'string' ? error.naming(source) : error)));
    return withLease$(port, (leased) => concat(
      readArchive$(leased, open, read),
      defer(() => name$(leased, read, options)).pipe(concatMap((images) => concat(
        options.unpack === false ? of() : unpackAll$(port, leased, read, images, options.snapshotter, platform),
        record$(port, images, options.labels),
      ))),
    ), {
      ...(options.leaseExpireMs === undefined ? {} : { expireMs: options.leaseExpireMs }),
      ...(options.leaseId === undefined ? {} : { id: options.leaseId }),
      syncOnError: true,
    }).pipe(naming);
  });
}

/** The images the archive names, its index and manifests labelled for the collector (docker manifests written first). */
function name$(leased: CallPort, read: ArchiveRead, options: ImportOptions): Observable<ImageRecordInput[]> {
  const present = (digest: string): boolean => read.files.has(blobEntryName(digest));
  const indexJson = read.metadata.get('index.json');
  const manifestJson = read.metadata.get('manifest.json');
  if (indexJson === undefined && manifestJson !== undefined) {
    const saved = planDockerSave({ manifestJson, files: read.files, links: read.links }, options);
    const write$ = from(saved).pipe(
      concatMap((s) => writeContent$(leased, s.manifestBytes, { digest: s.target.digest, size: s.target.size, labels: manifestGcLabels(s.manifest) })),
      ignoreElements(),
    );
    return concat(write$, of(saved.flatMap((s) => s.names.map((name) => ({ name, target: s.target })))));
  }
  const plan = planOciLayout({ indexJson, ociLayout: read.metadata.get('oci-layout') }, { ...options, present });
  const label$ = from([...plan.images.map((i) => i.target), ...plan.unnamed]).pipe(
    concatMap((target) => labelTree$(leased, read, target, present)),
  );
  return concat(label$.pipe(ignoreElements()), of(plan.images.map((i) => ({ name: i.name, target: i.target }))));
}

/** Labels an index or manifest and, below an index, each child, after checking the archive holds what they name. */
function labelTree$(leased: CallPort, read: ArchiveRead, d: Descriptor, present: (digest: string) => boolean): Observable<unknown> {
  if (!isIndex(d.mediaType) && !isManifest(d.mediaType)) return of();
  return bytesOf$(leased, read, d).pipe(concatMap((bytes) => {
    if (isIndex(d.mediaType)) {
      const index = parseIndex(bytes, d.digest, d.mediaType);
      for (const child of index.manifests) requireBlob(child, present, d.digest);
      return concat(
        updateLabels$(leased, d.digest, indexGcLabels(index)),
        from(index.manifests).pipe(concatMap((child) => labelTree$(leased, read, child, present))),
      );
    }
    const manifest = parseManifest(bytes, d.digest, d.mediaType);
    for (const child of [manifest.config, ...manifest.layers]) requireBlob(child, present, d.digest);
    return updateLabels$(leased, d.digest, manifestGcLabels(manifest));
  }));
}

/** A small blob's bytes: kept from the archive, else read back from the content store. */
function bytesOf$(leased: CallPort, read: ArchiveRead, d: Descriptor): Observable<Uint8Array> {
  const kept = read.files.get(blobEntryName(d.digest))?.bytes;
  return kept !== undefined ? of(kept) : readBlobBytes$(leased, d.digest);
}

/** Unpacks each distinct target of `images` for the platform, one after the other. */
function unpackAll$(port: CallPort, leased: CallPort, read: ArchiveRead, images: readonly ImageRecordInput[], snapshotter: string | undefined, platform: Platform | undefined): Observable<ImportUnpackProgress> {
  const targets = [...new Map(images.map((i) => [i.target.digest, i])).values()];
  const readBlob = (d: Descriptor): Observable<Uint8Array> => bytesOf$(leased, read, d);
  return (snapshotter === undefined ? defaultSnapshotter$(port) : of(snapshotter)).pipe(
    concatMap((sn) => from(targets).pipe(concatMap((image) => selectManifest$(image.target, readBlob, platform).pipe(
      namingImage(image.name),
      concatMap(({ manifest }) => readBlob(manifest.config).pipe(
        map((bytes) => parseImageConfig(bytes, manifest.config.digest, manifest.config.mediaType)),
        concatMap((config) => unpack$(leased, manifest, config, { snapshotter: sn })),
      )),
      map((p): ImportUnpackProgress => ({ ...p, image: image.name })),
    )))),
  );
}

/** One record per name, created or (when the name is taken) pointed at the new target; then the images. */
function record$(port: CallPort, images: readonly ImageRecordInput[], labels: Labels | undefined): Observable<ImportProgress> {
  const made$ = from(images).pipe(
    concatMap((image) => {
      const input: ImageRecordInput = labels === undefined ? image : { ...image, labels };
      return createImage$(port, input).pipe(
        catchError((error: unknown) => (error instanceof AlreadyExistsError
          ? updateImage$(port, input, labels === undefined ? ['target'] : ['target', 'labels'])
          : throwError(() => error))),
      );
    }),
    toArray(),
  );
  return made$.pipe(mergeMap((made: Image[]) => concat(
    from(made).pipe(map((i): ImportImageProgress => ({ phase: 'image', name: i.name, target: i.target }))),
    of<ImportProgress>({ phase: 'done', images: made }),
  )));
}

/** Checks the options' types before anything is read: TypeError naming the option; a bad `name` is an InvalidArgumentError. */
function checkImportOptions(options: ImportOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`importImage's options must be an object; got ${typeName(options)}`);
  const strings = ['name', 'snapshotter', 'leaseId'] as const;
  for (const key of strings) {
    if (options[key] !== undefined && (typeof options[key] !== 'string' || options[key] === '')) {
      throw new TypeError(`importImage's option ${key} must be a non-empty string; got ${typeName(options[key])}`);
    }
  }
  if (options.unpack !== undefined && typeof options.unpack !== 'boolean') throw new TypeError(`importImage's option unpack must be a boolean; got ${typeName(options.unpack)}`);
  if (options.platform !== undefined && typeof options.platform !== 'string' && (typeof options.platform !== 'object' || options.platform === null)) {
    throw new TypeError(`importImage's option platform must be 'os/arch[/variant]' or a Platform; got ${typeName(options.platform)}`);
  }
  if (options.leaseExpireMs !== undefined) numberOption(options.leaseExpireMs, 'leaseExpireMs', 'importImage', { min: 0, unit: 'ms' });
  if (options.name !== undefined) normalizeReference(options.name, 'importImage'); // checked before any byte is read
}

/** A value's type for a message: never the value itself, which may be a whole archive. */
function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? `an object (${value.constructor?.name ?? 'Object'})` : typeof value;
}

/** Checks that `path` is a file that can be read: an ImageArchiveError naming it otherwise, with Node's error as the cause. */
function checkFile(path: string): void {
  let problem: string | undefined;
  let cause: unknown;
  try {
    if (statSync(path).isDirectory()) problem = 'is a directory, not an archive file';
  } catch (error) {
    cause = error;
    problem = (error as { code?: unknown }).code === 'ENOENT' ? 'no such file' : `cannot be read (${(error as Error).message})`;
  }
  if (problem !== undefined) throw new ImageArchiveError({ problem: 'unreadable', archive: path, detail: `the file ${problem}`, cause });
}

function opener(source: ImportSource): () => AsyncIterable<Uint8Array> {
  if (typeof source === 'string') {
    checkFile(source);
    return () => createReadStream(source);
  }
  if (typeof source === 'function') return source;
  if (source instanceof Uint8Array) {
    return () => (async function* bytes() {
      for (let at = 0; at < source.byteLength; at += 1 << 20) yield source.subarray(at, at + (1 << 20));
    })();
  }
  if (source === null || typeof source !== 'object' || !(Symbol.asyncIterator in source)) {
    throw new TypeError(`importImage's archive must be a file path, bytes, a Readable or an AsyncIterable of bytes; got ${typeName(source)}`);
  }
  let opened = false;
  return () => {
    if (opened) throw new TypeError('importImage: a stream archive can be read once only');
    opened = true;
    return source;
  };
}
