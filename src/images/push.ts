/**
 * Pushing an image of the content store to a registry, as containerd's Go client does (`remotes.PushContent`):
 * the blobs first (config and layers, a few at a time; each one the registry lacks is mounted from the
 * repository its distribution source label names when that is another one of the same registry, else
 * uploaded), then the manifests by digest, then the image's target (its index, or its manifest) under the tag.
 * Of an index, the manifests the content store has are pushed (a pull for one platform has only that one).
 * @module
 */
import { numberOption } from '../client/validate.js';
import { asyncScheduler, catchError, concat, concatMap, defer, EMPTY, finalize, from, ignoreElements, map, merge, mergeMap, Observable, of, Subject, throttleTime, throwError, toArray } from 'rxjs';
import { NotFoundError } from '../client/errors.js';
import type { ImageClient } from './image-client.js';
import { isIndex } from './media-types.js';
import type { Descriptor } from './oci-types.js';
import { parseIndex, parseManifest } from './parse-blob.js';
import type { PushBlobProgress, PushProgress } from './push-progress.js';
import { readBlobBytes$ } from './read-blob.js';
import { parseReference, type ImageReference } from './reference.js';
import { RegistryClient, type RegistryOptions } from './registry/registry-client.js';
import { checkRegistryOptions } from './registry/registry-options.js';

const CALL = 'push';

/** Options of `push$`: how to reach the registry, and how many blobs go at once. */
export interface PushOptions extends RegistryOptions {
  /** How many blobs are pushed at once. Default 3. */
  readonly concurrency?: number;
}

/** The documents of an image (children before parents, the target last) and the blobs they name, each once. */
interface ImageContent {
  readonly documents: readonly { readonly descriptor: Descriptor; readonly bytes: Uint8Array }[];
  readonly blobs: readonly Descriptor[];
}

/**
 * Pushes the image whose target is `target` (in `images`' content store) to `reference`, emitting progress:
 * `pushing`, each blob (`waiting`, `uploading` with bytes sent, then `done`, `exists` or `mounted`), and `done`
 * with the target. Cold; unsubscribing aborts the requests.
 *
 * Fails with InvalidArgumentError for a malformed reference, TypeError for an option of the wrong type, RangeError for a number out of range (before any request);
 * NotFoundError when the content store lacks the target or a blob a pushed manifest names; RegistryAuthError
 * naming the registry without push access; RegistryUnavailableError naming the host; RegistryRequestError when
 * the registry refuses a blob or manifest.
 */
export function push$(images: ImageClient, reference: string, target: Descriptor, options: PushOptions = {}): Observable<PushProgress> {
  return defer(() => {
    const ref = parseReference(reference, CALL);
    checkRegistryOptions(options, CALL);
    const { concurrency = 3, ...registryOptions } = options;
    numberOption(concurrency, 'concurrency', CALL, { min: 1, integer: true });
    const registry = new RegistryClient(registryOptions, CALL);
    const repo = { domain: ref.domain, path: ref.path };
    return content$(images, target).pipe(concatMap(({ documents, blobs }) => concat(
      of<PushProgress>({ type: 'phase', phase: 'pushing' }),
      from(blobs.map((d) => blobProgress(d, 'waiting', 0))),
      from(blobs).pipe(mergeMap((d) => pushBlob$(images, registry, ref, d), concurrency)),
      from(documents).pipe(
        concatMap(({ descriptor, bytes }) => registry.pushManifest$(repo, bytes, descriptor.mediaType, descriptor.digest === target.digest ? ref.tag : undefined)),
        ignoreElements(),
      ),
      of<PushProgress>({ type: 'phase', phase: 'done', target }),
    )));
  });
}

function blobProgress(d: Descriptor, phase: PushBlobProgress['phase'], bytes: number): PushBlobProgress {
  return { type: 'blob', digest: d.digest, mediaType: d.mediaType, phase, bytes, total: d.size };
}

/** One blob: mounted from the repository its source label names, or uploaded from the content store, with the bytes sent. */
function pushBlob$(images: ImageClient, registry: RegistryClient, ref: ImageReference, d: Descriptor): Observable<PushBlobProgress> {
  return images.content.info$(d.digest).pipe(concatMap((info) => {
    const sources = info.labels[`containerd.io/distribution.source.${ref.domain}`]?.split(',') ?? [];
    const mountFrom = sources.find((s) => s !== '' && s !== ref.path);
    const sent = new Subject<number>();
    let bytes = 0;
    const read = (): AsyncIterable<Uint8Array> => counted(images.content.readStream(d.digest), (n) => sent.next((bytes += n)));
    const result$ = registry.pushBlob$({ domain: ref.domain, path: ref.path }, d, read, mountFrom === undefined ? {} : { mountFrom }).pipe(
      map((how) => blobProgress(d, how === 'pushed' ? 'done' : how, d.size)),
      finalize(() => sent.complete()),
    );
    const uploading$ = sent.pipe(throttleTime(100, asyncScheduler, { leading: true, trailing: false }), map((n) => blobProgress(d, 'uploading', n)));
    return merge(uploading$, result$);
  }));
}

async function* counted(source: AsyncIterable<Uint8Array>, onBytes: (n: number) => void): AsyncGenerator<Uint8Array, void, undefined> {
  for await (const chunk of source) {
    onBytes(chunk.byteLength);
    yield chunk;
  }
}

/** The image's documents and blobs, read from the content store; an index's manifests the store lacks are left out. */
function content$(images: ImageClient, target: Descriptor): Observable<ImageContent> {
  const documents: { descriptor: Descriptor; bytes: Uint8Array }[] = [];
  const blobs = new Map<string, Descriptor>();
  const visit$ = (d: Descriptor, required: boolean): Observable<never> => readBlobBytes$(images.port, d.digest).pipe(
    catchError((error: unknown) => (!required && error instanceof NotFoundError ? EMPTY : throwError(() => error))),
    concatMap((bytes) => {
      if (isIndex(d.mediaType)) {
        const index = parseIndex(bytes, d.digest, d.mediaType);
        return concat(from(index.manifests).pipe(concatMap((m) => visit$(m, false))), defer(() => (documents.push({ descriptor: d, bytes }), EMPTY)));
      }
      const manifest = parseManifest(bytes, d.digest, d.mediaType);
      for (const b of [manifest.config, ...manifest.layers]) blobs.set(b.digest, b);
      documents.push({ descriptor: d, bytes });
      return EMPTY;
    }),
  );
  return visit$(target, true).pipe(toArray(), map(() => ({ documents, blobs: [...blobs.values()] })));
}
