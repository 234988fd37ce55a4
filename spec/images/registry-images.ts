/** Small OCI images made in memory for the registry specs, a fetch that counts requests, and collecting helpers. */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { FixtureImage } from '../../src/testing/image-builder.js';
import { pushFixtureImage } from '../../src/testing/image-push.js';
import { firstValueFrom, lastValueFrom, toArray, type Observable } from 'rxjs';
import type { RegistryClient } from '../../src/images/registry/registry-client.js';
import type { Repository } from '../../src/images/registry/repository.js';
import type { Descriptor } from '../../src/images/oci-types.js';
import { digestOf } from '../../src/images/digest.js';

/** A blob with its descriptor. */
export interface TestBlob extends Descriptor {
  readonly bytes: Buffer;
}

export function blobOf(bytes: Buffer, mediaType: string): TestBlob {
  return { bytes, mediaType, digest: digestOf(bytes), size: bytes.length };
}

/** An image: config, one layer of random bytes, and its manifest, in OCI or Docker media types. */
export function testImage(layerBytes = 64 * 1024, format: 'oci' | 'docker' = 'oci'): { config: TestBlob; layer: TestBlob; manifest: TestBlob } {
  const docker = format === 'docker';
  const config = blobOf(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } })),
    docker ? 'application/vnd.docker.container.image.v1+json' : 'application/vnd.oci.image.config.v1+json');
  const layer = blobOf(randomBytes(layerBytes), docker ? 'application/vnd.docker.image.rootfs.diff.tar.gzip' : 'application/vnd.oci.image.layer.v1.tar+gzip');
  const mediaType = docker ? 'application/vnd.docker.distribution.manifest.v2+json' : 'application/vnd.oci.image.manifest.v1+json';
  const descriptor = (b: TestBlob): Descriptor => ({ mediaType: b.mediaType, digest: b.digest, size: b.size });
  const manifest = blobOf(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType, config: descriptor(config), layers: [descriptor(layer)] })), mediaType);
  return { config, layer, manifest };
}

/** Pushes an image's blobs and then its manifest under `tag` with our client. */
export async function pushImage(client: RegistryClient, repository: Repository, image: ReturnType<typeof testImage>, tag: string): Promise<void> {
  for (const blob of [image.config, image.layer]) await firstValueFrom(client.pushBlob$(repository, blob, () => blob.bytes));
  await firstValueFrom(client.pushManifest$(repository, image.manifest.bytes, image.manifest.mediaType, tag));
}

/** A fetch that records each request (method, URL, status) before passing it on. */
export function countingFetch(): { fetch: typeof fetch; requests: { method: string; url: string; status: number; auth: string | undefined }[] } {
  const requests: { method: string; url: string; status: number; auth: string | undefined }[] = [];
  const counting = async (input: Parameters<typeof fetch>[0], init?: RequestInit): Promise<Response> => {
    const res = await fetch(input, init);
    const headers = new Headers(init?.headers);
    requests.push({ method: init?.method ?? 'GET', url: String(input), status: res.status, auth: headers.get('authorization')?.split(' ')[0] });
    return res;
  };
  return { fetch: counting as typeof fetch, requests };
}

/** Every chunk of `chunks$` joined. */
export async function bytesOf(chunks$: Observable<Uint8Array>): Promise<Buffer> {
  return Buffer.concat(await lastValueFrom(chunks$.pipe(toArray())));
}

/** The error `promise` rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection, got a value');
}

/** Where an OCI image layout keeps blob `digest`. */
export function layoutBlob(image: FixtureImage, digest: string): string {
  return join(image.dir, 'blobs', ...digest.split(':'));
}

/** Pushes a fixture image's layout with our client (see pushFixtureImage), its target under `tag`. */
export async function pushLayout(client: RegistryClient, repository: Repository, image: FixtureImage, tag: string): Promise<void> {
  await pushFixtureImage(image, `${repository.domain}/${repository.path}:${tag}`, {}, client);
}
