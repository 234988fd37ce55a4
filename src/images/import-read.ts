/**
 * The first half of an import: the archive read once, entry by entry, each blob written into the content store
 * as it streams by (so no layer is ever held in memory), the small metadata files kept for the planners.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { concat, defer, EMPTY, ignoreElements, map, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { forEachArchiveEntry$, type ArchiveEntry } from './archive-entries.js';
import { blobMeter, type ArchiveBlob, type BlobMeter } from './blob-meter.js';
import { writeContent$ } from './content-write.js';
import { digestOfBlobEntry } from './oci-layout-plan.js';
import type { ImportBlobProgress } from './import-progress.js';

/** The archive's files that describe it rather than hold content: read into memory, never written as blobs. */
const METADATA = new Set(['index.json', 'oci-layout', 'manifest.json', 'repositories']);

/** What reading the archive gathered, for the planners. */
export interface ArchiveRead {
  /** The metadata files by name (`index.json`, `manifest.json`, …). */
  readonly metadata: Map<string, Uint8Array>;
  /** Each written file by its path: digest, size, compression, and its bytes when small. */
  readonly files: Map<string, ArchiveBlob>;
  /** Each link by its path, to the path it points to. */
  readonly links: Map<string, string>;
}

/** Whether an entry holds no content worth a blob: the metadata files, and legacy `docker save` per-layer files. */
function skipped(name: string): boolean {
  return METADATA.has(name) || name.endsWith('/json') || name.endsWith('/VERSION');
}

/**
 * Reads the archive `open()` gives, writing every content file through `port` (a leased port: the blobs belong to
 * the lease until something references them). A file named by its digest (`blobs/sha256/<hex>`) is written with
 * that digest expected, so a corrupt one fails with DigestMismatchError naming it and is not committed; any other
 * file (a `docker save` layer.tar or config) is written under a ref and committed as the digest its bytes have.
 * Emits the blobs' progress; `read` is filled in as entries go by.
 */
export function readArchive$(port: CallPort, open: () => AsyncIterable<Uint8Array>, read: ArchiveRead): Observable<ImportBlobProgress> {
  const session = randomBytes(6).toString('hex');
  return forEachArchiveEntry$(open, (entry) => {
    if (entry.type === 'link') {
      read.links.set(entry.name, entry.target!);
      return EMPTY;
    }
    if (skipped(entry.name)) {
      if (entry.bytes !== undefined) read.metadata.set(entry.name, entry.bytes);
      return EMPTY;
    }
    return writeEntry$(port, entry, session, read.files);
  });
}

/** One content file: metered while written, and the rest of its body (all of it when the store had the blob) metered after. */
function writeEntry$(port: CallPort, entry: ArchiveEntry, session: string, files: Map<string, ArchiveBlob>): Observable<ImportBlobProgress> {
  return defer(() => {
    const digest = digestOfBlobEntry(entry.name);
    const meter = blobMeter(digest === undefined ? undefined : { digest, size: entry.size });
    const body = metered(entry.body, meter);
    const target = digest === undefined
      ? { ref: `rxc-import-${session}-${entry.name}`, size: entry.size }
      : { digest, size: entry.size };
    const written$ = writeContent$(port, body, target).pipe(
      map((p): ImportBlobProgress => ({ phase: 'blob', entry: entry.name, digest: p.digest, state: p.phase, offset: p.offset, total: p.total })),
    );
    const settle$ = defer(async () => {
      for await (const _ of body); // the bytes of a blob the store had are checked all the same
      const blob = meter.result();
      files.set(entry.name, entry.bytes === undefined ? blob : { ...blob, bytes: entry.bytes });
    });
    return concat(written$, settle$.pipe(ignoreElements()));
  });
}

/** `body` with every chunk fed to `meter` on its way. One iterator: what the write leaves unread is read after. */
async function* metered(body: AsyncIterable<Uint8Array>, meter: BlobMeter): AsyncGenerator<Uint8Array> {
  for await (const chunk of body) {
    meter.update(chunk);
    yield chunk;
  }
}
