/**
 * A blob's bytes from whatever holds them (a Node Readable, any AsyncIterable of bytes, one Uint8Array) as an
 * async iterator of chunks of a bounded size, read on demand: the next chunk is read from the source only when
 * asked for, so at most one chunk (plus what is left of the source's last piece) is held at a time.
 * @module
 */
import { invalidArgument } from '../client/error-mapping.js';

/** Where a blob's bytes come from: a Node Readable (of Buffers), any AsyncIterable of bytes, or the bytes. */
export type BlobSource = Uint8Array | AsyncIterable<Uint8Array>;

/**
 * A source that can start anywhere: given an offset in bytes, the blob's bytes from there on (a registry blob
 * read with a Range request). A write that resumes asks it for the bytes the daemon lacks only.
 */
export type BlobSourceFrom = (offset: number) => BlobSource;

/**
 * Releases a source that may not have been read to its end: a Node Readable (anything with `destroy()` not yet
 * destroyed) is destroyed, which closes its file; bytes and other iterables hold nothing to release. A
 * `createReadStream` opens its file at once, so a write that never reads it (the blob is there already, an
 * error first, an unsubscribe) would otherwise keep a file descriptor open until the process ends.
 */
export function releaseSource(source: unknown): void {
  const stream = source as { destroy?: unknown; destroyed?: unknown } | null;
  if (stream !== null && typeof stream === 'object' && typeof stream.destroy === 'function' && stream.destroyed !== true) {
    (stream.destroy as () => void).call(stream);
  }
}

/** The largest chunk Content.Write sends: 1 MiB, as containerd's Go client (well under gRPC's 16 MiB message). */
export const MAX_WRITE_CHUNK = 1 << 20;

/**
 * The bytes of `source` in chunks of exactly `maxBytes` (the last one shorter): small pieces of the source are
 * joined, large ones cut (a cut shares the source's memory). Reads the source lazily; `return()` on the result
 * ends the source's own iterator (a Readable is destroyed). A piece that is not bytes (a Readable in string
 * mode) fails with InvalidArgumentError.
 */
export async function* blobChunks(source: BlobSource, maxBytes = MAX_WRITE_CHUNK, call = 'blobChunks'): AsyncGenerator<Uint8Array, void, undefined> {
  if (source instanceof Uint8Array) {
    for (let at = 0; at < source.byteLength; at += maxBytes) yield source.subarray(at, at + maxBytes);
    return;
  }
  if (source === null || typeof source !== 'object' || typeof (source as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] !== 'function') {
    throw invalidArgument(call, 'the source must be a Uint8Array, a Node Readable or an AsyncIterable of Uint8Array');
  }
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  for await (const piece of source as AsyncIterable<unknown>) {
    if (!(piece instanceof Uint8Array)) throw invalidArgument(call, `the source gave a ${typeof piece}, not bytes (a Readable must not have an encoding set)`);
    let rest = piece;
    while (heldBytes + rest.byteLength >= maxBytes) {
      const take = maxBytes - heldBytes;
      held.push(rest.subarray(0, take));
      rest = rest.subarray(take);
      const chunk = held.length === 1 ? held[0]! : Buffer.concat(held, maxBytes);
      held = [];
      heldBytes = 0;
      yield chunk;
    }
    if (rest.byteLength > 0) {
      held.push(rest);
      heldBytes += rest.byteLength;
    }
  }
  if (heldBytes > 0) yield held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes);
}
