/**
 * Checking a blob against its digest and size while it streams: a running sha256 and byte count, and the typed
 * error of a blob that is not what it was announced as. Nothing is kept but the hash state.
 * @module
 */
import { createHash, type Hash } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { nameErrorClass } from '../client/error-base.js';
import { FailedPreconditionError } from '../client/error-classes.js';

/** What a {@link DigestMismatchError} compares. */
export interface DigestMismatchDetails {
  /** The digest the blob was announced with. */
  readonly expectedDigest: string;
  /** The digest of the bytes actually read (up to the first byte too many, when the blob was too long). */
  readonly actualDigest: string;
  /** The size announced, in bytes, when one was. */
  readonly expectedSize: number | undefined;
  /** The bytes actually read. */
  readonly size: number;
}

/**
 * The bytes of a blob do not match the digest or the size it was announced with, so nothing was committed. A
 * FailedPreconditionError (code 9), as containerd's content store answers a commit with "unexpected commit
 * digest" or "unexpected commit size".
 */
export class DigestMismatchError extends FailedPreconditionError implements DigestMismatchDetails {
  /** The digest the blob was announced with. */
  readonly expectedDigest: string;
  /** The digest of the bytes actually read. */
  readonly actualDigest: string;
  /** The size announced, in bytes, when one was. */
  readonly expectedSize: number | undefined;
  /** The bytes actually read. */
  readonly size: number;

  /**
   * @param details - what was expected and what was read.
   * @param call - the operation that read the blob.
   */
  constructor(details: DigestMismatchDetails, call = 'verifyDigest') {
    const sized = details.expectedSize !== undefined && details.expectedSize !== details.size;
    const message = sized
      ? `blob ${details.expectedDigest}: unexpected size ${details.size} bytes, expected ${details.expectedSize}`
      : `blob ${details.expectedDigest}: unexpected digest ${details.actualDigest} (${details.size} bytes)`;
    super({ code: GrpcStatus.FAILED_PRECONDITION, daemonMessage: message, call });
    this.expectedDigest = details.expectedDigest;
    this.actualDigest = details.actualDigest;
    this.expectedSize = details.expectedSize;
    this.size = details.size;
  }
}
nameErrorClass(DigestMismatchError, 'DigestMismatchError', 'ERR_CONTAINERD_DIGEST_MISMATCH');

/** What a blob is expected to be: its digest, and its size in bytes when known. */
export interface ExpectedBlob {
  /** The blob's digest, `sha256:…`. */
  readonly digest: string;
  /** The blob's size in bytes; when given, a longer blob fails at the first byte too many. */
  readonly size?: number | undefined;
}

/** A running digest of a blob fed chunk by chunk. */
export interface Digester {
  /** Adds a chunk. Throws DigestMismatchError when the bytes exceed the expected size. */
  update(chunk: Uint8Array): void;
  /** The bytes fed so far. */
  readonly size: number;
  /** Ends the hashing and checks it: the digest and size, or DigestMismatchError. */
  verify(): { readonly digest: string; readonly size: number };
}

/** A sha256 digester checking against `expected` (without it, it only computes). */
export function digester(expected?: ExpectedBlob, call = 'verifyDigest'): Digester {
  const hash: Hash = createHash('sha256');
  let size = 0;
  let result: string | undefined;
  const digest = (): string => (result ??= `sha256:${hash.digest('hex')}`);
  const mismatch = (): DigestMismatchError =>
    new DigestMismatchError({ expectedDigest: expected?.digest ?? '', actualDigest: digest(), expectedSize: expected?.size, size }, call);
  return {
    update(chunk) {
      size += chunk.byteLength;
      hash.update(chunk);
      if (expected?.size !== undefined && size > expected.size) throw mismatch();
    },
    get size() {
      return size;
    },
    verify() {
      const actual = digest();
      if (expected !== undefined && (actual !== expected.digest || (expected.size !== undefined && size !== expected.size))) throw mismatch();
      return { digest: actual, size };
    },
  };
}
