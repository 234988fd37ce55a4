/**
 * Planning the import of a `docker save` archive (manifest.json, `<hex>.json` configs, `<id>/layer.tar` layers,
 * or Docker 25+'s `blobs/sha256/<hex>` paths): the Docker schema 2 manifest to write for each image, made from
 * what the importer measured of each file while writing it, and the image names from RepoTags, normalised.
 * @module
 */
import { invalidArgument } from '../client/errors.js';
import { DigestMismatchError, ImageArchiveError } from '../client/image-error-classes.js';
import type { ArchiveBlob } from './blob-meter.js';
import { digestOf } from './digest.js';
import { layerMediaType, MediaTypes } from './media-types.js';
import type { Descriptor, Manifest } from './oci-types.js';
import { parseImageConfig } from './parse-blob.js';
import { normalizeReference } from './reference.js';

/** One image of a `docker save` archive, ready to write. */
export interface DockerSaveImage {
  /** Its names, from RepoTags, normalised (`busybox:latest` -> `docker.io/library/busybox:latest`); none for an untagged image. */
  readonly names: readonly string[];
  /** The manifest to write (Docker schema 2). */
  readonly manifest: Manifest;
  /** The manifest's bytes, as containerd's import serialises it (Go's field order, no spaces). */
  readonly manifestBytes: Uint8Array;
  /** The manifest's descriptor, with the platform of its config: the images' target. */
  readonly target: Descriptor;
}

/** What the planner needs of the archive's files: each file as written, and the links between them. */
export interface DockerSaveFiles {
  /** manifest.json's bytes. */
  readonly manifestJson: Uint8Array;
  /** Each file by its path in the archive, as measured while written. */
  readonly files: ReadonlyMap<string, ArchiveBlob>;
  /** Each link by its path, to the path it points to (old `docker save` links a repeated layer.tar). */
  readonly links?: ReadonlyMap<string, string>;
}

interface SaveEntry {
  readonly Config: string;
  readonly RepoTags: readonly string[];
  readonly Layers: readonly string[];
}

/**
 * The images of a `docker save` archive. Per entry of manifest.json: the config's descriptor (Docker's config
 * type), each layer's (Docker's tar or tar.gzip type by the compression its first bytes show; zstd gets OCI's
 * type), the manifest, and the names. `name`, for an archive of one image, replaces its RepoTags.
 *
 * @throws ImageArchiveError: `malformed` (manifest.json not a list of {Config, RepoTags, Layers}, or a config
 * whose diff ids do not count its layers), `missing-blob` (naming the path), `too-large` (a config not kept
 * in memory).
 * @throws ImageFormatError when a config is not an image config; DigestMismatchError when a file named by its
 * digest (`<hex>.json`, `blobs/sha256/<hex>`) has other bytes.
 */
export function planDockerSave(input: DockerSaveFiles, options: { readonly name?: string } = {}): DockerSaveImage[] {
  const entries = readSaveManifest(input.manifestJson);
  if (options.name !== undefined && entries.length !== 1) {
    throw invalidArgument('importImage', `name ${JSON.stringify(options.name)} given for an archive of ${entries.length} images: only one can take it`);
  }
  return entries.map((entry) => {
    const configFile = fileAt(input, entry.Config);
    if (configFile.bytes === undefined) {
      throw new ImageArchiveError({ problem: 'too-large', entry: entry.Config, detail: `a config of ${configFile.size} bytes, over the memory limit` });
    }
    const config = parseImageConfig(configFile.bytes, configFile.digest, MediaTypes.dockerConfig);
    if (config.rootfs.diff_ids.length !== entry.Layers.length) {
      throw new ImageArchiveError({ problem: 'malformed', entry: entry.Config, detail: `${config.rootfs.diff_ids.length} diff ids for ${entry.Layers.length} layers` });
    }
    const layers = entry.Layers.map((path): Descriptor => {
      const file = fileAt(input, path);
      return { mediaType: layerMediaType(file.compression, MediaTypes.dockerManifest), digest: file.digest, size: file.size };
    });
    const manifest: Manifest = {
      schemaVersion: 2,
      mediaType: MediaTypes.dockerManifest,
      config: { mediaType: MediaTypes.dockerConfig, digest: configFile.digest, size: configFile.size },
      layers,
    };
    const manifestBytes = new TextEncoder().encode(JSON.stringify(manifest));
    const platform = { architecture: config.architecture, os: config.os, ...(config.variant ? { variant: config.variant } : {}) };
    const target: Descriptor = { mediaType: MediaTypes.dockerManifest, digest: digestOf(manifestBytes), size: manifestBytes.byteLength, platform };
    const tags = options.name === undefined ? entry.RepoTags : [options.name];
    const names = [...new Set(tags.map((t) => normalizeReference(t, 'importImage')))];
    return { names, manifest, manifestBytes, target };
  });
}

/** The file at `path` (following links), checked against the digest its name tells. */
function fileAt(input: DockerSaveFiles, path: string): ArchiveBlob {
  let at = path;
  for (let hops = 0; hops < 8 && input.links?.has(at); hops++) at = input.links.get(at)!;
  const file = input.files.get(at);
  if (file === undefined) {
    throw new ImageArchiveError({ problem: 'missing-blob', entry: path, detail: 'manifest.json refers to a file the archive does not hold' });
  }
  const named = /(?:^|\/)([a-f0-9]{64})(?:\.json)?$/.exec(at)?.[1];
  if (named !== undefined && /^blobs\/sha256\/|^[a-f0-9]{64}\.json$/.test(at) && file.digest !== `sha256:${named}`) {
    throw new DigestMismatchError({ expectedDigest: `sha256:${named}`, actualDigest: file.digest, expectedSize: undefined, size: file.size }, 'importImage');
  }
  return file;
}

function readSaveManifest(bytes: Uint8Array): SaveEntry[] {
  const malformed = (detail: string, cause?: unknown): never => {
    throw new ImageArchiveError({ problem: 'malformed', entry: 'manifest.json', detail, cause });
  };
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder().decode(bytes));
  } catch (error) {
    return malformed('not JSON', error);
  }
  if (!Array.isArray(value)) return malformed('not a list of images');
  return value.map((e: unknown, i): SaveEntry => {
    const o = (typeof e === 'object' && e !== null ? e : {}) as Record<string, unknown>;
    const strings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');
    if (typeof o['Config'] !== 'string') malformed(`entry ${i} has no "Config" path`);
    if (!strings(o['Layers'])) malformed(`entry ${i} has no "Layers" list of paths`);
    if (o['RepoTags'] !== undefined && o['RepoTags'] !== null && !strings(o['RepoTags'])) malformed(`entry ${i}'s "RepoTags" is not a list of names`);
    return { Config: o['Config'] as string, Layers: o['Layers'] as string[], RepoTags: (o['RepoTags'] as string[] | null | undefined) ?? [] };
  });
}
