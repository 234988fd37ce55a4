/**
 * The fixture image builder: a deterministic OCI image made from this machine's busybox-static, with no
 * network, written as an OCI image layout folder (blobs streamed to disk, so a large layer never sits in
 * memory). `image-archive.ts` turns the folder into an OCI or a `docker save` archive.
 * @module
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hostPlatform, type Platform } from '../images/platform.js';
import { OCI_MEDIA_TYPES, writeJsonBlob, writeLayerBlob, type LayerBlob, type OciDescriptor } from './image-blobs.js';
import { baseLayer, changesLayer, extraLayer, type FixtureLayer } from './image-layers.js';
import {
  fixtureConfig, imageConfigJson, indexJson, layoutEntries, manifestJson, type FixtureImageConfig,
} from './image-manifests.js';

/** The reference the fixture image is named by unless told otherwise. */
export const FIXTURE_IMAGE_NAME = 'docker.io/library/rxc-fixture:latest';

/**
 * Which manifests the image has: `'index'` an image index of this machine's platform and another one;
 * `'host'` a single manifest for this machine (no index); `'foreign'` an index with only the other platform,
 * for the "no manifest for this platform" error.
 */
export type FixturePlatforms = 'index' | 'host' | 'foreign';

/** Options of {@link buildFixtureImage}; every field is optional. */
export interface FixtureImageOptions {
  /** The OCI image layout folder to write (made if missing). Default: a fresh folder under os.tmpdir(). */
  readonly dir?: string;
  /** The references the image is named by, full (`docker.io/library/x:tag`). Default [{@link FIXTURE_IMAGE_NAME}]. */
  readonly names?: readonly string[];
  /** Which manifests the image has. Default `'index'`. */
  readonly platforms?: FixturePlatforms;
  /** Config fields replacing the fixture's defaults, in every platform's config. */
  readonly config?: FixtureImageConfig;
  /** Layers added on top of the fixture's two, in order. */
  readonly extraLayers?: readonly FixtureLayer[];
}

/** One platform's image manifest of a fixture image. */
export interface FixtureManifest {
  /** The manifest's platform. */
  readonly platform: Platform;
  /** The manifest's descriptor, with its platform (as the index lists it). */
  readonly descriptor: OciDescriptor;
  /** The descriptor of the manifest's image config. */
  readonly config: OciDescriptor;
  /** The runtime fields of that config, as written. */
  readonly imageConfig: Required<FixtureImageConfig>;
  /** The manifest's layers, bottom first. */
  readonly layers: readonly LayerBlob[];
}

/** A built fixture image: its layout folder and the descriptors of everything in it. */
export interface FixtureImage {
  /** The OCI image layout folder: `oci-layout`, `index.json`, `blobs/sha256/<hex>`. */
  readonly dir: string;
  /** The image's references, as `index.json` annotates them. */
  readonly names: readonly string[];
  /** What `index.json` points to for every name: the image index, or the manifest for `platforms: 'host'`. */
  readonly target: OciDescriptor;
  /** The image index's descriptor; absent for `platforms: 'host'`. */
  readonly index?: OciDescriptor;
  /** The manifests, this machine's first (when it has one). */
  readonly manifests: readonly FixtureManifest[];
  /** The manifest for this machine's platform; absent for `platforms: 'foreign'`. */
  readonly hostManifest?: FixtureManifest;
  /** The layers every manifest shares, bottom first: base, changes, then the extra layers. */
  readonly layers: readonly LayerBlob[];
  /** Every blob of the layout (index, manifests, configs, layers), each once. */
  readonly blobs: readonly OciDescriptor[];
  /** Removes the layout folder. */
  remove(): void;
}

/** The other platform of the fixture index: linux/arm64 on an amd64 machine, linux/amd64 anywhere else. */
export function foreignPlatform(host: Platform = hostPlatform()): Platform {
  return host.architecture === 'amd64' ? { os: 'linux', architecture: 'arm64', variant: 'v8' } : { os: 'linux', architecture: 'amd64' };
}

