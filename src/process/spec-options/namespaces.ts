/**
 * Container options: the namespaces shared with the host or joined from another container, applied to the OCI spec.
 * @module
 */
import type { OciSpec } from '../oci-spec.js';

/** Container options: the namespaces shared with the host or joined from another container. */
export interface NamespacesOptions {}

/** Applies the {@link NamespacesOptions} of `options` to `spec`, after checking them (InvalidArgumentError naming the option). */
export function applyNamespaces(spec: OciSpec, options: NamespacesOptions, call: string): void {
  void spec;
  void options;
  void call;
}
