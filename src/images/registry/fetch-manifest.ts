/**
 * Fetching a manifest, index or other small JSON document of a repository by its descriptor, whole, checked
 * against the descriptor's digest and size before anyone reads it.
 * @module
 */
import type { Observable } from 'rxjs';
import { abortable$ } from './abortable.js';
import { readBody, MAX_MANIFEST_BYTES } from './read-body.js';
import type { RegistrySession } from './registry-session.js';
import { pullScope, type Repository } from './repository.js';
import type { Descriptor } from '../oci-types.js';
import { MANIFEST_MEDIA_TYPES, verifyBytes } from './resolve.js';

/**
 * The bytes of the manifest (or index) `descriptor` of `repository`, verified. Cold; unsubscribing aborts.
 * @throws DigestMismatchError naming the digest when the bytes do not match it or the size;
 * RegistryRequestError when the descriptor announces more than 4 MiB; the request's typed errors
 * (RegistryNotFoundError naming `repository@digest`…).
 */
export function fetchManifest$(session: RegistrySession, repository: Repository, descriptor: Descriptor): Observable<Buffer> {
  return abortable$(async (signal) => {
    const target = `${repository.domain}/${repository.path}@${descriptor.digest}`;
    const accept = [descriptor.mediaType, ...MANIFEST_MEDIA_TYPES.filter((t) => t !== descriptor.mediaType)].join(', ');
    const res = await session.send(repository.domain, {
      method: 'GET', path: `${repository.path}/manifests/${descriptor.digest}`, scope: pullScope(repository), target,
      call: 'fetchManifest', ok: [200], headers: { accept },
    }, signal);
    const bytes = await readBody(res, repository.domain, target, 'fetchManifest', Math.min(MAX_MANIFEST_BYTES, descriptor.size + 1));
    verifyBytes(bytes, descriptor, 'fetchManifest');
    return bytes;
  });
}
