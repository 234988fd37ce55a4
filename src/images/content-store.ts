/**
 * The content store of one namespace (containerd's Content service): blobs by digest, their labels, the
 * ingests in progress, and writing and reading blobs as streams.
 * @module
 */
import type { Readable } from 'node:stream';
import { last, map, mergeMap, toArray, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { toPromise, type AbortOptions } from '../client/to-promise.js';
import { Content } from '../proto/services.js';
import type { BlobSource } from './blob-chunks.js';
import { contentInfo$, toContentInfo, toIngestStatus, updateLabels$, type ContentInfo, type IngestStatus, type UpdateLabelsOptions } from './content-info.js';
import { blobReadable } from './content-stream.js';
import { writeContent$ } from './content-write.js';
import { readBlob$, type ReadRange } from './read-blob.js';
import type { WriteOptions } from './write-options.js';
import type { WriteProgress } from './write-progress.js';

const CALL = '/containerd.services.content.v1.Content/';

/** A blob written: what a descriptor of it (OCI's) holds. */
export interface WrittenBlob {
  /** The media type given to the write (containerd itself keeps none). */
  readonly mediaType: string;
  /** The blob's digest, `sha256:…`. */
  readonly digest: string;
  /** The blob's size in bytes. */
  readonly size: number;
}

/**
 * The content store of the port's namespace. Every call is made through the port, so a store built on a leased
 * port ({@link ImageClient.withLease$}) puts what it writes under that lease.
 *
 * @example
 * ```ts
 * const blob = await client.content.write(Buffer.from('hello'), { digest, size: 5 });
 * const back = await firstValueFrom(client.content.read$(blob.digest).pipe(toArray()));
 * ```
 */
export class ContentStore {
  /** @internal Made by the client, on its connection or a leased port. */
  constructor(private readonly port: CallPort) {}

  /** The blob `digest` (Content.Info). Fails with NotFoundError when the namespace has no such blob. */
  info$(digest: string): Observable<ContentInfo> {
    return contentInfo$(this.port, digest);
  }

  /** The Promise twin of {@link ContentStore.info$}. */
  info(digest: string, options?: AbortOptions): Promise<ContentInfo> {
    return toPromise(this.info$(digest), options, `${CALL}Info`);
  }

  /**
   * Every blob of the namespace, one value each (Content.List streams them in batches), optionally filtered
   * with containerd's filter syntax (e.g. `labels."containerd.io/uncompressed"`, `digest==sha256:…`).
   */
  list$(filters: readonly string[] = []): Observable<ContentInfo> {
    return this.port.stream$(Content.list, { filters }).pipe(mergeMap(({ info }) => info.map((i) => toContentInfo(i, i.digest))));
  }

  /** The Promise twin of {@link ContentStore.list$}: all the blobs in one array. */
  list(filters: readonly string[] = [], options?: AbortOptions): Promise<ContentInfo[]> {
    return toPromise(this.list$(filters).pipe(toArray()), options, `${CALL}List`);
  }

  /**
   * Deletes the blob `digest` from the namespace (the bytes go when no namespace references them). Fails with
   * NotFoundError when the namespace has no such blob.
   */
  delete$(digest: string): Observable<void> {
    return this.port.call$(Content.delete, { digest }).pipe(map(() => undefined));
  }

  /** The Promise twin of {@link ContentStore.delete$}. */
  delete(digest: string, options?: AbortOptions): Promise<void> {
    return toPromise(this.delete$(digest), options, `${CALL}Delete`);
  }

  /**
   * Sets the labels named in `labels` on the blob (`''` or null removes one), or with `replace: true` makes
   * them its only labels; emits the blob's info after. TypeError for labels that are not strings or null.
   */
  updateLabels$(digest: string, labels: Readonly<Record<string, string | null>>, options?: UpdateLabelsOptions): Observable<ContentInfo> {
    return updateLabels$(this.port, digest, labels, options);
  }

  /** The Promise twin of {@link ContentStore.updateLabels$}. */
  updateLabels(digest: string, labels: Readonly<Record<string, string | null>>, options?: UpdateLabelsOptions & AbortOptions): Promise<ContentInfo> {
    return toPromise(this.updateLabels$(digest, labels, options), options, `${CALL}Update`);
  }

  /**
   * The blob's bytes (or `range` of them: offset and size in bytes) in chunks of up to 1 MiB as the daemon
   * streams them. NotFoundError when the blob is not there; unsubscribing cancels the read.
   */
  read$(digest: string, range?: ReadRange): Observable<Uint8Array> {
    return readBlob$(this.port, digest, range);
  }

  /**
   * The blob's bytes as a Node Readable, read on demand in 4 MiB windows (a slow reader holds one window).
   * It errors with NotFoundError when the blob is not there.
   */
  readStream(digest: string, range?: ReadRange): Readable {
    return blobReadable(this.port, digest, range);
  }

  /**
   * Writes a blob from `source` (a Node Readable, an AsyncIterable of bytes, or a Uint8Array) and emits its
   * progress: see {@link writeContent$}. With `digest` (and `size`), a blob the namespace has is not written
   * again, an unfinished ingest resumes, and bytes that do not match fail with DigestMismatchError.
   */
  write$(source: BlobSource, options: WriteOptions): Observable<WriteProgress> {
    return writeContent$(this.port, source, options);
  }

  /**
   * The Promise twin of {@link ContentStore.write$}: resolves the written blob's descriptor once committed (or
   * found already there). An abort or timeout cancels the write; its ingest stays, to be resumed.
   */
  write(source: BlobSource, options: WriteOptions & AbortOptions): Promise<WrittenBlob> {
    const { signal, timeoutMs, ...write } = options ?? ({} as WriteOptions);
    const mediaType = write.mediaType ?? 'application/octet-stream';
    return toPromise(
      this.write$(source, options == null ? options : write).pipe(
        last(),
        map((p) => ({ mediaType, digest: p.digest, size: p.total })),
      ),
      { signal, timeoutMs },
      `${CALL}Write`,
    );
  }

  /** The ingest `ref` (Content.Status): a write in progress or left unfinished. NotFoundError when there is none. */
  status$(ref: string): Observable<IngestStatus> {
    return this.port.call$(Content.status, { ref }).pipe(map(({ status }) => toIngestStatus(status ?? { ref, offset: 0, total: 0, expected: '', startedAt: null, updatedAt: null })));
  }

  /** The namespace's ingests (Content.ListStatuses), optionally filtered (e.g. `ref~="^rxc-"`). */
  statuses$(filters: readonly string[] = []): Observable<IngestStatus[]> {
    return this.port.call$(Content.listStatuses, { filters }).pipe(map(({ statuses }) => statuses.map(toIngestStatus)));
  }

  /** Abandons the ingest `ref` (Content.Abort): its bytes go. NotFoundError when there is none. */
  abort$(ref: string): Observable<void> {
    return this.port.call$(Content.abort, { ref }).pipe(map(() => undefined));
  }
}
