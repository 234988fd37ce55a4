/**
 * What a push tells while it runs: the overall phase (`pushing`, then `done` with the descriptor pushed) and each
 * blob's own progress, thinned out as a pull's is.
 * @module
 */
import type { Descriptor } from './oci-types.js';

/** Where a blob of a push stands: `exists` (the registry had it), `mounted` (from another repository of it). */
export type PushBlobPhase = 'waiting' | 'uploading' | 'done' | 'exists' | 'mounted';

/** One blob's progress: config and layers, each from `waiting` to `done`, `exists` or `mounted`. */
export interface PushBlobProgress {
  /** Always `'blob'`. */
  readonly type: 'blob';
  /** The blob's digest. */
  readonly digest: string;
  /** Its media type. */
  readonly mediaType: string;
  /** Where it stands. */
  readonly phase: PushBlobPhase;
  /** The bytes sent so far (the size, once there). */
  readonly bytes: number;
  /** The blob's size in bytes. */
  readonly total: number;
}

/** The push has begun: the image's content is read, its blobs go to the registry. */
export interface PushPhaseProgress {
  /** Always `'phase'`. */
  readonly type: 'phase';
  /** Always `'pushing'`. */
  readonly phase: 'pushing';
}

/** The last value of a push: the descriptor the reference now names in the registry. */
export interface PushDone {
  /** Always `'phase'`. */
  readonly type: 'phase';
  /** Always `'done'`. */
  readonly phase: 'done';
  /** The index or manifest pushed under the reference. */
  readonly target: Descriptor;
}

/** A value of `push$`. */
export type PushProgress = PushPhaseProgress | PushBlobProgress | PushDone;
