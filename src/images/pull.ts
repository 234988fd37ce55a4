/**
 * Pulling an image from a registry into the daemon, as containerd's Go client does (`client.Pull` with
 * unpack): resolve the reference, choose the manifest for the platform (an index walked), fetch the config and
 * the layers into the content store (a few at a time, each checked against its digest, labelled with its
 * source), then the manifest and the index with the GC labels that keep their children, create or update the
 * image record, and unpack. Everything runs under the pull's lease (pull-lease.ts), so nothing is collected
 * before the record holds it, and a pull that failed resumes.
 * @module
 */
import { ReadOnlyError } from '../client/read-only.js';
import { catchError, concat, concatMap, defer, EMPTY, from, ignoreElements, map, mergeMap, of, tap, throwError, type Observable } from 'rxjs';
import { AlreadyExistsError } from '../client/errors.js';
import { childGcLabels, manifestGcLabels } from './gc-labels.js';
import type { Image } from './image.js';
import { ImageClient } from './image-client.js';
import { isIndex, isManifest } from './media-types.js';
import type { Descriptor, Manifest } from './oci-types.js';
import { parseIndex } from './parse-blob.js';
import { underPullLease$ } from './pull-lease.js';
import { checkPullOptions, type CheckedPull, type PullOptions } from './pull-options.js';
import { blobProgress, waiting, type PullProgress } from './pull-progress.js';
import { parseReference, type ImageReference } from './reference.js';
import { RegistryClient } from './registry/registry-client.js';
import { namingImage, selectManifest$ } from './select-manifest.js';

const CALL = 'pull';

/** The label containerd puts on pulled content: `containerd.io/distribution.source.<host>` = the repository. */
export function distributionSourceLabel(ref: ImageReference): Record<string, string> {
  return { [`containerd.io/distribution.source.${ref.domain}`]: ref.path };
}

/**
 * Pulls `reference` into the content store of `images`' namespace and emits its progress: `resolving`, then
 * `fetching` with each blob's progress, `unpacking` (unless `options.unpack` is false), and `done` with the
 * image. Cold; unsubscribing cancels the requests and the content writes (what was committed stays under the
 * pull's lease, for a later pull to resume from).
 *
 * Fails with InvalidArgumentError for a malformed reference (before any request), TypeError for a bad option;
 * RegistryNotFoundError naming the reference; RegistryAuthError naming the registry; RegistryUnavailableError
 * naming the host; PlatformNotFoundError naming the reference and listing the platforms an index has; DigestMismatchError naming a blob
 * whose bytes are not what its digest says (nothing of it committed, no image record made).
 */
export function pull$(images: ImageClient, reference: string, options: PullOptions = {}): Observable<PullProgress> {
  return defer(() => {
    // refused before the registry is asked anything: a pull exists to write
    if (images.port.readOnly) throw new ReadOnlyError('pull');
    const ref = parseReference(reference, CALL);
    const checked = checkPullOptions(options, CALL);
    const registry = new RegistryClient(registryOptions(options), CALL);
    const pulled$ = registry.resolve$(reference).pipe(
      concatMap((target) => underPullLease$(images.port, ref.canonical, (leased) => fetch$(new ImageClient(leased), registry, ref, target, checked))),
    );
    const done$ = defer(() => images.getImage$(ref.canonical)).pipe(map((image): PullProgress => ({ type: 'phase', phase: 'done', image })));
    return concat(of<PullProgress>({ type: 'phase', phase: 'resolving' }), pulled$, done$);
  });
}

/** The registry's part of the pull options. */
function registryOptions(options: PullOptions): PullOptions {
  const { platform: _p, concurrency: _c, unpack: _u, snapshotter: _s, labels: _l, ...registry } = options;
  return registry;
}

