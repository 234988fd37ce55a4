/**
 * What a pull tells while it runs: the overall phase (`resolving`, `fetching`, `unpacking`, then `done` with
 * the image), and each blob's own progress. Blob values are thinned out as content writes are (at most every
 * 100 ms or 4 MiB while bytes flow, plus the first and the last), so a 1 GB pull makes a few hundred values,
 * not one per chunk.
 * @module
 */
import type { Image } from './image.js';
import type { WriteProgress } from './write-progress.js';

/** Where a blob of a pull stands. */
export type PullBlobPhase = 'waiting' | 'downloading' | 'verifying' | 'done' | 'exists';

/** One blob's progress: config and layers, each from `waiting` to `done` (or `exists`: the store had it). */
export interface PullBlobProgress {
  /** Always `'blob'`. */
  readonly type: 'blob';
  /** The blob's digest. */
  readonly digest: string;
  /** Its media type (a layer's, the config's). */
  readonly mediaType: string;
  /** Where it stands: `verifying` once every byte is sent (the commit checks the digest). */
  readonly phase: PullBlobPhase;
  /** The bytes the content store has, counted from the start of the blob (a resumed blob starts past 0). */
  readonly bytes: number;
  /** The blob's size in bytes, as its descriptor says. */
  readonly total: number;
}

/** A phase of the pull begun: `resolving` the reference, `fetching` the blobs, `unpacking` the layers. */
export interface PullPhaseProgress {
  /** Always `'phase'`. */
  readonly type: 'phase';
  /** The phase begun. */
  readonly phase: 'resolving' | 'fetching' | 'unpacking';
}

/** The last value of a pull: the image, pulled (and unpacked). */
export interface PullDone {
  /** Always `'phase'`. */
  readonly type: 'phase';
  /** Always `'done'`. */
  readonly phase: 'done';
  /** The image record, named by the canonical reference. */
  readonly image: Image;
}

/** A value of `pull$`: a phase of the pull, or a blob's progress. */
export type PullProgress = PullPhaseProgress | PullBlobProgress | PullDone;

/** A blob waiting for its turn. */
export function waiting(descriptor: { readonly digest: string; readonly mediaType: string; readonly size: number }): PullBlobProgress {
  return { type: 'blob', digest: descriptor.digest, mediaType: descriptor.mediaType, phase: 'waiting', bytes: 0, total: descriptor.size };
}

/** A content write's progress as the pull's progress of that blob. */
export function blobProgress(descriptor: { readonly digest: string; readonly mediaType: string; readonly size: number }, write: WriteProgress): PullBlobProgress {
  const phase: PullBlobPhase = write.phase === 'exists' ? 'exists'
    : write.phase === 'committed' ? 'done'
    : write.offset >= descriptor.size ? 'verifying' : 'downloading';
  return { type: 'blob', digest: descriptor.digest, mediaType: descriptor.mediaType, phase, bytes: write.offset, total: descriptor.size };
}
