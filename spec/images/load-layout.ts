/**
 * Spec support: an OCI image layout folder (the fixture builder's) put into the daemon's content store with the
 * GC labels an import gives (index -> manifests, manifest -> config and layers), under a lease, and named by an
 * image record. Blobs are written with Content.Write (STAT, WRITE in 1 MiB chunks, COMMIT).
 */
import { readFileSync } from 'node:fs';
import { catchError, concat, concatMap, defer, EMPTY, from, ignoreElements, lastValueFrom, map, throwError, type Observable } from 'rxjs';
import type { CallPort } from '../../src/client/call-port.js';
import { AlreadyExistsError } from '../../src/client/errors.js';
import { gcLabelsOf } from '../../src/images/gc-labels.js';
import type { Image } from '../../src/images/image.js';
import { createImage$, getImage$ } from '../../src/images/image-records.js';
import { isIndex, isManifest } from '../../src/images/media-types.js';
import type { Descriptor } from '../../src/images/oci-types.js';
import { parseIndex, parseManifest } from '../../src/images/parse-blob.js';
import { underLease$ } from '../../src/images/under-lease.js';
import { Content } from '../../src/proto/services.js';
import { blobPath } from '../../src/testing/image-blobs.js';
import type { FixtureImage } from '../../src/testing/image-builder.js';

const CHUNK = 1 << 20;

/** Writes `bytes` as the blob `digest` with `labels`; a blob the namespace has already is left as it is. */
export function writeBlob$(port: CallPort, digest: string, bytes: Buffer, labels: Record<string, string> = {}): Observable<never> {
  const ref = `spec-${digest}`;
  return port.duplex$(Content.write).pipe(
    concatMap((d) => {
      const write = (offset: number): Observable<unknown> => (offset >= bytes.length
        ? d.exchange$({ action: 'COMMIT', ref, offset, total: bytes.length, expected: digest, labels })
        : d.exchange$({ action: 'WRITE', ref, offset, data: bytes.subarray(offset, offset + CHUNK) }).pipe(concatMap((w) => write(w.offset))));
      return d.exchange$({ action: 'STAT', ref, total: bytes.length, expected: digest }).pipe(
        concatMap((s) => write(s.offset)),
        map(() => d.end()),
      );
    }),
    ignoreElements(),
    // the namespace has it already
    catchError((e: unknown) => (e instanceof AlreadyExistsError ? EMPTY : throwError(() => e))),
  );
}

/** The GC labels of a blob of the layout: its children for an index or a manifest, none else. */
function labelsOf(d: Descriptor, bytes: Buffer): Record<string, string> {
  if (isIndex(d.mediaType)) return gcLabelsOf(d.mediaType, parseIndex(bytes, d.digest, d.mediaType));
  if (isManifest(d.mediaType)) return gcLabelsOf(d.mediaType, parseManifest(bytes, d.digest, d.mediaType));
  return {};
}

/**
 * Every blob of `image` into the content store (children first) and a record `name` for its target, under one
 * lease, so nothing is collected on the way. Resolves the image.
 */
export async function loadLayout(port: CallPort, image: FixtureImage, name: string = image.names[0]!): Promise<Image> {
  const ordered = [...image.blobs].reverse();
  await lastValueFrom(underLease$(port, (leased) => concat(
    from(ordered).pipe(concatMap((d) => defer(() => {
      const bytes = readFileSync(blobPath(image.dir, d.digest));
      return writeBlob$(leased, d.digest, bytes, labelsOf(d, bytes));
    }))),
    createImage$(leased, { name, target: image.target }),
  )));
  // read through the port itself: an Image keeps the port it was made with, and the lease is gone
  return lastValueFrom(getImage$(port, name));
}
