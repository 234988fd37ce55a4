/**
 * Chain ids: the names of a layer stack's snapshots, as the OCI image spec defines them. A layer's chain id
 * names the filesystem of that layer applied on all the layers below it, so two images sharing their first
 * layers share those snapshots.
 * @module
 */
import { createHash } from 'node:crypto';
import type { Digest } from './digest.js';

/**
 * The chain id of every prefix of a layer stack, from the layers' diff ids (the digests of their uncompressed
 * tars, an image config's `rootfs.diff_ids`), bottom layer first:
 * `ChainID(L0) = DiffID(L0)`, `ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))` (OCI image spec,
 * config.md "Layer ChainID"). The last one names the whole image's snapshot; containerd commits each layer's
 * snapshot under its chain id.
 *
 * @example
 * ```ts
 * const ids = chainIds(config.rootfs.diff_ids);
 * ids[ids.length - 1]   // the snapshot a container of this image starts from
 * ```
 */
export function chainIds(diffIds: readonly string[]): Digest[] {
  const ids: Digest[] = [];
  for (const diffId of diffIds) {
    const parent = ids[ids.length - 1];
    ids.push(parent === undefined ? (diffId as Digest) : `sha256:${createHash('sha256').update(`${parent} ${diffId}`).digest('hex')}`);
  }
  return ids;
}

/** The chain id of a whole layer stack (its top layer's), or `undefined` for an image without layers. */
export function chainId(diffIds: readonly string[]): Digest | undefined {
  return chainIds(diffIds).at(-1);
}
