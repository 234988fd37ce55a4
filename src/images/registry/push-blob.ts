/**
 * Pushing a blob to a repository as containerd's pusher does: HEAD it first (a registry that has it is left
 * alone); else mount it from another repository of the same registry when one is named (`POST
 * uploads/?mount=DIGEST&from=REPO`, answered 201 when the registry could); else start an upload (`POST
 * uploads/`) and send the whole blob in one `PUT LOCATION?digest=…` (a monolithic upload; the registry checks
 * the digest).
 * @module
 */
import type { Observable } from 'rxjs';
import { RegistryRequestError } from '../../client/errors.js';
import { abortable$ } from './abortable.js';
import type { RegistrySession } from './registry-session.js';
import { pushScope, type Repository } from './repository.js';
import { releaseSource } from '../blob-chunks.js';
import type { Descriptor } from '../oci-types.js';

/** How a blob came to be in the repository: it was there, it was mounted from another repository, or its bytes were sent. */
export type PushedBlob = 'exists' | 'mounted' | 'pushed';

/** Options of {@link pushBlob$}. */
export interface PushBlobOptions {
  /** A repository path of the same registry that has the blob: mount it from there instead of sending it. */
  readonly mountFrom?: string;
}

/** The bytes of a blob to send: called only when they must be sent (a stream is read once, and destroyed when the push ends). */
export type BlobBytes = () => Uint8Array | AsyncIterable<Uint8Array>;

/**
 * Makes sure the repository has the blob `descriptor`, sending `bytes()` only when it lacks it; emits how.
 * Cold; unsubscribing aborts the request under way.
 * @throws RegistryRequestError when the registry refuses the upload (`DIGEST_INVALID`: the bytes do not match
 * the digest); RegistryAuthError without push access; RegistryUnavailableError.
 */
export function pushBlob$(session: RegistrySession, repository: Repository, descriptor: Descriptor, bytes: BlobBytes, options: PushBlobOptions = {}): Observable<PushedBlob> {
  return abortable$(async (signal) => {
    const host = repository.domain;
    const target = `${host}/${repository.path}@${descriptor.digest}`;
    const scope = pushScope(repository);
    const head = await session.send(host, { method: 'HEAD', path: `${repository.path}/blobs/${descriptor.digest}`, scope, target, call: 'pushBlob', ok: [200, 404] }, signal);
    if (head.status === 200) return 'exists';
    const uploads = `${repository.path}/blobs/uploads/`;
    let started: Response;
    if (options.mountFrom !== undefined && options.mountFrom !== repository.path) {
      const query = new URLSearchParams({ mount: descriptor.digest, from: options.mountFrom });
      started = await session.send(host, {
        method: 'POST', path: `${uploads}?${query}`, scope: `${scope} repository:${options.mountFrom}:pull`, target, call: 'pushBlob', ok: [201, 202],
      }, signal);
    } else {
      started = await session.send(host, { method: 'POST', path: uploads, scope, target, call: 'pushBlob', ok: [202] }, signal);
    }
    await started.body?.cancel();
    if (started.status === 201) return 'mounted';
    const location = started.headers.get('location');
    if (location === null) throw new RegistryRequestError({ host, target, status: started.status, detail: 'the upload was started without a Location' }, 'pushBlob');
    const put = new URL(location, session.endpoint(host).base);
    put.searchParams.set('digest', descriptor.digest);
    const body = bytes();
    try {
      const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
      if (body instanceof Uint8Array) headers['content-length'] = String(body.byteLength);
      const done = await session.send(host, { method: 'PUT', path: put.href, scope, target, call: 'pushBlob', ok: [201], headers, body }, signal);
      await done.body?.cancel();
      return 'pushed';
    } finally {
      releaseSource(body); // a stream the request did not read to its end (a refusal, an abort) is closed
    }
  });
}
