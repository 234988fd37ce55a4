/**
 * Resolving a reference to the descriptor of its manifest (or index), as containerd's resolver does: HEAD the
 * manifest with an Accept header listing the OCI and Docker manifest and index types, and read the descriptor
 * from the answer's headers; GET it when the HEAD does not say enough (no digest or size, or a registry that
 * refuses HEAD), computing the digest from the bytes.
 * @module
 */
import type { Observable } from 'rxjs';
import { RegistryRequestError } from '../../client/errors.js';
import { digester, digestOf } from '../digest.js';
import { MediaTypes } from '../media-types.js';
import type { Descriptor } from '../oci-types.js';
import type { ImageReference } from '../reference.js';
import { abortable$ } from './abortable.js';
import { readBody } from './read-body.js';
import type { RegistryRequest, RegistrySession } from './registry-session.js';
import { pullScope } from './repository.js';

/** The manifest media types a pull accepts: OCI index and manifest, Docker manifest list and manifest (schema 2). */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  MediaTypes.ociIndex, MediaTypes.dockerManifestList, MediaTypes.ociManifest, MediaTypes.dockerManifest,
];

/**
 * The descriptor of the manifest or index `ref` names (by tag, or pinned by digest). Cold: each subscription
 * asks the registry; unsubscribing aborts the request.
 * @throws RegistryNotFoundError naming the reference for an unknown repository or tag; RegistryAuthError,
 * RegistryUnavailableError, RegistryRequestError; DigestMismatchError when the manifest served for a digest
 * reference does not match that digest.
 */
export function resolve$(session: RegistrySession, ref: ImageReference): Observable<Descriptor> {
  return abortable$(async (signal) => {
    const head: RegistryRequest = {
      method: 'HEAD', path: `${ref.path}/manifests/${ref.object}`, scope: pullScope(ref), target: ref.canonical, call: 'resolve',
      ok: [200], headers: { accept: MANIFEST_MEDIA_TYPES.join(', ') },
    };
    try {
      const described = fromHeaders(await session.send(ref.domain, head, signal), ref);
      if (described !== undefined) return described;
    } catch (error) {
      // some registries refuse HEAD: the GET says why, with the registry's own error code
      if (!(error instanceof RegistryRequestError) && (error as { status?: number }).status !== 404) throw error;
    }
    const res = await session.send(ref.domain, { ...head, method: 'GET' }, signal);
    const bytes = await readBody(res, ref.domain, ref.canonical, 'resolve');
    if (ref.digest !== undefined) verifyBytes(bytes, { digest: ref.digest }, 'resolve');
    const digest = ref.digest ?? digestOf(bytes);
    return { mediaType: mediaTypeOf(res, bytes), digest, size: bytes.byteLength };
  });
}

/** The descriptor a HEAD's headers give, when they give all of it. */
function fromHeaders(res: Response, ref: ImageReference): Descriptor | undefined {
  const mediaType = res.headers.get('content-type')?.split(';')[0]?.trim();
  const digest = ref.digest ?? res.headers.get('docker-content-digest') ?? undefined;
  const size = Number(res.headers.get('content-length') ?? NaN);
  if (mediaType === undefined || !MANIFEST_MEDIA_TYPES.includes(mediaType) || digest === undefined || !Number.isSafeInteger(size)) return undefined;
  return { mediaType, digest, size };
}

/** The media type of a manifest: its Content-Type when that is a manifest type, else its own `mediaType` field. */
function mediaTypeOf(res: Response, bytes: Buffer): string {
  const header = res.headers.get('content-type')?.split(';')[0]?.trim();
  if (header !== undefined && MANIFEST_MEDIA_TYPES.includes(header)) return header;
  try {
    const field = (JSON.parse(bytes.toString('utf8')) as { mediaType?: unknown }).mediaType;
    if (typeof field === 'string') return field;
  } catch {
    // not JSON: said below
  }
  return header ?? 'application/octet-stream';
}

/**
 * Checks bytes held whole against the digest (and size) they were announced with.
 * @throws DigestMismatchError naming the digest when they do not match.
 */
export function verifyBytes(bytes: Uint8Array, expected: { readonly digest: string; readonly size?: number }, call: string): void {
  const check = digester(expected, call);
  check.update(bytes);
  check.verify();
}
