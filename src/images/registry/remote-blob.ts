/**
 * Reading a blob of a repository from its registry: an async iterable of its bytes (read as the consumer asks,
 * so a slow writer holds the download back rather than buffering it), from an offset with a Range request to
 * resume a partial download, redirects followed (registries send blobs from a CDN). The bytes are checked
 * against the digest when the whole blob is read.
 * @module
 */
import { Observable } from 'rxjs';
import { RegistryRequestError } from '../../client/errors.js';
import type { RegistrySession } from './registry-session.js';
import { pullScope, type Repository } from './repository.js';
import { connectionError } from './response-errors.js';
import { digester } from '../digest.js';

/** Options of {@link remoteBlob} and {@link fetchBlob$}. */
export interface RemoteBlobOptions {
  /** The first byte wanted: 0 (default) for the whole blob, more to resume (a `Range: bytes=OFFSET-` request). */
  readonly offset?: number;
  /** The blob's size in bytes, when known from its descriptor: checked with the digest. */
  readonly size?: number;
  /** Whether to check the bytes against the digest at the end. Default: true when reading from offset 0. */
  readonly verify?: boolean;
  /** Aborting it cancels the request (an {@link fetchBlob$} subscription has its own). */
  readonly signal?: AbortSignal;
}

/**
 * The bytes of blob `digest` of `repository`, from `options.offset`. The request is made when iteration
 * starts, and ended when it stops (`return()`: a `break`), fails, or `options.signal` aborts. A registry that
 * ignores the Range gets its first bytes skipped here, so the iterable always starts at the offset.
 * @throws RegistryNotFoundError naming `repository@digest`; RegistryUnavailableError naming the host when the
 * registry does not answer or goes away mid-blob; DigestMismatchError naming the digest when the bytes do not
 * match it (checked when reading from 0).
 */
export function remoteBlob(session: RegistrySession, repository: Repository, digest: string, options: RemoteBlobOptions = {}): AsyncIterable<Uint8Array> {
  const offset = options.offset ?? 0;
  const raw = rawBlob(session, repository, digest, offset, options.signal);
  return (options.verify ?? offset === 0) ? verifiedChunks(raw, options.size === undefined ? { digest } : { digest, size: options.size }, 'fetchBlob') : raw;
}

async function* rawBlob(session: RegistrySession, repository: Repository, digest: string, offset: number, outer: AbortSignal | undefined): AsyncGenerator<Uint8Array, void, undefined> {
  const controller = new AbortController();
  const signal = outer === undefined ? controller.signal : AbortSignal.any([outer, controller.signal]);
  const target = `${repository.domain}/${repository.path}@${digest}`;
  try {
    const res = await session.send(repository.domain, {
      method: 'GET', path: `${repository.path}/blobs/${digest}`, scope: pullScope(repository), target, call: 'fetchBlob',
      ok: [200, 206], headers: offset > 0 ? { range: `bytes=${offset}-` } : {},
    }, signal);
    let skip = res.status === 200 ? offset : 0;
    if (res.status === 206 && !new RegExp(`^bytes ${offset}-`).test(res.headers.get('content-range') ?? '')) {
      await res.body?.cancel();
      throw new RegistryRequestError({ host: repository.domain, target, status: 206, detail: `asked for bytes from ${offset}, got ${res.headers.get('content-range') ?? 'no Content-Range'}` }, 'fetchBlob');
    }
    if (res.body === null) return;
    try {
      for await (const chunk of res.body) {
        if (skip >= chunk.byteLength) {
          skip -= chunk.byteLength;
          continue;
        }
        yield skip > 0 ? chunk.subarray(skip) : chunk;
        skip = 0;
      }
    } catch (error) {
      throw connectionError(error, repository.domain, target, 'fetchBlob', signal);
    }
  } finally {
    controller.abort(new Error('blob read ended'));
  }
}

/** The chunks of `source` passed on as they come, hashed on the way, checked against `expected` at the end. */
async function* verifiedChunks(source: AsyncIterable<Uint8Array>, expected: { readonly digest: string; readonly size?: number }, call: string): AsyncGenerator<Uint8Array, void, undefined> {
  const check = digester(expected, call);
  for await (const chunk of source) {
    check.update(chunk);
    yield chunk;
  }
  check.verify();
}

/**
 * {@link remoteBlob} as a cold Observable of chunks, for small blobs and for callers who render rather than
 * write them: the chunks come as fast as the network gives them. Unsubscribing aborts the request.
 */
export function fetchBlob$(session: RegistrySession, repository: Repository, digest: string, options: Omit<RemoteBlobOptions, 'signal'> = {}): Observable<Uint8Array> {
  return new Observable<Uint8Array>((subscriber) => {
    const controller = new AbortController();
    void (async () => {
      try {
        for await (const chunk of remoteBlob(session, repository, digest, { ...options, signal: controller.signal })) {
          if (subscriber.closed) return;
          subscriber.next(chunk);
        }
        subscriber.complete();
      } catch (error) {
        subscriber.error(error);
      }
    })();
    return () => controller.abort(new Error('unsubscribed'));
  });
}
