// The registry client against containerd's own: our push pulled by `ctr images pull`, and `ctr images push`
// read back by our client, on the fixture image (an index of two platforms).
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, map } from 'rxjs';
import { formatPlatform, hostPlatform } from '../../src/images/platform.js';
import { RegistryClient } from '../../src/images/registry/registry-client.js';
import { selectManifest$ } from '../../src/images/select-manifest.js';
import { buildFixtureImage, FIXTURE_IMAGE_NAME, writeOciArchive, type FixtureImage } from '../../src/testing/index.js';
import { sharedDaemon, unique } from '../support/daemon.js';
import { testRegistry } from '../support/registry.js';
import { bytesOf, layoutBlob, pushLayout } from './registry-images.js';
import { ctrOf } from '../support/ctr.js';

describe('registry client and ctr, on the fixture image', function () {
  this.timeout(120_000);
  let image: FixtureImage;
  let address: string;
  let work: string;
  const ctr = (namespace: string, ...args: string[]): Promise<string> => ctrOf(address, namespace).ok(...args);

  before(async () => {
    address = (await sharedDaemon()).address;
    image = await buildFixtureImage();
    work = mkdtempSync(join(tmpdir(), 'rxc-registry-fixture-'));
  });
  after(() => {
    image?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('our push of an index is resolved, its manifest selected for this machine, and ctr pulls and runs it', async () => {
    const registry = await testRegistry();
    const client = new RegistryClient();
    const repo = { domain: registry.host, path: 'fixtures/app' };
    await pushLayout(client, repo, image, '1.0');
    const ref = `${registry.host}/fixtures/app:1.0`;

    const target = await firstValueFrom(client.resolve$(ref));
    expect(target).to.deep.equal({ mediaType: image.target.mediaType, digest: image.target.digest, size: image.target.size });
    const read = (d: { mediaType: string; digest: string; size: number }) => client.fetchManifest$(repo, d).pipe(map((b) => new Uint8Array(b)));
    const selected = await firstValueFrom(selectManifest$(target, (d) => (d.mediaType.includes('config') ? client.fetchBlob$(repo, d.digest) : read(d))));
    expect(selected.descriptor.digest).to.equal(image.hostManifest!.descriptor.digest);

    const ns = unique('reg');
    await ctr(ns, 'images', 'pull', '--plain-http', ref);
    expect((await ctr(ns, 'images', 'check')).split('\n').find((l) => l.startsWith(`${ref} `))).to.match(/ complete \(\d+\/\d+\) /);
    expect(await ctr(ns, 'run', '--rm', ref, unique('c'))).to.equal(`hello from app in /srv/app on ${formatPlatform(hostPlatform())}\n`);
  });

  it('what ctr pushes, our client resolves and fetches with identical digests', async () => {
    const registry = await testRegistry();
    const ns = unique('reg');
    await ctr(ns, 'images', 'import', '--all-platforms', await writeOciArchive(image, join(work, 'oci.tar')));
    const ref = `${registry.host}/by-ctr/app:2.0`;
    await ctr(ns, 'images', 'tag', FIXTURE_IMAGE_NAME, ref);
    await ctr(ns, 'images', 'push', '--plain-http', ref);

    const client = new RegistryClient();
    const repo = { domain: registry.host, path: 'by-ctr/app' };
    const target = await firstValueFrom(client.resolve$(ref));
    expect(target.digest).to.equal(image.target.digest);
    const manifest = image.hostManifest!;
    expect((await firstValueFrom(client.fetchManifest$(repo, manifest.descriptor))).equals(readFileSync(layoutBlob(image, manifest.descriptor.digest)))).to.equal(true);
    for (const blob of [manifest.config, ...manifest.layers.map((l) => l.descriptor)]) {
      const bytes = await bytesOf(client.fetchBlob$(repo, blob.digest, { size: blob.size }));
      expect(bytes.equals(readFileSync(layoutBlob(image, blob.digest))), blob.digest).to.equal(true);
    }
  });
});
