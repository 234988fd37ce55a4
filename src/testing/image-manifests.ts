/**
 * The fixture image's JSON documents: the OCI image config (one per platform), the image manifests, the image
 * index and the layout's `index.json`, each built with a fixed key order so that its bytes, hence its digest,
 * are the same on every run.
 * @module
 */
import { formatPlatform, type Platform } from '../images/platform.js';
import { OCI_MEDIA_TYPES, type LayerBlob, type OciDescriptor } from './image-blobs.js';

/**
 * The runtime fields of an OCI image config (image-spec `config` object, Docker's spelling of the keys). Each
 * one given to the builder replaces the fixture's default; `Env` replaces the whole list.
 */
export interface FixtureImageConfig {
  /** The command's first words; default `['/bin/sh', '-c']`. */
  readonly Entrypoint?: readonly string[];
  /** Arguments after the entrypoint, which a run's args replace; default a shell line printing the greeting, user and folder. */
  readonly Cmd?: readonly string[];
  /** `NAME=value` pairs; default PATH, `GREETING=hello` and `FIXTURE_PLATFORM=<os/arch[/variant]>` of the config's platform. */
  readonly Env?: readonly string[];
  /** The process's working folder; default `/srv/app` (made by the second layer). */
  readonly WorkingDir?: string;
  /** The user, by name or `uid[:gid]`, resolved against the image's `/etc/passwd` and `/etc/group`; default `app` (1000:1000). */
  readonly User?: string;
  /** Labels of the image; default `org.opencontainers.image.title` and `org.opencontainers.image.description`. */
  readonly Labels?: Readonly<Record<string, string>>;
  /** The signal a graceful stop sends; default `SIGINT`, so that a spec can tell it from the usual SIGTERM. */
  readonly StopSignal?: string;
  /** Ports as `<port>/<tcp|udp>` keys with `{}` values; default `8080/tcp`. */
  readonly ExposedPorts?: Readonly<Record<string, Record<string, never>>>;
}

/** The PATH of the fixture's default Env. */
const PATH = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** The fixture's config for `platform`, with `overrides` applied field by field. */
export function fixtureConfig(platform: Platform, overrides: FixtureImageConfig = {}): Required<FixtureImageConfig> {
  return {
    Entrypoint: overrides.Entrypoint ?? ['/bin/sh', '-c'],
    Cmd: overrides.Cmd ?? ['echo "$GREETING from $(id -un) in $(pwd) on $FIXTURE_PLATFORM"'],
    Env: overrides.Env ?? [PATH, 'GREETING=hello', `FIXTURE_PLATFORM=${formatPlatform(platform)}`],
    WorkingDir: overrides.WorkingDir ?? '/srv/app',
    User: overrides.User ?? 'app',
    Labels: overrides.Labels ?? {
      'org.opencontainers.image.title': 'rx-containerd fixture',
      'org.opencontainers.image.description': 'busybox-static with users, a whiteout and an opaque directory',
    },
    StopSignal: overrides.StopSignal ?? 'SIGINT',
    ExposedPorts: overrides.ExposedPorts ?? { '8080/tcp': {} },
  };
}

const CREATED = '1970-01-01T00:00:00Z';

/** The image-spec `platform` object, keys in a fixed order. */
export function platformJson(p: Platform): Record<string, unknown> {
  return { architecture: p.architecture, os: p.os, ...(p.variant === undefined ? {} : { variant: p.variant }) };
}

/** The OCI image config document: platform, runtime config, `rootfs.diff_ids` and one history entry per layer. */
export function imageConfigJson(
  platform: Platform, config: Required<FixtureImageConfig>, layers: readonly LayerBlob[], layerNames: readonly string[],
): Record<string, unknown> {
  return {
    created: CREATED,
    ...platformJson(platform),
    config: {
      User: config.User,
      ExposedPorts: config.ExposedPorts,
      Env: config.Env,
      Entrypoint: config.Entrypoint,
      Cmd: config.Cmd,
      WorkingDir: config.WorkingDir,
      Labels: config.Labels,
      StopSignal: config.StopSignal,
    },
    rootfs: { type: 'layers', diff_ids: layers.map((l) => l.diffId) },
    history: layerNames.map((name) => ({ created: CREATED, created_by: `rx-containerd fixture: ${name}` })),
  };
}

/** An OCI image manifest document: the config's descriptor and the layers' descriptors, in order. */
export function manifestJson(config: OciDescriptor, layers: readonly LayerBlob[]): Record<string, unknown> {
  return {
    schemaVersion: 2,
    mediaType: OCI_MEDIA_TYPES.manifest,
    config: descriptorJson(config),
    layers: layers.map((l) => descriptorJson(l.descriptor)),
  };
}

/** An OCI image index document listing `manifests` (each with its platform). */
export function indexJson(manifests: readonly OciDescriptor[]): Record<string, unknown> {
  return { schemaVersion: 2, mediaType: OCI_MEDIA_TYPES.index, manifests: manifests.map(descriptorJson) };
}

/** An image-spec descriptor object, keys in a fixed order, optional fields only when set. */
export function descriptorJson(d: OciDescriptor): Record<string, unknown> {
  return {
    mediaType: d.mediaType,
    digest: d.digest,
    size: d.size,
    ...(d.annotations === undefined ? {} : { annotations: d.annotations }),
    ...(d.platform === undefined ? {} : { platform: platformJson(d.platform) }),
  };
}

/**
 * The descriptors `index.json` lists: `target` once per name, annotated as `ctr images export` does it, with
 * containerd's `io.containerd.image.name` (the full name, which `ctr images import` reads) and OCI's
 * `org.opencontainers.image.ref.name` (the tag alone).
 */
export function layoutEntries(target: OciDescriptor, names: readonly string[]): OciDescriptor[] {
  return names.map((name) => ({
    ...target,
    annotations: { 'io.containerd.image.name': name, 'org.opencontainers.image.ref.name': tagOf(name) },
  }));
}

/** The tag of a reference (`latest` of `docker.io/library/x:latest`); the whole name when it has none. */
export function tagOf(name: string): string {
  const lastPart = name.slice(name.lastIndexOf('/') + 1).split('@')[0]!;
  const colon = lastPart.indexOf(':');
  return colon < 0 ? name : lastPart.slice(colon + 1);
}

/** The name Docker prints for a reference: without `docker.io/library/` or `docker.io/` (a `RepoTags` entry). */
export function familiarName(name: string): string {
  return name.replace(/^docker\.io\/library\//, '').replace(/^docker\.io\//, '');
}
