/**
 * The media types of image content, OCI's and Docker's, and what each one is: an index, a manifest, a config, a
 * layer (and how a layer is compressed). containerd accepts both families everywhere; so do we.
 * @module
 */

/** The media types of the OCI image spec and of Docker's image manifest v2 schema 2, by role. */
export const MediaTypes = {
  /** OCI image index: a list of manifests, usually one per platform. */
  ociIndex: 'application/vnd.oci.image.index.v1+json',
  /** OCI image manifest: a config and its layers. */
  ociManifest: 'application/vnd.oci.image.manifest.v1+json',
  /** OCI image config. */
  ociConfig: 'application/vnd.oci.image.config.v1+json',
  /** OCI layer, an uncompressed tar. */
  ociLayer: 'application/vnd.oci.image.layer.v1.tar',
  /** OCI layer, a gzip-compressed tar. */
  ociLayerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
  /** OCI layer, a zstd-compressed tar. */
  ociLayerZstd: 'application/vnd.oci.image.layer.v1.tar+zstd',
  /** OCI non-distributable (foreign) layer, uncompressed: fetched from its `urls`, never pushed. */
  ociForeignLayer: 'application/vnd.oci.image.layer.nondistributable.v1.tar',
  /** OCI non-distributable (foreign) layer, gzip-compressed. */
  ociForeignLayerGzip: 'application/vnd.oci.image.layer.nondistributable.v1.tar+gzip',
  /** OCI non-distributable (foreign) layer, zstd-compressed. */
  ociForeignLayerZstd: 'application/vnd.oci.image.layer.nondistributable.v1.tar+zstd',
  /** Docker manifest list (the index of Docker's schema 2). */
  dockerManifestList: 'application/vnd.docker.distribution.manifest.list.v2+json',
  /** Docker image manifest v2, schema 2. */
  dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json',
  /** Docker image config. */
  dockerConfig: 'application/vnd.docker.container.image.v1+json',
  /** Docker layer, an uncompressed tar (containerd's name; Docker itself pushes gzip only). */
  dockerLayer: 'application/vnd.docker.image.rootfs.diff.tar',
  /** Docker layer, a gzip-compressed tar. */
  dockerLayerGzip: 'application/vnd.docker.image.rootfs.diff.tar.gzip',
  /** Docker foreign layer (Windows base layers), gzip-compressed, fetched from its `urls`. */
  dockerForeignLayerGzip: 'application/vnd.docker.image.rootfs.foreign.diff.tar.gzip',
} as const;

/** One of the {@link MediaTypes}. */
export type KnownMediaType = (typeof MediaTypes)[keyof typeof MediaTypes];

/** How a layer's tar is compressed. */
export type LayerCompression = 'none' | 'gzip' | 'zstd';

const LAYERS: ReadonlyMap<string, LayerCompression> = new Map([
  [MediaTypes.ociLayer, 'none'],
  [MediaTypes.ociLayerGzip, 'gzip'],
  [MediaTypes.ociLayerZstd, 'zstd'],
  [MediaTypes.ociForeignLayer, 'none'],
  [MediaTypes.ociForeignLayerGzip, 'gzip'],
  [MediaTypes.ociForeignLayerZstd, 'zstd'],
  [MediaTypes.dockerLayer, 'none'],
  [MediaTypes.dockerLayerGzip, 'gzip'],
  [MediaTypes.dockerForeignLayerGzip, 'gzip'],
]);

/** Whether `mediaType` is an index: an OCI image index or a Docker manifest list. */
export function isIndex(mediaType: string): boolean {
  return mediaType === MediaTypes.ociIndex || mediaType === MediaTypes.dockerManifestList;
}

/** Whether `mediaType` is an image manifest: OCI's or Docker's schema 2. */
export function isManifest(mediaType: string): boolean {
  return mediaType === MediaTypes.ociManifest || mediaType === MediaTypes.dockerManifest;
}

/** Whether `mediaType` is an image config: OCI's or Docker's. */
export function isConfig(mediaType: string): boolean {
  return mediaType === MediaTypes.ociConfig || mediaType === MediaTypes.dockerConfig;
}

/** Whether `mediaType` is a layer (foreign layers included), OCI's or Docker's, in any compression. */
export function isLayer(mediaType: string): boolean {
  return LAYERS.has(mediaType);
}

/** Whether `mediaType` is a non-distributable (foreign) layer, which registries never receive. */
export function isForeignLayer(mediaType: string): boolean {
  return mediaType.includes('.nondistributable.') || mediaType === MediaTypes.dockerForeignLayerGzip;
}

/**
 * How the layer of `mediaType` is compressed; `undefined` when `mediaType` is not a layer.
 *
 * @example
 * ```ts
 * layerCompression('application/vnd.oci.image.layer.v1.tar+gzip')  // 'gzip'
 * layerCompression('application/vnd.docker.image.rootfs.diff.tar') // 'none'
 * ```
 */
export function layerCompression(mediaType: string): LayerCompression | undefined {
  return LAYERS.get(mediaType);
}

/**
 * How the bytes starting a layer blob are compressed, read from its magic number (gzip `1f 8b`, zstd
 * `28 b5 2f fd`); anything else is taken as a plain tar. Used where the media type is not given (`docker save`).
 */
export function sniffCompression(head: Uint8Array): LayerCompression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd) return 'zstd';
  return 'none';
}

/**
 * The media type of a layer compressed as `compression`, in the family of `manifestMediaType` (Docker's for a
 * Docker manifest, OCI's otherwise). Docker has no zstd layer type, so zstd is OCI's type in both families, as
 * containerd writes it.
 */
export function layerMediaType(compression: LayerCompression, manifestMediaType: string = MediaTypes.ociManifest): string {
  const docker = manifestMediaType === MediaTypes.dockerManifest;
  if (compression === 'gzip') return docker ? MediaTypes.dockerLayerGzip : MediaTypes.ociLayerGzip;
  if (compression === 'zstd') return MediaTypes.ociLayerZstd;
  return docker ? MediaTypes.dockerLayer : MediaTypes.ociLayer;
}
