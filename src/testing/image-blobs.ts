/**
 * The fixture builder's blob store: a folder laid out as an OCI image layout's `blobs/sha256/<hex>`, written
 * streaming (digest and size computed on the way), so that a layer of hundreds of megabytes never sits in memory.
 * @module
 */
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Platform } from '../images/platform.js';
import { gzipBytes, tarBytes, type TarEntry } from './image-tar.js';

/** OCI media types the fixture images use (image-spec). */
export const OCI_MEDIA_TYPES = {
  /** An image index (`index.json`'s own type too). */
  index: 'application/vnd.oci.image.index.v1+json',
  /** An image manifest. */
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  /** An image config. */
  config: 'application/vnd.oci.image.config.v1+json',
  /** A gzip-compressed layer tar. */
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  /** An uncompressed layer tar. */
  layer: 'application/vnd.oci.image.layer.v1.tar',
} as const;

/** An OCI content descriptor (image-spec `descriptor`): what a blob is, its digest and size in bytes. */
export interface OciDescriptor {
  /** The blob's media type, e.g. {@link OCI_MEDIA_TYPES}.manifest. */
  readonly mediaType: string;
  /** `sha256:<64 hex>` of the blob's bytes. */
  readonly digest: string;
  /** The blob's size in bytes. */
  readonly size: number;
  /** The platform of a manifest listed in an index. */
  readonly platform?: Platform;
  /** Annotations, e.g. `org.opencontainers.image.ref.name` in `index.json`. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A layer blob: its descriptor (of the stored, maybe compressed bytes) and what its uncompressed tar is. */
export interface LayerBlob {
  /** The descriptor of the blob as stored (gzip or plain tar). */
  readonly descriptor: OciDescriptor;
  /** `sha256:<hex>` of the uncompressed tar: the image config's `rootfs.diff_ids` entry. */
  readonly diffId: string;
  /** The uncompressed tar's size in bytes. */
  readonly uncompressedSize: number;
}

/** The path of the blob `digest` (`sha256:<hex>`) in the layout folder `dir`. */
export function blobPath(dir: string, digest: string): string {
  return join(dir, 'blobs', 'sha256', digest.replace(/^sha256:/, ''));
}

let tempCounter = 0;

/** Stores `bytes` as a blob of `dir` (streamed to a temp file, renamed to its digest); returns its descriptor. */
export async function writeBlob(dir: string, mediaType: string, bytes: AsyncIterable<Buffer>): Promise<OciDescriptor> {
  const folder = join(dir, 'blobs', 'sha256');
  mkdirSync(folder, { recursive: true });
  const temp = join(folder, `.tmp-${process.pid}-${++tempCounter}`);
  const out = createWriteStream(temp);
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of bytes) {
      hash.update(chunk);
      size += chunk.length;
      if (!out.write(chunk)) await once(out, 'drain');
    }
  } catch (error) {
    out.destroy();
    rmSync(temp, { force: true });
    throw error;
  } finally {
    out.end();
    if (!out.closed) await once(out, 'close');
  }
  const digest = `sha256:${hash.digest('hex')}`;
  renameSync(temp, blobPath(dir, digest));
  return { mediaType, digest, size };
}

/** Stores `value` as JSON (as `JSON.stringify` orders it, no spaces); returns the blob's descriptor. */
export function writeJsonBlob(dir: string, mediaType: string, value: unknown): Promise<OciDescriptor> {
  return writeBlob(dir, mediaType, (async function* () { yield Buffer.from(JSON.stringify(value)); })());
}

/**
 * Stores a layer made of `entries`: the tar is hashed on the way (its diff id) and, when `gzip`, compressed
 * reproducibly before being stored.
 */
export async function writeLayerBlob(dir: string, entries: readonly TarEntry[], gzip: boolean): Promise<LayerBlob> {
  const hash = createHash('sha256');
  let uncompressedSize = 0;
  async function* measured(): AsyncGenerator<Buffer> {
    for await (const chunk of tarBytes(entries)) {
      hash.update(chunk);
      uncompressedSize += chunk.length;
      yield chunk;
    }
  }
  const descriptor = gzip
    ? await writeBlob(dir, OCI_MEDIA_TYPES.layerGzip, gzipBytes(measured()))
    : await writeBlob(dir, OCI_MEDIA_TYPES.layer, measured());
  return { descriptor, diffId: `sha256:${hash.digest('hex')}`, uncompressedSize };
}
