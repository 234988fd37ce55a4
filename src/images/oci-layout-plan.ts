/**
 * Planning the import of an OCI image layout (index.json, oci-layout, blobs/<alg>/<hex>): which images to create,
 * named as containerd's import names them, and which blob each one targets.
 * @module
 */
import { invalidArgument } from '../client/errors.js';
import { ImageArchiveError, ImageFormatError } from '../client/image-error-classes.js';
import { isDigest, parseDigest } from './digest.js';
import type { Descriptor, Index } from './oci-types.js';
import { parseIndex } from './parse-blob.js';
import { normalizeReference } from './reference.js';

/** The annotation containerd (and Docker 25+) writes with an image's full name. */
export const IMAGE_NAME_ANNOTATION = 'io.containerd.image.name';
/** The OCI annotation of an image's reference: a full name, or a tag alone. */
export const REF_NAME_ANNOTATION = 'org.opencontainers.image.ref.name';

/** An image record to create: its name and its target (a manifest or an index). */
export interface ImageToCreate {
  /** The image's name, normalised (`docker.io/library/busybox:latest`). */
  readonly name: string;
  /** What the image points to. */
  readonly target: Descriptor;
}

/** What importing an OCI layout creates. */
export interface LayoutPlan {
  /** index.json. */
  readonly index: Index;
  /** The images to create, in index.json's order. */
  readonly images: readonly ImageToCreate[];
  /** The entries of index.json that get no name (a bare tag and no `name` given): their content is imported unnamed. */
  readonly unnamed: readonly Descriptor[];
}

/** The path of a blob in an OCI layout: `blobs/sha256/<hex>`. */
export function blobEntryName(digest: string): string {
  const { algorithm, encoded } = parseDigest(digest);
  return `blobs/${algorithm}/${encoded}`;
}

/** The digest a layout's blob path names (`blobs/sha256/<hex>`), or `undefined` for any other path. */
export function digestOfBlobEntry(name: string): string | undefined {
  const m = /^blobs\/([a-z0-9]+)\/([a-f0-9]+)$/.exec(name);
  const digest = m ? `${m[1]}:${m[2]}` : undefined;
  return isDigest(digest) ? digest : undefined;
}

/**
 * The images an OCI layout holds. Each entry of index.json is named, as containerd's import does, by its
 * `io.containerd.image.name` annotation, else by its `org.opencontainers.image.ref.name` when that is a full
 * reference (normalised); a bare tag (`1.0`) names nothing (where `ctr import` would prefix it with a dated
 * name). `name`, for an archive of one image, names it instead of its annotations: a repository alone (`app`)
 * takes the entry's bare tag (`docker.io/library/app:1.0`), else `latest`.
 *
 * @param files - index.json's bytes (absent: the archive had none) and oci-layout's (checked when present).
 * @param present - whether the archive holds a blob; each target must be there.
 * @throws ImageArchiveError: `no-index`, `malformed` (oci-layout not version 1.0.0, index.json not an index),
 * `missing-blob` (naming `blobs/sha256/<hex>`).
 * @throws InvalidArgumentError when `name` is given for an archive of several images, or is not a reference.
 */
export function planOciLayout(
  files: { readonly indexJson: Uint8Array | undefined; readonly ociLayout?: Uint8Array | undefined },
  options: { readonly name?: string; readonly present?: (digest: string) => boolean } = {},
): LayoutPlan {
  if (files.indexJson === undefined) {
    throw new ImageArchiveError({ problem: 'no-index', entry: 'index.json', detail: 'an OCI image layout without index.json' });
  }
  if (files.ociLayout !== undefined) checkLayout(files.ociLayout);
  let index: Index;
  try {
    index = parseIndex(files.indexJson, 'index.json');
  } catch (error) {
    if (!(error instanceof ImageFormatError)) throw error;
    throw new ImageArchiveError({ problem: 'malformed', entry: 'index.json', detail: error.problem, cause: error });
  }
  if (options.present) for (const d of index.manifests) requireBlob(d, options.present, 'index.json');
  const images: ImageToCreate[] = [];
  const unnamed: Descriptor[] = [];
  if (options.name !== undefined && index.manifests.length !== 1) {
    throw invalidArgument('importImage', `name ${JSON.stringify(options.name)} given for an archive of ${index.manifests.length} images: only one can take it`);
  }
  for (const target of index.manifests) {
    const name = options.name === undefined ? annotatedName(target) : givenName(options.name, target);
    if (name === undefined) unnamed.push(target);
    else if (!images.some((i) => i.name === name)) images.push({ name, target });
  }
  return { index, images, unnamed };
}

/**
 * Checks that the layout holds the blob of `descriptor` (the importer calls it for each config and layer of the
 * manifests it walks).
 * @param referrer - what refers to the blob, for the message: `index.json`, a manifest's digest.
 * @throws ImageArchiveError `missing-blob` naming the blob's path (`blobs/sha256/<hex>`).
 */
export function requireBlob(descriptor: Descriptor, present: (digest: string) => boolean, referrer: string): void {
  if (!present(descriptor.digest)) {
    throw new ImageArchiveError({ problem: 'missing-blob', entry: blobEntryName(descriptor.digest), detail: `${referrer} refers to ${descriptor.digest}, which the archive does not hold` });
  }
}

/** An entry's name from its annotations, as containerd's import reads them; a bare tag names nothing. */
function annotatedName(d: Descriptor): string | undefined {
  const full = d.annotations?.[IMAGE_NAME_ANNOTATION];
  if (full) return full;
  const ref = d.annotations?.[REF_NAME_ANNOTATION];
  if (ref && /[/:@]/.test(ref)) return normalizeReference(ref, 'importImage');
  return undefined;
}

/** The caller's name; without a tag of its own, it takes the entry's bare tag (else `latest`). */
function givenName(name: string, d: Descriptor): string {
  const ref = d.annotations?.[REF_NAME_ANNOTATION];
  const tagged = /@|:[^/]*$/.test(name);
  const tag = ref && !/[/:@]/.test(ref) ? ref : undefined;
  return normalizeReference(tagged || tag === undefined ? name : `${name}:${tag}`, 'importImage');
}

function checkLayout(bytes: Uint8Array): void {
  let version: unknown;
  try {
    version = (JSON.parse(new TextDecoder().decode(bytes)) as { imageLayoutVersion?: unknown }).imageLayoutVersion;
  } catch (error) {
    throw new ImageArchiveError({ problem: 'malformed', entry: 'oci-layout', detail: 'not JSON', cause: error });
  }
  if (version !== '1.0.0') {
    throw new ImageArchiveError({ problem: 'malformed', entry: 'oci-layout', detail: `imageLayoutVersion ${JSON.stringify(version)}, not "1.0.0"` });
  }
}
