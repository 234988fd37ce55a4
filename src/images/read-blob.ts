/**
 * Reading a blob of the content store (Content.Read, a server stream of chunks), as an Observable.
 * @module
 */
import { Observable, map, reduce } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { Content } from '../proto/services.js';

/** Which part of a blob to read: `offset` and `size` in bytes (size 0 or absent: to the end). */
export interface ReadRange {
  /** The first byte to read. */
  readonly offset?: number;
  /** How many bytes to read; 0 or absent reads to the end. */
  readonly size?: number;
}

/**
 * The bytes of the blob `digest` as the daemon streams them (chunks of up to 1 MiB), in order; completes at the
 * end. Unsubscribing cancels the read. Fails with NotFoundError when the content store lacks the blob.
 */
export function readBlob$(port: CallPort, digest: string, range: ReadRange = {}): Observable<Uint8Array> {
  return port.stream$(Content.read, { digest, offset: range.offset ?? 0, size: range.size ?? 0 }).pipe(map((r) => r.data));
}

/** The whole blob `digest` in one Buffer: for manifests, indexes and configs, never for layers. */
export function readBlobBytes$(port: CallPort, digest: string): Observable<Buffer> {
  return readBlob$(port, digest).pipe(
    reduce((parts: Uint8Array[], chunk) => (parts.push(chunk), parts), []),
    map((parts) => Buffer.concat(parts)),
  );
}
