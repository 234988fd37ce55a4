/**
 * Content digests (`algorithm:hex`, the OCI image spec's descriptor digests): checking one, computing one, and
 * checking a blob against its digest and size while it streams, chunk by chunk, never holding it whole.
 * @module
 */
import { createHash, type Hash } from 'node:crypto';
import { Observable, type OperatorFunction } from 'rxjs';
import { invalidArgument } from '../client/errors.js';
import { DigestMismatchError } from '../client/image-error-classes.js';

/** A content digest, `algorithm:hex`, e.g. `sha256:e3b0c442…`. */
export type Digest = `${DigestAlgorithm}:${string}`;

/**
 * The algorithms accepted, as containerd's go-digest accepts them: `sha256` (what everything uses), `sha384`
 * and `sha512`. Anything else is refused.
 */
export type DigestAlgorithm = 'sha256' | 'sha384' | 'sha512';

const HEX_LENGTH: Readonly<Record<DigestAlgorithm, number>> = { sha256: 64, sha384: 96, sha512: 128 };

/** A digest taken apart. */
export interface ParsedDigest {
  /** The hash algorithm. */
  readonly algorithm: DigestAlgorithm;
  /** The hash, lowercase hex (64 characters for sha256). */
  readonly encoded: string;
}

/**
 * Takes a digest apart, checking it: a known algorithm, then exactly its length of lowercase hex.
 * @throws InvalidArgumentError naming the text, for anything else (uppercase hex included, as go-digest).
 *
 * @example
 * ```ts
 * parseDigest('sha256:' + 'ab'.repeat(32))  // { algorithm: 'sha256', encoded: 'abab…' }
 * parseDigest('md5:00')                      // throws InvalidArgumentError
 * ```
 */
export function parseDigest(text: string, call = 'parseDigest'): ParsedDigest {
  const colon = typeof text === 'string' ? text.indexOf(':') : -1;
  const algorithm = colon > 0 ? text.slice(0, colon) : '';
  const encoded = colon > 0 ? text.slice(colon + 1) : '';
  if (!Object.hasOwn(HEX_LENGTH, algorithm)) {
    throw invalidArgument(call, `invalid digest ${JSON.stringify(text)}: not sha256:, sha384: or sha512: followed by lowercase hex`);
  }
  const length = HEX_LENGTH[algorithm as DigestAlgorithm];
  if (encoded.length !== length || !/^[0-9a-f]+$/.test(encoded)) {
    throw invalidArgument(call, `invalid digest ${JSON.stringify(text)}: ${algorithm} takes ${length} lowercase hex characters`);
  }
  return { algorithm: algorithm as DigestAlgorithm, encoded };
}

/** `text` checked as a digest ({@link parseDigest}) and typed as one. */
export function checkDigest(text: string, call = 'checkDigest'): Digest {
  parseDigest(text, call);
  return text as Digest;
}

/** Whether `text` is a valid digest ({@link parseDigest} would accept it). */
export function isDigest(text: unknown): text is Digest {
  if (typeof text !== 'string') return false;
  try {
    parseDigest(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * The digest of `bytes` (a string counts as its UTF-8 bytes).
 *
 * @example
 * ```ts
 * digestOf(new Uint8Array())  // 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
 * ```
 */
export function digestOf(bytes: Uint8Array | string, algorithm: DigestAlgorithm = 'sha256'): Digest {
  return `${algorithm}:${createHash(algorithm).update(bytes).digest('hex')}`;
}

/** What a blob is expected to be: its digest, and its size in bytes when known. */
export interface ExpectedBlob {
  /** The blob's digest; its algorithm is the one computed. */
  readonly digest: string;
  /** The blob's size in bytes; when given, a longer blob fails at the first byte too many. */
  readonly size?: number;
}

/** A running digest of a blob fed chunk by chunk: {@link digester}. */
export interface Digester {
  /** Adds a chunk. @throws DigestMismatchError when the bytes exceed the expected size. */
  update(chunk: Uint8Array): void;
  /** The bytes fed so far. */
  readonly size: number;
  /** The digest of everything fed (ends the hashing: call once, after the last chunk). */
  digest(): Digest;
  /**
   * Ends the hashing and checks it against what was expected.
   * @returns the digest and the size, when they match.
   * @throws DigestMismatchError with the expected and actual digests and sizes, when they do not.
   */
  verify(): { readonly digest: Digest; readonly size: number };
}

/**
 * A digester: fed the chunks of a blob as they stream (`update`), it counts the bytes and hashes them on the
 * fly, then checks the result against `expected` (`verify`). Without `expected` it only computes (sha256): the
 * digest of a `docker save` layer is only known once read. Nothing is kept but the hash state.
 *
 * @example
 * ```ts
 * const d = digester({ digest, size });
 * for await (const chunk of body) { d.update(chunk); await write(chunk); }
 * d.verify();   // throws DigestMismatchError before anything is committed
 * ```
 */
export function digester(expected?: ExpectedBlob, call = 'verifyDigest'): Digester {
  const algorithm = expected === undefined ? 'sha256' : parseDigest(expected.digest, call).algorithm;
  const hash: Hash = createHash(algorithm);
  let size = 0;
  let result: Digest | undefined;
  const mismatch = (actual: string): DigestMismatchError =>
    new DigestMismatchError({ expectedDigest: expected?.digest ?? '', actualDigest: actual, expectedSize: expected?.size, size }, call);
  const digest = (): Digest => (result ??= `${algorithm}:${hash.digest('hex')}`);
  return {
    update(chunk) {
      if (result !== undefined) throw new Error('rx-containerd: digester updated after its digest was taken');
      size += chunk.byteLength;
      hash.update(chunk);
      if (expected?.size !== undefined && size > expected.size) throw mismatch(digest());
    },
    get size() {
      return size;
    },
    digest,
    verify() {
      const actual = digest();
      if (expected !== undefined && (actual !== expected.digest || (expected.size !== undefined && size !== expected.size))) throw mismatch(actual);
      return { digest: actual, size };
    },
  };
}

/**
 * An operator that passes a blob's chunks through unchanged while digesting them, and errors with a
 * {@link DigestMismatchError} instead of completing when the blob does not match `expected` (or at once, on
 * the first chunk past the expected size). A content write placed after it commits only verified bytes.
 *
 * ```
 * source:  --a--b--|
 * result:  --a--b--|        (digest and size match)
 * result:  --a--b--#        (they do not: DigestMismatchError)
 * ```
 */
export function verifyDigest(expected: ExpectedBlob, call = 'verifyDigest'): OperatorFunction<Uint8Array, Uint8Array> {
  return (source) =>
    new Observable<Uint8Array>((subscriber) => {
      const d = digester(expected, call);
      return source.subscribe({
        next(chunk) {
          try {
            d.update(chunk);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next(chunk);
        },
        error: (error: unknown) => subscriber.error(error),
        complete() {
          try {
            d.verify();
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.complete();
        },
      });
    });
}
