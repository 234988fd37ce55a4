/**
 * A fixture image put into a registry straight from its layout folder, without a daemon: configs and layers
 * (streamed from their files), then each manifest by digest, then the image's target under the reference's
 * tag, as a push sends them. For specs, benches and the demo that need an image in a registry.
 * @module
 */
import { createReadStream, readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { parseReference } from '../images/reference.js';
import { RegistryClient, type RegistryOptions } from '../images/registry/registry-client.js';
import { blobPath } from './image-blobs.js';
import type { FixtureImage } from './image-builder.js';

/**
 * Pushes `fixture` to `reference` (`127.0.0.1:5000/app:1`): its blobs the registry lacks, its manifests, then its
 * target (the index, or the one manifest) under the tag. `client` defaults to one made of `options` (plain
 * HTTP, credentials, fetch).
 *
 * @example
 * ```ts
 * await using registry = await startRegistry();
 * await pushFixtureImage(await buildFixtureImage(), `${registry.host}/app:1`);
 * ```
 * @throws InvalidArgumentError for a malformed reference; the registry errors of a push (RegistryAuthError, ...).
 */
export async function pushFixtureImage(fixture: FixtureImage, reference: string, options: RegistryOptions = {}, client = new RegistryClient(options)): Promise<void> {
  const ref = parseReference(reference, 'pushFixtureImage');
  const repository = { domain: ref.domain, path: ref.path };
  const documents = new Set([fixture.target.digest, ...fixture.manifests.map((m) => m.descriptor.digest)]);
  for (const blob of fixture.blobs.filter((b) => !documents.has(b.digest))) {
    await firstValueFrom(client.pushBlob$(repository, blob, () => createReadStream(blobPath(fixture.dir, blob.digest))));
  }
  const manifest = (digest: string): Buffer => readFileSync(blobPath(fixture.dir, digest));
  for (const m of fixture.manifests) {
    if (m.descriptor.digest !== fixture.target.digest) await firstValueFrom(client.pushManifest$(repository, manifest(m.descriptor.digest), m.descriptor.mediaType));
  }
  await firstValueFrom(client.pushManifest$(repository, manifest(fixture.target.digest), fixture.target.mediaType, ref.tag));
}
