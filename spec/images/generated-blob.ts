/**
 * A deterministic blob of any size made on the fly (never held whole), its digest, and a port that counts the
 * bytes Content.Write sends: what the content specs and bench/content-write.ts stream.
 */
import { createHash } from 'node:crypto';
import { map } from 'rxjs';
import type { CallPort } from '../../src/client/call-port.js';
import type { WriteContentRequest } from '../../src/proto/image-messages.js';

const PIECE = 64 * 1024;

/** The pieces (64 KiB, the last shorter) of a `size`-byte blob that depends on `seed`; counts what was read. */
export async function* generatedBlob(size: number, seed: string, read?: { bytes: number }): AsyncGenerator<Uint8Array, void, undefined> {
  const pattern = createHash('sha256').update(seed).digest();
  for (let at = 0, n = 0; at < size; at += PIECE, n++) {
    const piece = Buffer.alloc(Math.min(PIECE, size - at), pattern);
    piece.writeUInt32BE(n, 0);
    if (read) read.bytes += piece.byteLength;
    yield piece;
  }
}

/** The digest of {@link generatedBlob}(size, seed). */
export async function generatedDigest(size: number, seed: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const piece of generatedBlob(size, seed)) hash.update(piece);
  return `sha256:${hash.digest('hex')}`;
}

/** `port`, counting in `sent.bytes` the data bytes of the Content.Write requests made through it. */
export function countingPort(port: CallPort, sent: { bytes: number }): CallPort {
  return {
    namespace: port.namespace,
    call$: (method, request, options) => port.call$(method, request, options),
    stream$: (method, request, options) => port.stream$(method, request, options),
    duplex$: (method, options) =>
      port.duplex$(method, options).pipe(
        map((duplex) => ({
          end: () => duplex.end(),
          exchange$: (request: unknown) => {
            const data = (request as WriteContentRequest).data;
            if (data) sent.bytes += data.byteLength;
            return duplex.exchange$(request as never);
          },
        })),
      ),
  };
}

/** Waits until the async `check` holds, trying every 20 ms up to `limitMs`. */
export async function until(check: () => Promise<boolean>, what: string, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
