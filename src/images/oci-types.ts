/**
 * The JSON documents of an image, typed as the OCI image spec (and Docker's schema 2, which has the same shape)
 * writes them: descriptors, indexes, manifests and image configs. Field names are the JSON's own. Parse them from
 * bytes with `parse-blob.ts`.
 * @module
 */
import type { Platform } from './platform.js';

/** A descriptor: a pointer to a blob, by media type, digest and size (OCI image spec, descriptor.md). */
export interface Descriptor {
  /** What the blob is, e.g. `application/vnd.oci.image.manifest.v1+json`. */
  readonly mediaType: string;
  /** The blob's digest, `sha256:…`. */
  readonly digest: string;
  /** The blob's size in bytes. */
  readonly size: number;
  /** Free-form annotations (image names in an index: `org.opencontainers.image.ref.name`, …). */
  readonly annotations?: Readonly<Record<string, string>>;
  /** The platform of the manifest it points to (index entries). */
  readonly platform?: Platform;
  /** Where else the blob may be fetched from (foreign layers). */
  readonly urls?: readonly string[];
}

/** An image index (OCI) or manifest list (Docker): manifests, usually one per platform. */
export interface Index {
  /** Always 2. */
  readonly schemaVersion: 2;
  /** The index's own media type, when written (Docker always, OCI optionally). */
  readonly mediaType?: string;
  /** The manifests (or nested indexes). */
  readonly manifests: readonly Descriptor[];
  /** Free-form annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** An image manifest (OCI, or Docker schema 2): a config and its layers, bottom first. */
export interface Manifest {
  /** Always 2. */
  readonly schemaVersion: 2;
  /** The manifest's own media type, when written (Docker always, OCI optionally). */
  readonly mediaType?: string;
  /** The image config's descriptor. */
  readonly config: Descriptor;
  /** The layers' descriptors, bottom layer first. */
  readonly layers: readonly Descriptor[];
  /** Free-form annotations. */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** The execution parameters an image config gives a container (OCI image spec, config.md `config`). */
export interface ImageRunConfig {
  /** `name`, `uid`, `name:group` or `uid:gid`, resolved against the image's /etc/passwd and /etc/group. */
  readonly User?: string;
  /** Ports the image exposes, as keys: `'80/tcp'`. */
  readonly ExposedPorts?: Readonly<Record<string, object>>;
  /** The environment, `NAME=value` entries. */
  readonly Env?: readonly string[];
  /** The command's fixed start; the container's args are Entrypoint then Cmd. */
  readonly Entrypoint?: readonly string[];
  /** The default arguments, which a caller's args replace. */
  readonly Cmd?: readonly string[];
  /** Directories the image expects a volume at, as keys. */
  readonly Volumes?: Readonly<Record<string, object>>;
  /** The working directory (absolute). */
  readonly WorkingDir?: string;
  /** Free-form labels. */
  readonly Labels?: Readonly<Record<string, string>>;
  /** The signal that stops the container gracefully, e.g. `SIGQUIT` (default SIGTERM). */
  readonly StopSignal?: string;
}

/** One step of an image's history (OCI image spec, config.md `history`). */
export interface HistoryEntry {
  /** When the step ran, RFC 3339. */
  readonly created?: string;
  /** The command that made it. */
  readonly created_by?: string;
  /** Who made it. */
  readonly author?: string;
  /** A comment. */
  readonly comment?: string;
  /** True when the step made no layer. */
  readonly empty_layer?: boolean;
}

/** An image config (OCI's, or Docker's, which is a superset): the platform, the run parameters, the layers. */
export interface ImageConfig {
  /** The CPU architecture, GOARCH spelling (`amd64`). */
  readonly architecture: string;
  /** The operating system, GOOS spelling (`linux`). */
  readonly os: string;
  /** The CPU variant (`v8`), when any. */
  readonly variant?: string;
  /** When the image was made, RFC 3339. */
  readonly created?: string;
  /** Who made it. */
  readonly author?: string;
  /** How a container of the image runs. */
  readonly config?: ImageRunConfig;
  /** The layers' diff ids (digests of the uncompressed tars), bottom first. */
  readonly rootfs: {
    /** Always `layers`. */
    readonly type: 'layers';
    /** The diff ids, bottom layer first. */
    readonly diff_ids: readonly string[];
  };
  /** How the image was made, step by step. */
  readonly history?: readonly HistoryEntry[];
}
