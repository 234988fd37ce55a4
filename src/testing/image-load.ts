/**
 * A fixture image put into a daemon's content store the way an import puts one: every blob written (streamed
 * from the layout folder) with the GC labels that keep it (index -> manifests, manifest -> config and layers),
 * under one lease, then an image record per name. For specs and examples that need an image in the daemon.
 * @module
 */
import { createReadStream } from 'node:fs';
import { concat, concatMap, from, ignoreElements, lastValueFrom } from 'rxjs';
import { childGcLabels } from '../images/gc-labels.js';
import type { Image } from '../images/image.js';
import type { ImageClient } from '../images/image-client.js';
import type { ClientImages } from '../process/client-images.js';
import { blobPath, type OciDescriptor } from './image-blobs.js';
import type { FixtureImage } from './image-builder.js';

/** The GC labels of each blob of the fixture that has children, by digest. */
function gcLabels(fixture: FixtureImage): Map<string, Record<string, string>> {
  const labels = new Map<string, Record<string, string>>();
  if (fixture.index) labels.set(fixture.index.digest, childGcLabels(fixture.manifests.map((m) => m.descriptor)));
  for (const m of fixture.manifests) labels.set(m.descriptor.digest, childGcLabels([m.config, ...m.layers.map((l) => l.descriptor)]));
  return labels;
}

/**
 * Writes every blob of `fixture` into the content store of the client's namespace (children first; blobs already
 * there are kept) and makes an image record for each of `names` (default the fixture's), all under one lease;
 * resolves the first image. Nothing is unpacked.
 *
 * @example
 * ```ts
 * const fixture = await buildFixtureImage();
 * const image = await loadFixtureImage(client, fixture);
 * await image.unpack();
 * ```
 * @throws AlreadyExistsError when a name is taken.
 */
export async function loadFixtureImage(client: ClientImages, fixture: FixtureImage, names: readonly string[] = fixture.names): Promise<Image> {
  const labels = gcLabels(fixture);
  const write = (images: ImageClient, d: OciDescriptor) => images.content.write$(createReadStream(blobPath(fixture.dir, d.digest)), {
    digest: d.digest, size: d.size, labels: labels.get(d.digest) ?? {},
  }).pipe(ignoreElements());
  await lastValueFrom(client.withLease$((images) => concat(
    from([...fixture.blobs].reverse()).pipe(concatMap((d) => write(images, d))),
    from(names).pipe(concatMap((name) => images.createImage$({ name, target: fixture.target }))),
  )));
  // read through the client itself: an image keeps the connection it was read with, and the lease is gone
  return client.getImage(names[0] ?? fixture.names[0]!);
}
