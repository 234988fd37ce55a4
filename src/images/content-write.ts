/**
 * Writing a blob into the content store the way containerd's Go client does (content.WriteBlob): Content.Info
 * first (a blob the namespace has is not written again), then on the bidirectional Content.Write: STAT (the
 * daemon tells how many bytes of this ref it already has), WRITE in chunks of at most 1 MiB from there, COMMIT
 * with the expected digest, size and labels. The digest is checked on our side while the bytes stream, and
 * the source is pulled one chunk at a time, so memory stays flat whatever the blob's size.
 * @module
 */
import { catchError, concat, concatMap, defer, EMPTY, finalize, ignoreElements, map, of, retry, throwError, timer, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { AlreadyExistsError, DigestMismatchError, FailedPreconditionError, NotFoundError, UnavailableError } from '../client/errors.js';
import type { WriteContentRequest, WriteContentResponse } from '../proto/image-messages.js';
import { Content } from '../proto/services.js';
import { blobChunks, releaseSource, type BlobSource, type BlobSourceFrom } from './blob-chunks.js';
import { digester } from './digest.js';
import { contentInfo$, updateLabels$ } from './content-info.js';
import { pullEach$ } from './pull-each.js';
import { checkWriteOptions, type CheckedWrite, type WriteOptions } from './write-options.js';
import { throttleProgress, type WritePhase, type WriteProgress } from './write-progress.js';

const WRITE = '/containerd.services.content.v1.Content/Write';

/** How many times a write whose ref is locked (another write of it running or still closing) is tried again: 8, over about 2.3 s. */
const LOCKED_RETRIES = 8;

/**
 * Writes the blob held by `source` into the content store of `port`'s namespace (under `port`'s lease, if any)
 * and emits its progress: `exists` alone when the namespace already has the blob (nothing is read from the
 * source; `labels` are added to it), else `writing` values (thinned out: see `options.progress`) and a final
 * `committed`. A ref left unfinished by an earlier write resumes at the offset the daemon reports: the bytes
 * before it are read from the source and hashed, not sent again; or, when `source` is a function of the offset
 * (a {@link BlobSourceFrom}) and the digest is known, only the bytes from the offset on are asked of it, and
 * the daemon's commit checks the digest of the whole, as containerd's Go client resumes a fetch.
 *
 * Fails with DigestMismatchError when the bytes do not match `digest` or `size` (the ingest is aborted, nothing
 * committed); InvalidArgumentError or TypeError for bad options, before any call; the daemon's typed errors
 * otherwise (the ingest then stays, to be resumed); a ref that another write holds is tried again for about
 * 2 s (as the Go client does), then fails with UnavailableError. Unsubscribing cancels the write (the ingest
 * stays too). However the write ends (committed, `exists`, an error, an unsubscribe), a Readable given as
 * `source` is destroyed, read or not: it is read once at most, and its file is closed.
 */
export function writeContent$(port: CallPort, source: BlobSource | BlobSourceFrom, options: WriteOptions): Observable<WriteProgress> {
  return defer(() => {
    const write = checkWriteOptions(options, WRITE);
    const known$ = write.digest === undefined
      ? of(false)
      : contentInfo$(port, write.digest).pipe(
          map(() => true),
          catchError((error: unknown) => (error instanceof NotFoundError ? of(false) : throwError(() => error))),
        );
    return known$.pipe(
      concatMap((known) => (known ? existing$(port, write, write.digest!) : ingest$(port, source, write))),
      throttleProgress(write.progress),
    );
  }).pipe(finalize(() => releaseSource(source)));
}

/** The blob is in the store: its labels updated if any were given, then `exists`. */
function existing$(port: CallPort, write: CheckedWrite, digest: string): Observable<WriteProgress> {
  const info$ = write.labels === undefined ? contentInfo$(port, digest) : updateLabels$(port, digest, write.labels);
  return info$.pipe(map((info) => progress(write.ref, 'exists', digest, info.size, info.size)));
}

/** One Write stream: STAT, WRITE..., COMMIT. */
function ingest$(port: CallPort, source: BlobSource | BlobSourceFrom, write: CheckedWrite): Observable<WriteProgress> {
  const { ref } = write;
  let pulled = false;
  let digest = write.digest;
  const session$ = port.duplex$(Content.write).pipe(
    concatMap((duplex) =>
      duplex.exchange$({ action: 'STAT', ref, total: write.size ?? 0, expected: write.digest ?? '' }).pipe(
        concatMap((stat) => {
          const exchange$ = (request: WriteContentRequest): Observable<WriteContentResponse> => duplex.exchange$(request);
          return concat(send$(exchange$, stat.offset, write, source, () => (pulled = true), (d) => (digest = d)), defer(() => (duplex.end(), EMPTY)));
        }),
      ),
    ),
    // a ref whose previous stream is still closing on the daemon is locked for a moment (containerd's
    // ErrUnavailable "ref ... locked"): the Go client tries again with a backoff, and so do we, while the
    // source is untouched
    retry({
      count: LOCKED_RETRIES,
      delay: (error: unknown, attempt) => (!pulled && isLocked(error) ? timer(Math.min(5 * 2 ** attempt, 1_000)) : throwError(() => error)),
    }),
  );
  return session$.pipe(
    catchError((error: unknown) => {
      // the blob got there first (another writer, or another namespace's commit): what we wanted is done
      if (error instanceof AlreadyExistsError && digest !== undefined) return existing$(port, write, digest);
      // nothing of a blob that is not what it claims may stay: its ingest goes, then the error
      if (error instanceof DigestMismatchError) return concat(port.call$(Content.abort, { ref }).pipe(ignoreElements(), catchError(() => EMPTY)), throwError(() => error));
      return throwError(() => error);
    }),
  );
}

/** From the offset the daemon has: the chunks (those before it hashed only), then COMMIT. */
function send$(
  exchange$: (request: WriteContentRequest) => Observable<WriteContentResponse>,
  from: number,
  write: CheckedWrite,
  source: BlobSource | BlobSourceFrom,
  onPull: () => void,
  onDigest: (digest: string) => void,
): Observable<WriteProgress> {
  const { ref, size, labels } = write;
  const expected = write.digest;
  const total = size ?? 0;
  const named = expected ?? '';
  const commit$ = (digest: string, length: number): Observable<WriteProgress> =>
    exchange$({ action: 'COMMIT', ref, offset: length, total: length, expected: digest, ...(labels ? { labels } : {}) }).pipe(
      map(() => progress(ref, 'committed', digest, length, length)),
    );
  // the daemon has every byte already (the blob is in another namespace's store, or a write stopped just before
  // its commit): the commit checks them against the digest itself, so the source need not be read
  if (expected !== undefined && size !== undefined && from === size) return concat(of(progress(ref, 'writing', named, from, total)), commit$(expected, size));
  if (typeof source === 'function' && from > 0 && expected !== undefined) {
    return concat(of(progress(ref, 'writing', named, from, total)), resumed$(exchange$, from, write, source, onPull), defer(() => commit$(expected, size ?? from)).pipe(
      catchError((error: unknown) => throwError(() => commitMismatch(error, expected, size))),
    ));
  }
  const meter = digester(expected === undefined ? undefined : { digest: expected, size }, WRITE);
  let position = 0;
  const chunks$ = defer(() => {
    onPull();
    return pullEach$(blobChunks(typeof source === 'function' ? source(0) : source, undefined, WRITE)[Symbol.asyncIterator](), (chunk) => {
      meter.update(chunk);
      const start = position;
      position += chunk.byteLength;
      if (position <= from) return of(progress(ref, 'writing', named, from, total));
      const at = Math.max(start, from);
      return exchange$({ action: 'WRITE', ref, offset: at, data: at === start ? chunk : chunk.subarray(at - start) }).pipe(
        map((answer) => progress(ref, 'writing', named, answer.offset, total)),
      );
    });
  });
  const finish$ = defer(() => {
    const { digest, size: length } = meter.verify();
    onDigest(digest);
    return commit$(digest, length);
  });
  return concat(of(progress(ref, 'writing', named, from, total)), chunks$, finish$);
}

/**
 * The bytes from `from` on, asked of the source at that offset and sent as they come; the size, when known, is
 * checked on the way (the digest is the daemon's to check at the commit).
 */
function resumed$(
  exchange$: (request: WriteContentRequest) => Observable<WriteContentResponse>,
  from: number,
  write: CheckedWrite,
  source: BlobSourceFrom,
  onPull: () => void,
): Observable<WriteProgress> {
  const { ref, size } = write;
  const total = size ?? 0;
  let position = from;
  return defer(() => {
    onPull();
    return pullEach$(blobChunks(source(from), undefined, WRITE)[Symbol.asyncIterator](), (chunk) => {
      const at = position;
      position += chunk.byteLength;
      if (size !== undefined && position > size) {
        throw new DigestMismatchError({ expectedDigest: write.digest!, actualDigest: '', expectedSize: size, size: position }, WRITE);
      }
      return exchange$({ action: 'WRITE', ref, offset: at, data: chunk }).pipe(map((answer) => progress(ref, 'writing', write.digest!, answer.offset, total)));
    });
  });
}

/** The daemon's refusal of a resumed commit ("unexpected commit digest/size") as the DigestMismatchError it means. */
function commitMismatch(error: unknown, expected: string, size: number | undefined): unknown {
  if (!(error instanceof FailedPreconditionError) || !/unexpected commit (digest|size)/.test(error.daemonMessage)) return error;
  const actual = /sha256:[0-9a-f]{64}/.exec(error.daemonMessage.replace(expected, ''))?.[0] ?? '';
  return new DigestMismatchError({ expectedDigest: expected, actualDigest: actual, expectedSize: size, size: size ?? 0 }, WRITE);
}

function progress(ref: string, phase: WritePhase, digest: string, offset: number, total: number): WriteProgress {
  return { digest, ref, phase, offset, total };
}

function isLocked(error: unknown): boolean {
  return error instanceof UnavailableError && /locked/.test(error.daemonMessage);
}
