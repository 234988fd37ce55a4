/**
 * The labels that tell containerd's garbage collector what a blob keeps alive. The GC deletes any content or
 * snapshot that nothing references; an image record references its target, and each blob's
 * `containerd.io/gc.ref.*` labels reference its children: an index its manifests, a manifest its config and
 * layers, a config the snapshot unpacked from it. A blob written without them is collected once its lease ends.
 * @module
 */
import { isConfig, isIndex, isLayer, isManifest } from './media-types.js';
import type { Descriptor, Index, Manifest } from './oci-types.js';

/** The label prefix of a content reference. */
export const GC_REF_CONTENT = 'containerd.io/gc.ref.content';
/** The label prefix of a snapshot reference: `containerd.io/gc.ref.snapshot.<snapshotter>`. */
export const GC_REF_SNAPSHOT = 'containerd.io/gc.ref.snapshot';
/** The label of a compressed layer naming its uncompressed digest (its diff id). */
export const UNCOMPRESSED_LABEL = 'containerd.io/uncompressed';

/**
 * The label key of a child by its kind, as containerd's `images.ChildGCLabels` names it: `…content.config`
 * for a config, `…content.m.` for a manifest, `…content.l.` for a layer, `…content.` for anything else; a key
 * ending in `.` is numbered by {@link childGcLabels}.
 */
function childKey(mediaType: string): string {
  if (isConfig(mediaType)) return `${GC_REF_CONTENT}.config`;
  if (isManifest(mediaType)) return `${GC_REF_CONTENT}.m.`;
  if (isLayer(mediaType)) return `${GC_REF_CONTENT}.l.`;
  return `${GC_REF_CONTENT}.`;
}

/**
 * The GC labels of a blob whose children are `children`, numbered as containerd's
 * `images.SetChildrenMappedLabels` numbers them: each key counts its own children from 0 (`l.0`, `l.1`, … for
 * layers whatever comes before them), a key seen twice gets a number from its second use on.
 *
 * @example
 * ```ts
 * childGcLabels([manifest.config, ...manifest.layers])
 * // { 'containerd.io/gc.ref.content.config': 'sha256:c…', 'containerd.io/gc.ref.content.l.0': 'sha256:a…', … }
 * ```
 */
export function childGcLabels(children: readonly Descriptor[]): Record<string, string> {
  const counts = new Map<string, number>();
  const labels: Record<string, string> = {};
  for (const child of children) {
    const key = childKey(child.mediaType);
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    labels[n > 0 || key.endsWith('.') ? `${key}${n}` : key] = child.digest;
  }
  return labels;
}

/** The GC labels of an index: `containerd.io/gc.ref.content.m.<i>` per manifest (nested indexes numbered apart). */
export function indexGcLabels(index: Index): Record<string, string> {
  return childGcLabels(index.manifests);
}

/** The GC labels of a manifest: `containerd.io/gc.ref.content.config`, and `containerd.io/gc.ref.content.l.<i>` per layer. */
export function manifestGcLabels(manifest: Manifest): Record<string, string> {
  return childGcLabels([manifest.config, ...manifest.layers]);
}

/** The GC labels of an index or a manifest by its media type; none for anything else (configs, layers). */
export function gcLabelsOf(mediaType: string, document: Index | Manifest): Record<string, string> {
  if (isIndex(mediaType) && 'manifests' in document) return indexGcLabels(document);
  if (isManifest(mediaType) && 'layers' in document) return manifestGcLabels(document);
  return {};
}

/** The label of a layer blob naming its diff id (`containerd.io/uncompressed`), which unpacking reads. */
export function layerLabels(diffId: string): Record<string, string> {
  return { [UNCOMPRESSED_LABEL]: diffId };
}

/**
 * The label of an image config that keeps its unpacked snapshot alive:
 * `containerd.io/gc.ref.snapshot.<snapshotter>` = the image's chain id.
 */
export function configSnapshotLabel(snapshotter: string, chainId: string): Record<string, string> {
  return { [`${GC_REF_SNAPSHOT}.${snapshotter}`]: chainId };
}
