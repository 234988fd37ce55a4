/**
 * Unpacking an image: its layers applied one on another into committed snapshots named by their chain ids, as
 * containerd's `image.Unpack` does. Per layer, bottom first: Snapshots.Stat(chain id) (there: skip it); else
 * Prepare `extract-<unique> <chain id>` on the previous chain id, Diff.Apply of the layer blob onto its mounts
 * (the applied diff id checked against the config's), Commit as the chain id. Then labels that keep it all:
 * `containerd.io/uncompressed` on each layer applied, `containerd.io/gc.ref.snapshot.<snapshotter>` = the top
 * chain id on the config blob (the GC follows image -> manifest -> config -> snapshot).
 * @module
 */
import { randomBytes } from 'node:crypto';
import { catchError, concat, concatMap, defer, EMPTY, from, ignoreElements, map, mergeMap, of, throwError, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { AlreadyExistsError, NotFoundError } from '../client/errors.js';
import { ImageFormatError } from '../client/image-error-classes.js';
import { DiffIdMismatchError } from '../client/unpack-error-classes.js';
import type { Mount } from '../proto/messages.js';
import { Diff } from '../proto/services.js';
import { chainIds } from './chain-id.js';
import { ContentStore } from './content-store.js';
import { configSnapshotLabel, layerLabels } from './gc-labels.js';
import type { Descriptor, ImageConfig, Manifest } from './oci-types.js';
import { Snapshotter } from './snapshots.js';
import { withLease$ } from './with-lease.js';

/** One layer done: emitted by {@link unpack$} after each layer, bottom first. */
export interface UnpackProgress {
  /** Always `'unpacking'`. */
  readonly phase: 'unpacking';
  /** The layer's position, 0 for the bottom one. */
  readonly layer: number;
  /** How many layers the image has. */
  readonly of: number;
  /** The layer blob's digest. */
  readonly digest: string;
  /** The chain id its snapshot is committed as. */
  readonly chainId: string;
  /** True when the snapshot was there already (nothing prepared or applied). */
  readonly skipped: boolean;
}

/** Options of {@link unpack$}. */
export interface UnpackOptions {
  /** The snapshotter to unpack into: `overlayfs`, `native`, ... */
  readonly snapshotter: string;
  /** The life of the unpack's own lease should it never be deleted (a crash), in ms. Default 24 h. */
  readonly leaseExpireMs?: number;
}

/**
 * Unpacks the layers of `manifest` (whose image config is `config`) into the snapshotter, under a lease of its
 * own unless `port` carries one. Emits {@link UnpackProgress} per layer; completes when the config blob carries
 * the snapshot label. Unsubscribing stops between calls; what was made is the lease's and goes with it.
 *
 * @throws DiffIdMismatchError when a layer applies to another diff id than the config's (its extraction
 * snapshot removed, nothing committed for it).
 * @throws ImageFormatError when the config lists another number of diff ids than the manifest has layers.
 * @throws NotFoundError when a layer blob is missing from the content store.
 */
export function unpack$(port: CallPort, manifest: Manifest, config: ImageConfig, options: UnpackOptions): Observable<UnpackProgress> {
  return defer(() => {
    const diffIds = config.rootfs.diff_ids;
    if (diffIds.length !== manifest.layers.length) {
      const problem = `rootfs.diff_ids lists ${diffIds.length} layers, the manifest has ${manifest.layers.length}`;
      throw new ImageFormatError({ digest: manifest.config.digest, mediaType: manifest.config.mediaType, problem }, 'unpack');
    }
    const chain = chainIds(diffIds);
    const run = (leased: CallPort): Observable<UnpackProgress> => {
      const sn = new Snapshotter(leased, options.snapshotter);
      const layers$ = from(manifest.layers.entries()).pipe(
        concatMap(([i, layer]) => unpackLayer$(leased, sn, { layer, index: i, diffId: diffIds[i]!, chainId: chain[i]!, parent: chain[i - 1] }).pipe(
          map((skipped): UnpackProgress => ({ phase: 'unpacking', layer: i, of: manifest.layers.length, digest: layer.digest, chainId: chain[i]!, skipped })),
        )),
      );
      const top = chain.at(-1);
      const label$ = top === undefined ? EMPTY : labelContent$(leased, manifest.config.digest, configSnapshotLabel(options.snapshotter, top));
      return concat(layers$, label$);
    };
    // under the caller's lease if it has one, else under one of its own (containerd's image.Unpack does the same)
    if (port.lease !== undefined) return run(port);
    return withLease$(port, run, options.leaseExpireMs === undefined ? {} : { expireMs: options.leaseExpireMs });
  });
}

interface LayerStep {
  readonly layer: Descriptor;
  readonly index: number;
  readonly diffId: string;
  readonly chainId: string;
  readonly parent: string | undefined;
}

/** One layer: emits true when its snapshot was there already, false once applied and committed. */
function unpackLayer$(port: CallPort, sn: Snapshotter, step: LayerStep): Observable<boolean> {
  return sn.stat$(step.chainId).pipe(
    map(() => true),
    catchError((error: unknown) => (error instanceof NotFoundError ? extract$(port, sn, step) : throwError(() => error))),
  );
}

/** Prepare, apply, check, commit; the extraction snapshot removed on any failure. */
function extract$(port: CallPort, sn: Snapshotter, step: LayerStep): Observable<boolean> {
  const key = `extract-${uniquePart()} ${step.chainId}`;
  return sn.prepare$(key, step.parent === undefined ? {} : { parent: step.parent }).pipe(
    mergeMap((mounts) => apply$(port, step, mounts).pipe(
      concatMap(() => concat(sn.commit$(step.chainId, key), of(false))),
      catchError((error: unknown) => concat(
        sn.remove$(key).pipe(catchError(() => EMPTY)),
        // committed meanwhile by someone else: the layer is there, as containerd takes it
        error instanceof AlreadyExistsError ? of(true) : throwError(() => error),
      )),
    )),
    concatMap((skipped) => (skipped ? of(true) : concat(labelContent$(port, step.layer.digest, layerLabels(step.diffId)), of(false)))),
  );
}

/** Diff.Apply of the layer onto `mounts`; fails with DiffIdMismatchError when the result is not its diff id. */
function apply$(port: CallPort, step: LayerStep, mounts: readonly Mount[]): Observable<void> {
  const { mediaType, digest, size, annotations } = step.layer;
  return port.call$(Diff.apply, { diff: { mediaType, digest, size, ...(annotations ? { annotations } : {}) }, mounts }).pipe(
    map(({ applied }) => {
      const actual = applied?.digest ?? '';
      if (actual !== step.diffId) throw new DiffIdMismatchError({ layer: step.index, digest, expected: step.diffId, actual });
    }),
  );
}

/** Sets `labels` on the blob `digest`, leaving its other labels. */
function labelContent$(port: CallPort, digest: string, labels: Record<string, string>): Observable<never> {
  return new ContentStore(port).updateLabels$(digest, labels).pipe(ignoreElements());
}

/** As containerd's extraction keys: a time part and random bytes, unique enough for concurrent unpacks. */
function uniquePart(): string {
  return `${Date.now() % 1_000_000_000}-${randomBytes(3).toString('base64url')}`;
}
