/**
 * Resolving a reference to the descriptor of its manifest (or index), as containerd's resolver does: HEAD the
 * manifest with an Accept header listing the OCI and Docker manifest and index types, and read the descriptor
 * from the answer's headers; GET it when the HEAD does not say enough (no digest or size, or a registry that
 * refuses HEAD), computing the digest from the bytes.
 * @module
 */
import type { Observable } from 'rxjs';
import { RegistryRequestError } from '../../client/errors.js';
import type { ImageReference } from '../image-reference.js';
import { abortable$ } from './abortable.js';
import { readBody } from './read-body.js';
import type { RegistryRequest, RegistrySession } from './registry-session.js';
import { pullScope } from './repository.js';
import { sha256Digest, verifyBytes } from './verify-bytes.js';

/** The manifest media types a pull accepts: OCI index and manifest, Docker manifest list and manifest (schema 2). */
export const MANIFEST_MEDIA_TYPES: readonly string[] = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
];

/** The descriptor of content in a registry (OCI image-spec descriptor, the fields a resolve gives). */
export interface RemoteDescriptor {
  /** The media type: one of {@link MANIFEST_MEDIA_TYPES} for a resolved reference. */
  readonly mediaType: string;
  /** The content's digest, `sha256:…`. */
  readonly digest: string;
  /** The content's size in bytes. */
  readonly size: number;
}

/**
 * The descriptor of the manifest or index `ref` names (by tag, or pinned by digest). Cold: each subscription
 * asks the registry; unsubscribing aborts the request.
 * @throws RegistryNotFoundError naming the reference for an unknown repository or tag; RegistryAuthError,
 * RegistryUnavailableError, RegistryRequestError; FailedPreconditionError when the manifest served for a
 * digest reference does not match that digest.
 */
export function resolve$(session: RegistrySession, ref: ImageReference): Observable<RemoteDescriptor> {
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
    const digest = ref.digest ?? sha256Digest(bytes);
    return { mediaType: mediaTypeOf(res, bytes), digest, size: bytes.byteLength };
  });
}

/** The descriptor a HEAD's headers give, when they give all of it. */
function fromHeaders(res: Response, ref: ImageReference): RemoteDescriptor | undefined {
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