/** Under the lease: the manifest chosen, the blobs fetched, the documents written, the record made, the unpack. */
function fetch$(leased: ImageClient, registry: RegistryClient, ref: ImageReference, target: Descriptor, options: CheckedPull): Observable<PullProgress> {
  const repo = { domain: ref.domain, path: ref.path };
  const source = distributionSourceLabel(ref);
  // the indexes and manifests read while choosing, kept to be written once their children are in
  const documents = new Map<string, Document>();
  const read = (d: Descriptor): Observable<Uint8Array> => {
    const held = documents.get(d.digest);
    if (held !== undefined) return of(held.bytes);
    if (!isIndex(d.mediaType) && !isManifest(d.mediaType)) return registry.fetchBlob$(repo, d.digest, { size: d.size });
    return registry.fetchManifest$(repo, d).pipe(tap((bytes) => documents.set(d.digest, { descriptor: d, bytes })));
  };
  return selectManifest$(target, read, options.platform).pipe(
    namingImage(ref.canonical),
    concatMap(({ descriptor, manifest }) => {
      const blobs = [manifest.config, ...manifest.layers];
      const blobs$ = concat(
        from(blobs.map(waiting)),
        // from the offset the daemon has of an unfinished write (a Range request); the writer checks the digest
        from(blobs).pipe(mergeMap((d) => leased.content.write$((offset) => registry.blob(repo, d.digest, { offset, size: d.size, verify: false }), {
          digest: d.digest, size: d.size, labels: source, mediaType: d.mediaType,
        }).pipe(map((w) => blobProgress(d, w))), options.concurrency)),
      );
      const documents$ = defer(() => writeDocuments$(leased, documents, descriptor, manifest, source));
      const record$ = defer(() => saveRecord$(leased, { name: ref.canonical, target, ...(options.labels ? { labels: options.labels } : {}) }));
      const unpack$ = (image: Image): Observable<PullProgress> => (options.unpack
        ? concat(of<PullProgress>({ type: 'phase', phase: 'unpacking' }), image.unpack$({ platform: options.platform, ...(options.snapshotter ? { snapshotter: options.snapshotter } : {}) }).pipe(ignoreElements()))
        : EMPTY);
      return concat(of<PullProgress>({ type: 'phase', phase: 'fetching' }), blobs$, documents$, record$.pipe(concatMap(unpack$)));
    }),
  );
}

/** An index or manifest read while choosing the manifest. */
interface Document {
  readonly descriptor: Descriptor;
  readonly bytes: Uint8Array;
}

/**
 * The chosen manifest, then each index on the way to it (children before parents), each with the GC labels of
 * the children pulled (containerd labels the children it kept after filtering by platform).
 */
function writeDocuments$(leased: ImageClient, documents: ReadonlyMap<string, Document>, chosen: Descriptor, manifest: Manifest, source: Record<string, string>): Observable<never> {
  const write$ = (d: Descriptor, bytes: Uint8Array, labels: Record<string, string>): Observable<never> =>
    leased.content.write$(bytes, { digest: d.digest, size: bytes.byteLength, labels: { ...labels, ...source }, mediaType: d.mediaType }).pipe(ignoreElements());
  // in the order they were read: the target first, nested indexes after it
  const indexes = [...documents.values()].filter((d) => isIndex(d.descriptor.mediaType)).map((d) => ({ ...d, index: parseIndex(d.bytes, d.descriptor.digest, d.descriptor.mediaType) }));
  const kept = new Set([chosen.digest, ...indexes.map((i) => i.descriptor.digest)]);
  return concat(
    write$(chosen, documents.get(chosen.digest)!.bytes, manifestGcLabels(manifest)),
    // deepest first: an index holding the chosen manifest before the index holding it
    from(indexes.reverse()).pipe(concatMap((i) => write$(i.descriptor, i.bytes, childGcLabels(i.index.manifests.filter((m) => kept.has(m.digest)))))),
  );
}

/** Creates the image record, or points an existing one at the new target (as a pull of a moved tag does). */
function saveRecord$(leased: ImageClient, input: { name: string; target: Descriptor; labels?: Readonly<Record<string, string>> }): Observable<Image> {
  return leased.createImage$(input).pipe(
    catchError((error: unknown) => (error instanceof AlreadyExistsError ? leased.updateImage$(input, input.labels ? ['target', 'labels'] : ['target']) : throwError(() => error))),
  );
}
