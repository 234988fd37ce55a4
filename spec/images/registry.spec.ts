import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import { DigestMismatchError, InvalidArgumentError, RegistryNotFoundError, RegistryUnavailableError } from '../../src/client/errors.js';
import { RegistryClient } from '../../src/images/registry/registry-client.js';
import { testRegistry } from '../support/registry.js';
import { bytesOf, countingFetch, pushImage, rejection, testImage } from './registry-images.js';

describe('registry client against a real registry (docker-registry 2.8)', () => {
  it('pushes blobs and a manifest, then resolves the tag and fetches them back with identical digests', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    const repo = { domain: registry.host, path: 'acme/app' };
    const image = testImage();
    await pushImage(client, repo, image, '1.0');

    const descriptor = await firstValueFrom(client.resolve$(`${registry.host}/acme/app:1.0`));
    expect(descriptor).to.deep.equal({ mediaType: image.manifest.mediaType, digest: image.manifest.digest, size: image.manifest.size });
    const manifest = await firstValueFrom(client.fetchManifest$(repo, descriptor));
    expect(manifest.equals(image.manifest.bytes)).to.equal(true);
    for (const blob of [image.config, image.layer]) {
      const bytes = await bytesOf(client.fetchBlob$(repo, blob.digest, { size: blob.size }));
      expect(bytes.equals(blob.bytes), blob.digest).to.equal(true);
    }
  });

  it('resolves a Docker schema 2 manifest, and a reference pinned by digest', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    const repo = { domain: registry.host, path: 'app' };
    const image = testImage(1024, 'docker');
    await pushImage(client, repo, image, 'v2');
    const byTag = await firstValueFrom(client.resolve$(`${registry.host}/app:v2`));
    expect(byTag.mediaType).to.equal('application/vnd.docker.distribution.manifest.v2+json');
    const byDigest = await firstValueFrom(client.resolve$(`${registry.host}/app@${image.manifest.digest}`));
    expect(byDigest).to.deep.equal(byTag);
  });

  it('pushing again sends nothing: each blob "exists"; a blob of another repository is mounted', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    const image = testImage();
    await pushImage(client, { domain: registry.host, path: 'one' }, image, 'latest');
    const again = await firstValueFrom(client.pushBlob$({ domain: registry.host, path: 'one' }, image.layer, () => { throw new Error('read'); }));
    expect(again).to.equal('exists');
    const mounted = await firstValueFrom(client.pushBlob$({ domain: registry.host, path: 'two' }, image.layer, () => { throw new Error('read'); }, { mountFrom: 'one' }));
    expect(mounted).to.equal('mounted');
    const bytes = await bytesOf(client.fetchBlob$({ domain: registry.host, path: 'two' }, image.layer.digest));
    expect(bytes.equals(image.layer.bytes)).to.equal(true);
  });

  it('an unknown tag or repository is a RegistryNotFoundError naming the reference', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    await pushImage(client, { domain: registry.host, path: 'app' }, testImage(16), 'there');
    const tag = await rejection(firstValueFrom(client.resolve$(`${registry.host}/app:missing`)));
    expect(tag).to.be.instanceOf(RegistryNotFoundError);
    expect(tag.message).to.include(`${registry.host}/app:missing`).and.include('MANIFEST_UNKNOWN');
    const repo = await rejection(firstValueFrom(client.resolve$(`${registry.host}/nothing/here:1`)));
    expect(repo).to.be.instanceOf(RegistryNotFoundError);
    expect(repo.message).to.include(`${registry.host}/nothing/here:1`);
    expect((repo as RegistryNotFoundError).host).to.equal(registry.host);
  });

  it('a malformed reference is an InvalidArgumentError, before any request', async () => {
    const counted = countingFetch();
    const client = new RegistryClient({ fetch: counted.fetch });
    const error = await rejection(firstValueFrom(client.resolve$('127.0.0.1:5000/App:1')));
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect(error.message).to.match(/invalid image reference "127.0.0.1:5000\/App:1": the repository name must be lowercase/);
    expect(counted.requests).to.deep.equal([]);
  });

  it('a registry that is down is a RegistryUnavailableError naming its host; back up, the same client carries on', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    await pushImage(client, { domain: registry.host, path: 'app' }, testImage(16), '1');
    await registry.kill();
    const down = await rejection(firstValueFrom(client.resolve$(`${registry.host}/app:1`)));
    expect(down).to.be.instanceOf(RegistryUnavailableError);
    expect(down.message).to.include(`registry ${registry.host} is not reachable`).and.include('ECONNREFUSED');
    await registry.restart();
    expect((await firstValueFrom(client.resolve$(`${registry.host}/app:1`))).mediaType).to.equal('application/vnd.oci.image.manifest.v1+json');
  });

  it('a registry killed mid-blob fails the read with a RegistryUnavailableError naming its host', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    const repo = { domain: registry.host, path: 'app' };
    const image = testImage(32 << 20);
    await pushImage(client, repo, image, '1');
    let read = 0;
    const error = await rejection((async () => {
      for await (const chunk of client.blob(repo, image.layer.digest, { size: image.layer.size })) {
        if (read === 0) await registry.kill();
        read += chunk.byteLength;
      }
    })());
    expect(error).to.be.instanceOf(RegistryUnavailableError);
    expect(error.message).to.include(`registry ${registry.host} is not reachable (${registry.host}/app@${image.layer.digest})`);
    expect(read).to.be.lessThan(image.layer.size);
  });

  it('a fetch from an offset (Range) returns the tail of the blob', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    const repo = { domain: registry.host, path: 'app' };
    const image = testImage(300_000);
    await pushImage(client, repo, image, '1');
    const counted = countingFetch();
    const tail = await bytesOf(new RegistryClient({ fetch: counted.fetch }).fetchBlob$(repo, image.layer.digest, { offset: 123_457 }));
    expect(tail.equals(image.layer.bytes.subarray(123_457))).to.equal(true);
    expect(counted.requests.map((r) => r.status)).to.deep.equal([206]);
  });

  it('a blob corrupted in the registry\'s storage fails the fetch with a DigestMismatchError naming its digest', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    const repo = { domain: registry.host, path: 'app' };
    const image = testImage(50_000);
    await pushImage(client, repo, image, '1');
    registry.corruptBlob(image.layer.digest);
    const error = await rejection(bytesOf(client.fetchBlob$(repo, image.layer.digest, { size: image.layer.size })));
    expect(error).to.be.instanceOf(DigestMismatchError);
    expect(error.message).to.include(`blob ${image.layer.digest}: unexpected digest sha256:`);
  });

  it('a manifest corrupted in the registry\'s storage fails fetchManifest$ naming its digest', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    const repo = { domain: registry.host, path: 'app' };
    const image = testImage(16);
    await pushImage(client, repo, image, '1');
    registry.corruptBlob(image.manifest.digest);
    const error = await rejection(firstValueFrom(client.fetchManifest$(repo, image.manifest)));
    expect(error).to.be.instanceOf(DigestMismatchError);
    expect(error.message).to.include(image.manifest.digest);
  });

  it('unsubscribing a blob fetch aborts its request', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    const repo = { domain: registry.host, path: 'app' };
    const image = testImage(8 << 20);
    await pushImage(client, repo, image, '1');
    const signals: AbortSignal[] = [];
    const watching = new RegistryClient({ fetch: (input, init) => (signals.push(init!.signal!), fetch(input, init)) });
    let received = 0;
    await new Promise<void>((resolve, reject) => {
      const subscription = watching.fetchBlob$(repo, image.layer.digest).subscribe({
        next: (chunk) => {
          received += chunk.byteLength;
          subscription.unsubscribe();
          resolve();
        },
        error: reject,
      });
    });
    expect(received).to.be.greaterThan(0).and.lessThan(image.layer.size);
    expect(signals.map((s) => s.aborted)).to.deep.equal([true]);
  });
});
