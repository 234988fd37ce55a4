/**
 * Container options: devices and device cgroup rules, applied to the OCI spec.
 * @module
 */
import type { OciSpec } from '../oci-spec.js';

/** Container options: devices and device cgroup rules. */
export interface DevicesOptions {}

/** Applies the {@link DevicesOptions} of `options` to `spec`, after checking them (InvalidArgumentError naming the option). */
export function applyDevices(spec: OciSpec, options: DevicesOptions, call: string): void {
  void spec;
  void options;
  void call;
}
