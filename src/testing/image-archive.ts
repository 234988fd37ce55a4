/**
 * Archives of a fixture image: the OCI image layout as a tar (what `ctr images import` and `ctr images export`
 * read and write) and the `docker save` format (`manifest.json`, the config as `<hex>.json`, each layer as
 * `<id>/layer.tar` uncompressed, `repositories`). Both are written streaming from the layout's blobs.
 * @module
 */
import { once } from 'node:events';
import { createReadStream, createWriteStream, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { blobPath, OCI_MEDIA_TYPES } from './image-blobs.js';
import type { FixtureImage, FixtureManifest } from './image-builder.js';
import { familiarName, tagOf } from './image-manifests.js';
import { tarBytes, type TarEntry } from './image-tar.js';

/** Writes `bytes` to `file`, with backpressure; resolves once the file is closed. */
export async function writeFileFrom(file: string, bytes: AsyncIterable<Buffer>): Promise<void> {
  const out = createWriteStream(file);
  const closed = once(out, 'close');
  try {
    for await (const chunk of bytes) if (!out.write(chunk)) await once(out, 'drain');
  } finally {
    out.end();
  }
  await closed;
}

async function* fileChunks(path: string): AsyncGenerator<Buffer> {
  for await (const chunk of createReadStream(path)) yield chunk as Buffer;
}

/**
 * The entries of the OCI layout tar of `image`; the blob `corrupt` (a digest), when given, has one byte
 * changed in its middle (same size, other digest).
 */
export function ociArchiveEntries(image: FixtureImage, corrupt?: string): TarEntry[] {
  const layoutFile = (name: string): TarEntry => ({ type: 'file', path: name, content: readFileSync(join(image.dir, name)) });
  return [
    layoutFile('oci-layout'),
    layoutFile('index.json'),
    { type: 'directory', path: 'blobs' },
    { type: 'directory', path: 'blobs/sha256' },
    ...image.blobs.map((blob): TarEntry => {
      const path = blobPath(image.dir, blob.digest);
      const chunks = blob.digest === corrupt ? () => flipMiddleByte(fileChunks(path), blob.size) : () => fileChunks(path);
      return { type: 'stream', path: `blobs/sha256/${blob.digest.slice('sha256:'.length)}`, size: blob.size, chunks };
    }),
  ];
}

async function* flipMiddleByte(chunks: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  const middle = Math.floor(size / 2);
  let offset = 0;
  for await (const chunk of chunks) {
    if (middle >= offset && middle < offset + chunk.length) {
      const copy = Buffer.from(chunk);
      copy[middle - offset] = copy[middle - offset]! ^ 0xff;
      yield copy;
    } else yield chunk;
    offset += chunk.length;
  }
}

/**
 * Writes `image` as an OCI image layout tar (`oci-layout`, `index.json`, `blobs/sha256/<hex>`) to `file`, the
 * format of `ctr images import` and `ctr images export`. Resolves with `file`.
 */
export async function writeOciArchive(image: FixtureImage, file: string): Promise<string> {
  await writeFileFrom(file, tarBytes(ociArchiveEntries(image)));
  return file;
}

/** Options of {@link writeDockerArchive}. */
export interface DockerArchiveOptions {
  /** The manifest to save (a `docker save` archive holds one platform). Default: this machine's, else the first. */
  readonly manifest?: FixtureManifest;
}

/**
 * Writes `image` in the `docker save` format to `file`: `manifest.json` (`Config`, `RepoTags` as Docker prints
 * the names, `Layers`), the config as `<hex>.json`, each layer as `<diff id hex>/layer.tar` uncompressed, and
 * `repositories`. Resolves with `file`.
 */
export async function writeDockerArchive(image: FixtureImage, file: string, options: DockerArchiveOptions = {}): Promise<string> {
  const manifest = options.manifest ?? image.hostManifest ?? image.manifests[0]!;
  const configHex = manifest.config.digest.slice('sha256:'.length);
  const layerIds = manifest.layers.map((l) => l.diffId.slice('sha256:'.length));
  const repoTags = image.names.map(familiarName);
  const repositories: Record<string, Record<string, string>> = {};
  for (const tag of repoTags) {
    const repo = tag.slice(0, tag.length - tagOf(tag).length - 1);
    repositories[repo] = { ...repositories[repo], [tagOf(tag)]: layerIds.at(-1)! };
  }
  const seen = new Set<string>();
  const layerEntries = manifest.layers.flatMap((layer, i): TarEntry[] => {
    const id = layerIds[i]!;
    if (seen.has(id)) return [];
    seen.add(id);
    const path = blobPath(image.dir, layer.descriptor.digest);
    const gzipped = layer.descriptor.mediaType === OCI_MEDIA_TYPES.layerGzip;
    return [
      { type: 'directory', path: id },
      { type: 'stream', path: `${id}/layer.tar`, size: layer.uncompressedSize, chunks: () => (gzipped ? gunzipFile(path) : fileChunks(path)) },
    ];
  });
  const entries: TarEntry[] = [
    { type: 'stream', path: `${configHex}.json`, size: manifest.config.size, chunks: () => fileChunks(blobPath(image.dir, manifest.config.digest)) },
    ...layerEntries,
    { type: 'file', path: 'manifest.json', content: JSON.stringify([{ Config: `${configHex}.json`, RepoTags: repoTags, Layers: layerIds.map((id) => `${id}/layer.tar`) }]) },
    { type: 'file', path: 'repositories', content: JSON.stringify(repositories) },
  ];
  await writeFileFrom(file, tarBytes(entries));
  return file;
}

async function* gunzipFile(path: string): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  const input = createReadStream(path);
  input.on('error', (error) => gunzip.destroy(error));
  for await (const chunk of input.pipe(gunzip)) yield chunk as Buffer;
}
