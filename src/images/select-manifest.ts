/**
 * Choosing an image's manifest for a platform, as containerd's `images.Manifest` does: an index is walked (a
 * nested index too) for the entries whose platform matches; an entry without a platform is judged by its
 * config's `os` and `architecture`; the first match wins. A manifest is its own answer.
 * @module
 */
import { catchError, concat, defaultIfEmpty, defer, EMPTY, filter, map, mergeMap, Observable, of, take, tap, throwError, toArray, type MonoTypeOperatorFunction } from 'rxjs';
import { ImageFormatError, PlatformNotFoundError } from '../client/image-error-classes.js';
import { isIndex, isManifest } from './media-types.js';
import type { Descriptor, Manifest } from './oci-types.js';
import { parseImageConfig, parseIndex, parseManifest } from './parse-blob.js';
import { formatPlatform, hostPlatform, platformMatches, type Platform } from './platform.js';

/**
 * Makes a PlatformNotFoundError of the source name `image` (its name, or the reference pulled), which
 * {@link selectManifest$} cannot know; other errors pass as they are.
 */
export function namingImage<T>(image: string): MonoTypeOperatorFunction<T> {
  return catchError((error: unknown) => throwError(() => (error instanceof PlatformNotFoundError && error.image === undefined
    ? new PlatformNotFoundError({ platform: error.platform, available: error.available, image }, error.call)
    : error)));
}

/** Reads a whole blob by its descriptor (a content store's Read, or a map in a test). */
export type ReadBlob = (descriptor: Descriptor) => Observable<Uint8Array>;

/** The manifest chosen for a platform, with its descriptor. */
export interface SelectedManifest {
  /** The manifest's descriptor (the index entry, or the image's target itself). */
  readonly descriptor: Descriptor;
  /** The manifest. */
  readonly manifest: Manifest;
}

/** A blob read whole: its chunks concatenated. */
function readAll(read: ReadBlob, d: Descriptor): Observable<Uint8Array> {
  return defer(() => read(d)).pipe(
    toArray(),
    map((chunks) => (chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))),
  );
}

/** A candidate: a manifest that matches, or one whose platform we could not tell, with what it was. */
type Found = { readonly selected: SelectedManifest | undefined; readonly platforms: readonly string[] };

/**
 * The manifest of the image whose target is `target` for `platform` (default: this machine's,
 * {@link hostPlatform}). A manifest target is returned when its platform (in its descriptor, else in its config)
 * matches, as containerd's `images.Manifest` judges it. An index is searched depth
 * first in its order, entries with a matching platform before those without one (whose config is read to tell);
 * only what is needed is read.
 *
 * @param read - reads a blob by its descriptor: the content store, or a map in a test.
 * @throws PlatformNotFoundError (a NotFoundError) listing the platforms the image has, when none matches.
 * @throws ImageFormatError when a blob is not the index, manifest or config its media type says, or the target
 * is neither an index nor a manifest.
 *
 * @example
 * ```ts
 * const { manifest } = await firstValueFrom(selectManifest$(image.target, (d) => content.read$(d)));
 * ```
 */
export function selectManifest$(target: Descriptor, read: ReadBlob, platform: Platform = hostPlatform()): Observable<SelectedManifest> {
  if (isManifest(target.mediaType)) {
    // a single manifest is judged by its platform, else by its config's, as containerd does
    return tryEntry(target, read, platform).pipe(
      map(({ selected, platforms }) => {
        if (selected) return selected;
        throw new PlatformNotFoundError({ platform: formatPlatform(platform), available: platforms });
      }),
    );
  }
  if (!isIndex(target.mediaType)) {
    return defer(() => {
      throw new ImageFormatError({ digest: target.digest, mediaType: target.mediaType, problem: 'an image target must be an index or a manifest' }, 'selectManifest');
    });
  }
  return search(target, read, platform).pipe(
    map(({ selected, platforms }) => {
      if (selected) return selected;
      throw new PlatformNotFoundError({ platform: formatPlatform(platform), available: [...new Set(platforms)] });
    }),
  );
}

/** Searches an index; stops at the first match, else gathers every platform seen. */
function search(index: Descriptor, read: ReadBlob, platform: Platform): Observable<Found> {
  return readAll(read, index).pipe(
    mergeMap((bytes) => {
      const entries = parseIndex(bytes, index.digest, index.mediaType).manifests;
      const matching = entries.filter((e) => e.platform !== undefined && platformMatches(platform, e.platform));
      const unknown = entries.filter((e) => e.platform === undefined);
      const seen = entries.flatMap((e) => (e.platform && isManifest(e.mediaType) ? [formatPlatform(e.platform)] : []));
      const platforms = [...seen];
      const tries = [...matching, ...unknown].map((entry) => defer(() => tryEntry(entry, read, platform)));
      // tried one after the other; the first match ends the search, reading nothing more
      return concat(...tries).pipe(
        tap((f) => platforms.push(...f.platforms)),
        filter((f) => f.selected !== undefined),
        take(1),
        defaultIfEmpty<Found, Found>({ selected: undefined, platforms }),
      );
    }),
  );
}

function tryEntry(entry: Descriptor, read: ReadBlob, platform: Platform): Observable<Found> {
  if (isIndex(entry.mediaType)) return search(entry, read, platform);
  if (!isManifest(entry.mediaType)) return EMPTY;
  return readAll(read, entry).pipe(
    mergeMap((bytes) => {
      const manifest = parseManifest(bytes, entry.digest, entry.mediaType);
      const selected = { descriptor: entry, manifest };
      if (entry.platform) {
        return of<Found>(platformMatches(platform, entry.platform) ? { selected, platforms: [] } : { selected: undefined, platforms: [formatPlatform(entry.platform)] });
      }
      // no platform in the index: the config's os and architecture tell, as containerd reads them
      return readAll(read, manifest.config).pipe(
        map((config): Found => {
          const c = parseImageConfig(config, manifest.config.digest, manifest.config.mediaType);
          const own: Platform = { os: c.os, architecture: c.architecture, ...(c.variant ? { variant: c.variant } : {}) };
          return platformMatches(platform, own) ? { selected, platforms: [] } : { selected: undefined, platforms: [formatPlatform(own)] };
        }),
      );
    }),
  );
}
