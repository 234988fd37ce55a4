/**
 * Container options: mounts (bind, tmpfs), the root's writability, /dev/shm, the host's /etc files, hostname and domainname, applied to the OCI spec.
 * @module
 */
import type { OciSpec } from '../oci-spec.js';

/** Container options: mounts (bind, tmpfs), the root's writability, /dev/shm, the host's /etc files, hostname and domainname. */
export interface FilesystemOptions {}

/** Applies the {@link FilesystemOptions} of `options` to `spec`, after checking them (InvalidArgumentError naming the option). */
export function applyFilesystem(spec: OciSpec, options: FilesystemOptions, call: string): void {
  void spec;
  void options;
  void call;
}
