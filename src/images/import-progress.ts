/**
 * What an import tells while it runs ({@link importImage$}): each blob as it is written, each image record,
 * each layer unpacked, and at the end the images.
 * @module
 */
import type { Descriptor } from './oci-types.js';
import type { Image } from './image.js';
import type { UnpackProgress } from './unpack.js';
import type { WritePhase } from './write-progress.js';

/** A blob of the archive on its way into the content store (thinned out as a content write's progress is). */
export interface ImportBlobProgress {
  /** Always `'blob'`. */
  readonly phase: 'blob';
  /** The archive entry the blob comes from: `blobs/sha256/<hex>`, `<id>/layer.tar`. */
  readonly entry: string;
  /** The blob's digest; `''` for a `docker save` layer until it is committed (its digest is known only then). */
  readonly digest: string;
  /** `exists` (the store had it: nothing sent), `writing`, `committed`. */
  readonly state: WritePhase;
  /** Bytes the daemon has. */
  readonly offset: number;
  /** The blob's size in bytes (0 while unknown). */
  readonly total: number;
}

/** An image record created or updated. */
export interface ImportImageProgress {
  /** Always `'image'`. */
  readonly phase: 'image';
  /** The image's name. */
  readonly name: string;
  /** The index or manifest it points at. */
  readonly target: Descriptor;
}

/** A layer of an imported image unpacked (or found unpacked). */
export interface ImportUnpackProgress extends UnpackProgress {
  /** The image's name, or the target's digest for an image the archive does not name. */
  readonly image: string;
}

/** The last value: the images the archive named, as records of the daemon. */
export interface ImportDone {
  /** Always `'done'`. */
  readonly phase: 'done';
  /** One per name, in the archive's order. */
  readonly images: readonly Image[];
}

/** One step of {@link importImage$}. */
export type ImportProgress = ImportBlobProgress | ImportUnpackProgress | ImportImageProgress | ImportDone;
