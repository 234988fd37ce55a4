/**
 * `rx-containerd/testing`: fakes for marble-testing pipelines built on rx-containerd, in RxJS virtual time; and
 * the harness for tests against a real daemon: a private containerd (`startDaemon`), a busybox rootfs
 * (`busyboxRootfs`) and a private registry (`startRegistry`, with `startTokenServer` for its token auth). The
 * harness scans /proc, force-deletes runc state and unmounts what its daemon left: it is for tests, examples and
 * demos, never for production code.
 * @module
 */
export * from './fake-process.js';
export * from './fake-start.js';
export * from './fake-journal.js';
export * from './fake-script.js';
export * from './fake-events.js';
export { startDaemon, type Daemon, type DaemonOptions, type DaemonTcp } from './daemon.js';
export type { DaemonCertificates } from './certificates.js';
export { busyboxRootfs } from './rootfs.js';
export { DaemonStartError, RegistryStartError, RootfsError } from './harness-errors.js';
export { startRegistry, type Registry, type StartRegistryOptions } from './registry.js';
export { startTokenServer, type TokenRequest, type TokenServer, type TokenServerOptions } from './token-server.js';
export {
  buildFixtureImage, foreignPlatform, FIXTURE_IMAGE_NAME,
  type FixtureImage, type FixtureImageOptions, type FixtureManifest, type FixturePlatforms,
} from './image-builder.js';
export { FIXTURE_FILES, type FixtureLayer } from './image-layers.js';
export type { FixtureImageConfig } from './image-manifests.js';
export { OCI_MEDIA_TYPES, type LayerBlob, type OciDescriptor } from './image-blobs.js';
export { writeDockerArchive, writeOciArchive, type DockerArchiveOptions } from './image-archive.js';
export {
  writeArchiveWithCorruptBlob, writeNotATarArchive, writeTruncatedArchive, type CorruptArchive,
} from './image-bad-archives.js';
export type { Platform } from '../images/platform.js';
export { loadFixtureImage } from './image-load.js';
export { pushFixtureImage } from './image-push.js';
