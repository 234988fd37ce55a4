/**
 * What the importer learns of an archive file while writing it: its digest, size and compression, computed
 * chunk by chunk as the body streams (the tar says none of them).
 * @module
 */
import { digester, type ExpectedBlob } from './digest.js';
import { sniffCompression, type LayerCompression } from './media-types.js';

/** An archive file as written to the content store: what the planners need of it. */
export interface ArchiveBlob {
  /** The digest of its bytes, as stored (compressed or not). */
  readonly digest: string;
  /** Its size in bytes. */
  readonly size: number;
  /** How it is compressed, from its first bytes: what a layer's media type says. */
  readonly compression: LayerCompression;
  /** Its bytes, when small enough to be kept (configs, manifests). */
  readonly bytes?: Uint8Array;
}

/** A meter of a blob fed chunk by chunk: {@link blobMeter}. */
export interface BlobMeter {
  /** Adds a chunk. @throws DigestMismatchError past the expected size. */
  update(chunk: Uint8Array): void;
  /**
   * The blob's digest, size and compression.
   * @throws DigestMismatchError when `expected` was given and the bytes do not match it.
   */
  result(): ArchiveBlob;
}

/**
 * A meter for an archive file: digests and counts the chunks (checking them against `expected` when the file's
 * name tells its digest, as `blobs/sha256/<hex>` does), and reads the compression from the first bytes.
 *
 * @example
 * ```ts
 * const meter = blobMeter();
 * for await (const chunk of entry.body) { meter.update(chunk); await write(chunk); }
 * const { digest, size, compression } = meter.result();
 * ```
 */
export function blobMeter(expected?: ExpectedBlob): BlobMeter {
  const d = digester(expected);
  let head = new Uint8Array(0);
  return {
    update(chunk) {
      if (head.length < 4) head = Buffer.concat([head, chunk.subarray(0, 4 - head.length)]);
      d.update(chunk);
    },
    result() {
      const { digest, size } = d.verify();
      return { digest, size, compression: sniffCompression(head) };
    },
  };
}
