/**
 * Pushing a manifest or index to a repository under a tag (or its digest): `PUT manifests/REF` with the
 * document's media type as Content-Type. The registry checks that every blob and manifest it refers to is
 * there, so it goes last.
 * @module
 */
import type { Observable } from 'rxjs';
import { abortable$ } from './abortable.js';
import type { RegistrySession } from './registry-session.js';
import { pushScope, type Repository } from './repository.js';
import { digestOf } from '../digest.js';
import type { Descriptor } from '../oci-types.js';

/**
 * Puts the manifest `bytes` (of media type `mediaType`) in `repository` under `tag` (a tag, or omitted: by its
 * digest), and emits its descriptor. Cold; unsubscribing aborts.
 * @throws RegistryRequestError when the registry refuses it (`MANIFEST_BLOB_UNKNOWN`: a blob it names is
 * missing; `MANIFEST_INVALID`); RegistryAuthError without push access; RegistryUnavailableError.
 */
export function pushManifest$(session: RegistrySession, repository: Repository, bytes: Uint8Array, mediaType: string, tag?: string): Observable<Descriptor> {
  return abortable$(async (signal) => {
    const digest = digestOf(bytes);
    const object = tag ?? digest;
    await session.send(repository.domain, {
      method: 'PUT', path: `${repository.path}/manifests/${object}`, scope: pushScope(repository),
      target: `${repository.domain}/${repository.path}${tag === undefined ? '@' : ':'}${object}`, call: 'pushManifest',
      ok: [201], headers: { 'content-type': mediaType, 'content-length': String(bytes.byteLength) }, body: bytes,
    }, signal).then((res) => res.body?.cancel());
    return { mediaType, digest, size: bytes.byteLength };
  });
}
