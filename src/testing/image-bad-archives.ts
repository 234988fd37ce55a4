/**
 * Broken image archives for specs of an importer's errors: cut short, not a tar at all, and a blob whose bytes
 * do not match the digest the manifests give it.
 * @module
 */
import { createReadStream, statSync, writeFileSync } from 'node:fs';
import { writeFileFrom, ociArchiveEntries } from './image-archive.js';
import type { FixtureImage } from './image-builder.js';
import { tarBytes } from './image-tar.js';

/**
 * Copies the first `bytes` of the archive `source` to `file` (default: half of it, so that the cut falls in
 * the middle of a layer), as a download or copy stopped short leaves it. Resolves with `file`.
 * @throws RangeError when `bytes` is negative or not below the source's size.
 */
export async function writeTruncatedArchive(source: string, file: string, bytes?: number): Promise<string> {
  const size = statSync(source).size;
  const keep = bytes ?? Math.floor(size / 2);
  if (!Number.isSafeInteger(keep) || keep < 0 || keep >= size) {
    throw new RangeError(`rx-containerd: cannot cut ${source} (${size} bytes) to ${keep} bytes`);
  }
  const chunks = async function* (): AsyncGenerator<Buffer> {
    if (keep === 0) return;
    for await (const chunk of createReadStream(source, { end: keep - 1 })) yield chunk as Buffer;
  };
  await writeFileFrom(file, chunks());
  return file;
}

/** Writes 4 KiB of text that is no tar (its first 512 bytes fail the header checksum) to `file`. Resolves with `file`. */
export function writeNotATarArchive(file: string): Promise<string> {
  writeFileSync(file, 'this is not a tar archive\n'.repeat(158));
  return Promise.resolve(file);
}

/** What {@link writeArchiveWithCorruptBlob} wrote. */
export interface CorruptArchive {
  /** The archive written. */
  readonly file: string;
  /** The digest of the blob whose bytes were changed (the manifests still name it by this digest). */
  readonly digest: string;
}

/**
 * Writes `image` as an OCI layout tar in which the blob `digest` (default: the top layer of this machine's
 * manifest, else of the first) has one byte changed: same size, other content, so an importer that checks
 * digests must refuse it and name that blob.
 * @throws RangeError when `digest` is not a blob of the image.
 */
export async function writeArchiveWithCorruptBlob(image: FixtureImage, file: string, digest?: string): Promise<CorruptArchive> {
  const target = digest ?? (image.hostManifest ?? image.manifests[0]!).layers.at(-1)!.descriptor.digest;
  if (!image.blobs.some((b) => b.digest === target)) {
    throw new RangeError(`rx-containerd: ${target} is not a blob of the fixture image in ${image.dir}`);
  }
  await writeFileFrom(file, tarBytes(ociArchiveEntries(image, target)));
  return { file, digest: target };
}
