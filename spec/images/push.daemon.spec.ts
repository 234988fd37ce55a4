// client.push$ against a real registry: an image of the content store pushed, then pulled back into a fresh
// daemon with identical digests; blobs the registry has are left alone, blobs of another repository mounted.
import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { lastValueFrom, toArray } from 'rxjs';
import { RegistryAuthError } from '../../src/client/errors.js';
import { formatPlatform, hostPlatform } from '../../src/images/platform.js';
import type { PushBlobProgress, PushProgress } from '../../src/images/push-progress.js';
import { connect } from '../../src/process/client.js';
import { buildFixtureImage, loadFixtureImage, type FixtureImage } from '../../src/testing/index.js';
import { privateDaemon, testClient, track, unique } from '../support/daemon.js';
import { testRegistry } from '../support/registry.js';
import { countingFetch, rejection } from './registry-images.js';

describe('client.push$ (a real registry, a real daemon)', function () {
  this.timeout(120_000);
  let image: FixtureImage;
  const blobs = (values: PushProgress[]): PushBlobProgress[] => values.filter((v): v is PushBlobProgress => v.type === 'blob');
  const finals = (values: PushProgress[]): Record<string, string> =>
    Object.fromEntries(blobs(values).filter((b) => b.phase !== 'waiting' && b.phase !== 'uploading').map((b) => [b.digest, b.phase]));

  before(async () => {
    image = await buildFixtureImage();
  });
  after(() => image?.remove());

  it('pushes an index with both platforms, which a fresh daemon pulls back with identical digests and runs; a second push sends nothing', async () => {
    const registry = await testRegistry();
    const client = await testClient();
    const loaded = await loadFixtureImage(client, image);
    const ref = `${registry.host}/app:1.0`;
    const values = await lastValueFrom(client.push$(ref, loaded).pipe(toArray()));
    expect(values[0]).to.deep.equal({ type: 'phase', phase: 'pushing' });
    expect(values.at(-1)).to.deep.equal({ type: 'phase', phase: 'done', target: loaded.target });
    const layersAndConfigs = new Set(image.manifests.flatMap((m) => [m.config.digest, ...m.layers.map((l) => l.descriptor.digest)]));
    expect(Object.keys(finals(values)).sort()).to.deep.equal([...layersAndConfigs].sort());
    expect(Object.values(finals(values)).every((p) => p === 'done')).to.equal(true);

    const fresh = await privateDaemon();
    const other = track(connect({ address: fresh.address, namespace: unique('fresh') }));
    const pulled = await other.pull(ref);
    expect(pulled.target).to.deep.include({ digest: image.target.digest, mediaType: image.target.mediaType, size: image.target.size });
    expect((await other.content.info(image.hostManifest!.descriptor.digest)).size).to.equal(image.hostManifest!.descriptor.size);
    const out = await new Promise<string>((resolve, reject) => execFile('ctr', ['--address', fresh.address, '-n', other.namespace, 'run', '--rm', ref, unique('c')],
      { encoding: 'utf8' }, (error, stdout, stderr) => (error ? reject(new Error(stderr)) : resolve(stdout))));
    expect(out).to.equal(`hello from app in /srv/app on ${formatPlatform(hostPlatform())}\n`);
    const again = await lastValueFrom(client.push$(ref, loaded.name).pipe(toArray()));
    expect(Object.values(finals(again)).every((p) => p === 'exists')).to.equal(true);
  });

  it('a blob pulled from another repository of the same registry is mounted, not uploaded', async () => {
    const single = await buildFixtureImage({ platforms: 'host', names: ['docker.io/library/single:1'] });
    try {
      const registry = await testRegistry();
      const loader = await testClient();
      await loadAndPush(loader, single, `${registry.host}/first:1`);
      const client = await testClient();
      const pulled = await client.pull(`${registry.host}/first:1`);
      const values = await lastValueFrom(client.push$(`${registry.host}/second:1`, pulled).pipe(toArray()));
      expect(Object.values(finals(values)).every((p) => p === 'mounted')).to.equal(true);
      expect((await (await testClient()).pull(`${registry.host}/second:1`)).target.digest).to.equal(single.target.digest);
    } finally {
      single.remove();
    }
  });

  it('without credentials, a registry with basic auth refuses: a RegistryAuthError naming it', async () => {
    const registry = await testRegistry({ htpasswd: { alice: 's3cret' } });
    const client = await testClient();
    const loaded = await loadFixtureImage(client, image);
    const error = await rejection(client.push(`${registry.host}/app:1`, loaded));
    expect(error).to.be.instanceOf(RegistryAuthError);
    expect(error.message).to.include(registry.host);
    expect((await client.push(`${registry.host}/app:1`, loaded, { username: 'alice', password: 's3cret' })).digest).to.equal(image.target.digest);
  });

  it('a push with credentials sends one anonymous request, then reuses what the challenge taught for every blob', async () => {
    const registry = await testRegistry({ htpasswd: { alice: 's3cret' } });
    const client = await testClient();
    const loaded = await loadFixtureImage(client, image);
    const counted = countingFetch();
    await client.push(`${registry.host}/app:1`, loaded, { username: 'alice', password: 's3cret', concurrency: 3, fetch: counted.fetch });
    // the blobs' HEADs start together (concurrency 3); only the first goes out before the registry has spoken
    expect(counted.requests.filter((r) => r.auth === undefined).map((r) => [r.method, r.status])).to.deep.equal([['HEAD', 401]]);
    expect(counted.requests.filter((r) => r.status === 401)).to.have.length(1);
    expect(counted.requests.length).to.be.above(4);
  });
});

/** Loads `fixture` into `client` and pushes it to `ref`. */
async function loadAndPush(client: Awaited<ReturnType<typeof testClient>>, fixture: FixtureImage, ref: string): Promise<void> {
  await client.push(ref, await loadFixtureImage(client, fixture));
}