/**
 * Builds the fixture image into an OCI image layout folder: layer 1 busybox with its applets, users
 * (root, app 1000:1000 with home /home/app, nobody 65534), groups (app also in staff 50), `etc/motd` and
 * `srv/data/*`; layer 2 the whiteout `etc/.wh.motd`, `srv/data` opaque with `new.txt`, and
 * `srv/app/hello.txt`; then `extraLayers`. Tars are reproducible (sorted, mtime 0) and gzip headers fixed, so
 * the same options give the same digests on every run and machine of the same architecture.
 *
 * @example
 * ```ts
 * const image = await buildFixtureImage();
 * const file = await writeOciArchive(image, '/tmp/fixture.tar'); // ctr images import /tmp/fixture.tar
 * image.remove();
 * ```
 * @throws TypeError when an option has the wrong type or value; RootfsError when busybox is not installed.
 */
export async function buildFixtureImage(options: FixtureImageOptions = {}): Promise<FixtureImage> {
  validate(options);
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'rxc-image-'));
  mkdirSync(dir, { recursive: true });
  const names = options.names ?? [FIXTURE_IMAGE_NAME];
  const kind = options.platforms ?? 'index';
  const layerNames = ['base (busybox, users, motd, srv/data)', 'changes (whiteout, opaque srv/data, srv/app)'];
  const layers = [await writeLayerBlob(dir, baseLayer(), true), await writeLayerBlob(dir, changesLayer(), true)];
  for (const [i, extra] of (options.extraLayers ?? []).entries()) {
    const { entries, gzip } = extraLayer(extra);
    layers.push(await writeLayerBlob(dir, entries, gzip));
    layerNames.push(`extra layer ${i + 1}`);
  }
  const host = hostPlatform();
  const platforms = kind === 'index' ? [host, foreignPlatform(host)] : kind === 'host' ? [host] : [foreignPlatform(host)];
  const manifests: FixtureManifest[] = [];
  for (const platform of platforms) {
    const imageConfig = fixtureConfig(platform, options.config);
    const config = await writeJsonBlob(dir, OCI_MEDIA_TYPES.config, imageConfigJson(platform, imageConfig, layers, layerNames));
    const manifest = await writeJsonBlob(dir, OCI_MEDIA_TYPES.manifest, manifestJson(config, layers));
    manifests.push({ platform, descriptor: { ...manifest, platform }, config, imageConfig, layers });
  }
  const index = kind === 'host' ? undefined : await writeJsonBlob(dir, OCI_MEDIA_TYPES.index, indexJson(manifests.map((m) => m.descriptor)));
  const { platform: _platform, ...plainTarget } = index ?? manifests[0]!.descriptor;
  writeFileSync(join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  writeFileSync(join(dir, 'index.json'), JSON.stringify(indexJson(layoutEntries(plainTarget, names))));
  const blobs = unique([
    ...(index ? [index] : []),
    ...manifests.flatMap((m) => [m.descriptor, m.config]),
    ...layers.map((l) => l.descriptor),
  ]);
  return {
    dir, names, target: plainTarget, manifests, layers, blobs,
    ...(index ? { index } : {}),
    ...(kind === 'foreign' ? {} : { hostManifest: manifests[0]! }),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function unique(list: readonly OciDescriptor[]): OciDescriptor[] {
  const seen = new Set<string>();
  return list.filter((d) => !seen.has(d.digest) && seen.add(d.digest) !== undefined);
}

function validate(options: FixtureImageOptions): void {
  const fail = (name: string, value: unknown, wanted: string): never => {
    throw new TypeError(`rx-containerd: fixture image option ${name} is ${JSON.stringify(value)}; wanted ${wanted}`);
  };
  if (options.dir !== undefined && typeof options.dir !== 'string') fail('dir', options.dir, 'a folder path');
  if (options.names !== undefined && (!Array.isArray(options.names) || options.names.length === 0
    || options.names.some((n) => typeof n !== 'string' || n === ''))) fail('names', options.names, 'a non-empty list of references');
  if (options.platforms !== undefined && !['index', 'host', 'foreign'].includes(options.platforms)) {
    fail('platforms', options.platforms, "'index', 'host' or 'foreign'");
  }
  for (const [i, layer] of (options.extraLayers ?? []).entries()) {
    if ('randomBytes' in layer && !(Number.isSafeInteger(layer.randomBytes) && layer.randomBytes >= 0)) {
      fail(`extraLayers[${i}].randomBytes`, layer.randomBytes, 'a whole number of bytes >= 0');
    } else if (!('randomBytes' in layer) && (typeof layer.files !== 'object' || layer.files === null)) {
      fail(`extraLayers[${i}].files`, layer.files, 'an object of path: content');
    }
  }
}
