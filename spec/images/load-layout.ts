/**
 * Spec support: an OCI image layout folder (the fixture builder's) put into the daemon's content store with the
 * GC labels an import gives (index -> manifests, manifest -> config and layers), under a lease, and named by an
 * image record.
 */
import { readFileSync } from 'node:fs';
import { concat, concatMap, from, ignoreElements, lastValueFrom } from 'rxjs';
import type { CallPort } from '../../src/client/call-port.js';
import { gcLabelsOf } from '../../src/images/gc-labels.js';
import type { Image } from '../../src/images/image.js';
import { ImageClient } from '../../src/images/image-client.js';
import { createImage$, getImage$ } from '../../src/images/image-records.js';
import { isIndex, isManifest } from '../../src/images/media-types.js';
import type { Descriptor } from '../../src/images/oci-types.js';
import { parseIndex, parseManifest } from '../../src/images/parse-blob.js';
import { blobPath } from '../../src/testing/image-blobs.js';
import type { FixtureImage } from '../../src/testing/image-builder.js';

/** The GC labels of a blob of the layout: its children for an index or a manifest, none else. */
function labelsOf(d: Descriptor, bytes: Buffer): Record<string, string> {
  if (isIndex(d.mediaType)) return gcLabelsOf(d.mediaType, parseIndex(bytes, d.digest, d.mediaType));
  if (isManifest(d.mediaType)) return gcLabelsOf(d.mediaType, parseManifest(bytes, d.digest, d.mediaType));
  return {};
}

/**
 * Every blob of `image` into the content store (children first) and a record `name` for its target, under one
 * lease, so nothing is collected on the way. Resolves the image, read through `port`.
 */
export async function loadLayout(port: CallPort, image: FixtureImage, name: string = image.names[0]!): Promise<Image> {
  const ordered = [...image.blobs].reverse();
  await lastValueFrom(new ImageClient(port).withLease$((images) => concat(
    from(ordered).pipe(concatMap((d) => {
      const bytes = readFileSync(blobPath(image.dir, d.digest));
      return images.content.write$(bytes, { digest: d.digest, size: d.size, labels: labelsOf(d, bytes) }).pipe(ignoreElements());
    })),
    createImage$(images.port, { name, target: image.target }),
  )));
  // read through the port itself: an Image keeps the port it was made with, and the lease is gone
  return lastValueFrom(getImage$(port, name));
}
