/**
 * The typed error of unpacking an image: a layer whose content is not the layer its image config names.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { nameErrorClass } from './error-base.js';
import { FailedPreconditionError } from './error-classes.js';

/** What a {@link DiffIdMismatchError} names: the layer and the two diff ids. */
export interface DiffIdMismatchDetails {
  /** The layer's position in the manifest, 0 for the bottom one. */
  readonly layer: number;
  /** The layer blob's digest (of its compressed bytes), `sha256:…`. */
  readonly digest: string;
  /** The diff id the image config lists for the layer (`rootfs.diff_ids[layer]`). */
  readonly expected: string;
  /** The digest of the uncompressed tar the daemon applied. */
  readonly actual: string;
}

/**
 * A layer applied to a snapshot whose uncompressed digest is not the diff id the image config lists for it:
 * the image is inconsistent, nothing is committed for that layer (its extraction snapshot is removed). A
 * FailedPreconditionError (code 9), as containerd fails the same unpack ("wrong diff id calculated on
 * extraction").
 */
export class DiffIdMismatchError extends FailedPreconditionError implements DiffIdMismatchDetails {
  readonly layer: number;
  readonly digest: string;
  readonly expected: string;
  readonly actual: string;

  constructor(details: DiffIdMismatchDetails, call = 'unpack') {
    const message = `layer ${details.layer} (${details.digest}) unpacks to diff id ${details.actual}, but the image config says ${details.expected}`;
    super({ code: GrpcStatus.FAILED_PRECONDITION, daemonMessage: message, call });
    this.layer = details.layer;
    this.digest = details.digest;
    this.expected = details.expected;
    this.actual = details.actual;
  }
}

nameErrorClass(DiffIdMismatchError, 'DiffIdMismatchError', 'ERR_CONTAINERD_DIFF_ID_MISMATCH');
