/**
 * A blob of the content store as a Node Readable, for what wants a stream (a file, an HTTP response, tar):
 * read in windows of 4 MiB (one ranged Content.Read each), the next window asked for only when the reader
 * wants more, so a slow reader holds at most one window.
 * @module
 */
import { Readable } from 'node:stream';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { contentInfo$ } from './content-info.js';
import { readBlob$, type ReadRange } from './read-blob.js';

/** The bytes one ranged read asks for. */
const WINDOW = 4 * 1024 * 1024;

/**
 * The bytes of blob `digest` (or of `range` of it) as a Readable of Buffers. It errors with NotFoundError when
 * the blob is not in the store; destroying it stops the reading after the window in flight.
 */
export function blobReadable(port: CallPort, digest: string, range: ReadRange = {}): Readable {
  return Readable.from(windows(port, digest, range), { objectMode: false });
}

async function* windows(port: CallPort, digest: string, range: ReadRange): AsyncGenerator<Buffer, void, undefined> {
  const start = range.offset ?? 0;
  const end = range.size ? start + range.size : (await firstValueFrom(contentInfo$(port, digest))).size;
  for (let at = start; at < end; at += WINDOW) {
    const parts = await lastValueFrom(readBlob$(port, digest, { offset: at, size: Math.min(WINDOW, end - at) }).pipe(toArray()));
    for (const part of parts) yield Buffer.from(part.buffer, part.byteOffset, part.byteLength);
  }
}
