/**
 * Checking content from a registry against the digest and size it was announced with: a manifest held whole,
 * or a blob as its chunks pass (hashed on the way, never held).
 * @module
 */
import { createHash } from 'node:crypto';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { FailedPreconditionError } from '../../client/errors.js';

/** What content should be: its digest (`sha256:…`) and, when known, its size in bytes. */
export interface ExpectedContent {
  /** The digest announced. */
  readonly digest: string;
  /** The size announced, in bytes. */
  readonly size?: number | undefined;
}

/** `sha256:` and the hex sha256 of `bytes`. */
export function sha256Digest(bytes: Uint8Array): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

function mismatch(expected: ExpectedContent, actual: string, size: number, call: string): FailedPreconditionError {
  const what = expected.size !== undefined && expected.size !== size
    ? `unexpected size ${size} bytes, expected ${expected.size}`
    : `unexpected digest ${actual} (${size} bytes)`;
  return new FailedPreconditionError({ code: GrpcStatus.FAILED_PRECONDITION, daemonMessage: `blob ${expected.digest}: ${what}`, call });
}

function algorithmOf(digest: string): string {
  const algorithm = digest.slice(0, digest.indexOf(':'));
  return ['sha256', 'sha384', 'sha512'].includes(algorithm) ? algorithm : 'sha256';
}

/**
 * Checks `bytes` against `expected`.
 * @throws FailedPreconditionError naming the digest when the bytes do not match it or the size.
 */
export function verifyBytes(bytes: Uint8Array, expected: ExpectedContent, call: string): void {
  const actual = `${algorithmOf(expected.digest)}:${createHash(algorithmOf(expected.digest)).update(bytes).digest('hex')}`;
  if (actual !== expected.digest || (expected.size !== undefined && expected.size !== bytes.byteLength)) {
    throw mismatch(expected, actual, bytes.byteLength, call);
  }
}

/**
 * The chunks of `source`, passed on as they come, hashed on the way; at the end (or as soon as they exceed the
 * size) the whole is checked against `expected`.
 * @throws FailedPreconditionError naming the digest when the bytes do not match.
 */
export async function* verifiedChunks(source: AsyncIterable<Uint8Array>, expected: ExpectedContent, call: string): AsyncGenerator<Uint8Array, void, undefined> {
  const algorithm = algorithmOf(expected.digest);
  const hash = createHash(algorithm);
  let size = 0;
  for await (const chunk of source) {
    size += chunk.byteLength;
    if (expected.size !== undefined && size > expected.size) throw mismatch(expected, `${algorithm}:?`, size, call);
    hash.update(chunk);
    yield chunk;
  }
  const actual = `${algorithm}:${hash.digest('hex')}`;
  if (actual !== expected.digest || (expected.size !== undefined && expected.size !== size)) throw mismatch(expected, actual, size, call);
}
