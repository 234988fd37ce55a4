// client.pull$ against a real registry and a real daemon: the fixture image pushed with our registry client,
// pulled back, checked by ctr (the witness) and run.
import { expect } from 'chai';
import { lastValueFrom, toArray } from 'rxjs';
import { DigestMismatchError, InvalidArgumentError, NotFoundError, PlatformNotFoundError, RegistryAuthError, RegistryNotFoundError, RegistryUnavailableError } from '../../src/client/errors.js';
import { formatPlatform, hostPlatform } from '../../src/images/platform.js';
import type { PullBlobProgress, PullProgress } from '../../src/images/pull-progress.js';
import { RegistryClient } from '../../src/images/registry/registry-client.js';
import type { Client } from '../../src/process/client.js';
import type { Descriptor } from '../../src/images/oci-types.js';
import { buildFixtureImage, type FixtureImage, type Registry } from '../../src/testing/index.js';
import { sharedDaemon, testClient, unique } from '../support/daemon.js';
import { testRegistry, testTokenServer } from '../support/registry.js';
import { countingFetch, pushImage, pushLayout, rejection, testImage } from './registry-images.js';
import { ctrOf } from '../support/ctr.js';

describe('client.pull$ (a real registry, a real daemon)', function () {
  this.timeout(120_000);
  let image: FixtureImage;
  let address: string;
  const ctr = (client: Client, ...args: string[]): Promise<string> => ctrOf(address, client.namespace).ok(...args);
  const blobs = (values: PullProgress[]): PullBlobProgress[] => values.filter((v): v is PullBlobProgress => v.type === 'blob');
  const last = (values: PullProgress[], digest: string): PullBlobProgress | undefined => blobs(values).filter((b) => b.digest === digest).at(-1);

  /** A fixture image with a large layer of its own (seeded), pushed to a fresh registry as `big:1`. */
  const withBigImage = async (seed: number, fn: (registry: Registry, large: Descriptor, ref: string) => Promise<void>): Promise<void> => {
    const big = await buildFixtureImage({ platforms: 'host', extraLayers: [{ randomBytes: 48 << 20, seed }] });
    try {
      const registry = await testRegistry();
      await pushLayout(new RegistryClient(), { domain: registry.host, path: 'big' }, big, '1');
      await fn(registry, big.layers.at(-1)!.descriptor, `${registry.host}/big:1`);
    } finally {
      big.remove();
    }
  };
  /** Whether `p` shows bytes of `large` arriving. */
  const downloading = (p: PullProgress, large: Descriptor): boolean => p.type === 'blob' && p.digest === large.digest && p.phase === 'downloading' && p.bytes > 0;

  before(async () => {
    address = (await sharedDaemon()).address;
    image = await buildFixtureImage();
  });
  after(() => image?.remove());

  it('pulls an index by tag: phases in order, each blob done with the manifest\'s size, ctr finds it complete and runs it', async () => {
    const registry = await testRegistry();
    await pushLayout(new RegistryClient(), { domain: registry.host, path: 'app' }, image, '1.0');
    const client = await testClient();
    const ref = `${registry.host}/app:1.0`;
    const values = await lastValueFrom(client.pull$(ref).pipe(toArray()));

    expect(values.filter((v) => v.type === 'phase').map((v) => v.type === 'phase' && v.phase)).to.deep.equal(['resolving', 'fetching', 'unpacking', 'done']);
    const manifest = image.hostManifest!;
    for (const d of [manifest.config, ...manifest.layers.map((l) => l.descriptor)]) {
      expect(last(values, d.digest), d.digest).to.deep.include({ phase: 'done', bytes: d.size, total: d.size });
      expect(blobs(values).find((b) => b.digest === d.digest)?.phase).to.equal('waiting');
    }
    const done = values.at(-1)!;
    expect(done.type === 'phase' && done.phase === 'done' && done.image.name).to.equal(ref);
    expect(done.type === 'phase' && done.phase === 'done' && done.image.target.digest).to.equal(image.target.digest);
    expect((await ctr(client, 'images', 'check')).split('\n').find((l) => l.startsWith(`${ref} `))).to.match(/ complete \(\d+\/\d+\) .* true\s*$/);
    expect(await ctr(client, 'run', '--rm', ref, unique('c'))).to.equal(`hello from app in /srv/app on ${formatPlatform(hostPlatform())}\n`);
    const info = await client.content.info(manifest.layers[0]!.descriptor.digest);
    expect(info.labels[`containerd.io/distribution.source.${registry.host}`]).to.equal('app');
  });

  it('pulls by digest, and a second pull finds every blob there ("exists")', async () => {
    const registry = await testRegistry();
    await pushLayout(new RegistryClient(), { domain: registry.host, path: 'app' }, image, '1.0');
    const client = await testClient();
    const ref = `${registry.host}/app@${image.target.digest}`;
    const pulled = await client.pull(ref);
    expect(pulled.name).to.equal(ref);
    const again = await lastValueFrom(client.pull$(ref).pipe(toArray()));
    const manifest = image.hostManifest!;
    for (const d of [manifest.config, ...manifest.layers.map((l) => l.descriptor)]) expect(last(again, d.digest)?.phase, d.digest).to.equal('exists');
  });

  it('pulls a Docker schema 2 manifest without unpacking it', async () => {
    const registry = await testRegistry();
    const docker = testImage(4096, 'docker');
    await pushImage(new RegistryClient(), { domain: registry.host, path: 'docker' }, docker, 'v2');
    const client = await testClient();
    const pulled = await client.pull(`${registry.host}/docker:v2`, { unpack: false });
    expect(pulled.target).to.deep.include({ mediaType: 'application/vnd.docker.distribution.manifest.v2+json', digest: docker.manifest.digest });
    expect((await client.content.info(docker.layer.digest)).size).to.equal(docker.layer.size);
  });

  it('with basic auth: the right credentials pull; wrong ones fail naming the registry, with no image', async () => {
    const registry = await testRegistry({ htpasswd: { alice: 's3cret' } });
    await pushLayout(new RegistryClient({ username: 'alice', password: 's3cret' }), { domain: registry.host, path: 'app' }, image, '1');
    const client = await testClient();
    const error = await rejection(client.pull(`${registry.host}/app:1`, { username: 'alice', password: 'nope' }));
    expect(error).to.be.instanceOf(RegistryAuthError);
    expect(error.message).to.include(registry.host);
    expect(await client.images()).to.deep.equal([]);
    expect((await client.pull(`${registry.host}/app:1`, { username: 'alice', password: 's3cret', unpack: false })).target.digest).to.equal(image.target.digest);
  });

  it('with token auth: a Bearer challenge answered, the pull completes', async () => {
    const tokens = await testTokenServer({ users: { bob: 'pw' } });
    const registry = await testRegistry({ tokenServer: tokens });
    await pushLayout(new RegistryClient({ username: 'bob', password: 'pw' }), { domain: registry.host, path: 'app' }, image, '1');
    const client = await testClient();
    const pulled = await client.pull(`${registry.host}/app:1`, { username: 'bob', password: 'pw' });
    expect(pulled.target.digest).to.equal(image.target.digest);
    expect(tokens.requests.at(-1)).to.deep.include({ account: 'bob', status: 200, scopes: ['repository:app:pull'] });
  });

  it('an unknown tag is a RegistryNotFoundError naming the reference; a malformed one an InvalidArgumentError before any request', async () => {
    const registry = await testRegistry();
    const client = await testClient();
    const missing = await rejection(client.pull(`${registry.host}/app:nope`));
    expect(missing).to.be.instanceOf(RegistryNotFoundError);
    expect(missing.message).to.include(`${registry.host}/app:nope`);
    const counted = countingFetch();
    const bad = await rejection(client.pull(`${registry.host}/App:1`, { fetch: counted.fetch }));
    expect(bad).to.be.instanceOf(InvalidArgumentError);
    expect(counted.requests).to.deep.equal([]);
  });

  it('an index without this machine\'s platform is a PlatformNotFoundError listing the platforms it has', async () => {
    const foreign = await buildFixtureImage({ platforms: 'foreign' });
    try {
      const registry = await testRegistry();
      await pushLayout(new RegistryClient(), { domain: registry.host, path: 'foreign' }, foreign, '1');
      const error = await rejection((await testClient()).pull(`${registry.host}/foreign:1`));
      expect(error).to.be.instanceOf(PlatformNotFoundError);
      expect(error.message).to.include(formatPlatform(foreign.manifests[0]!.platform));
    } finally {
      foreign.remove();
    }
  });

  it('a corrupted layer fails with a DigestMismatchError naming it: nothing of it committed, no image record', async () => {
    // a layer of its own: one the daemon has already (in any namespace) is committed without being read
    const own = await buildFixtureImage({ platforms: 'host', extraLayers: [{ randomBytes: 300_000, seed: process.pid }] });
    try {
      const registry = await testRegistry();
      await pushLayout(new RegistryClient(), { domain: registry.host, path: 'app' }, own, '1');
      const layer = own.layers.at(-1)!.descriptor;
      registry.corruptBlob(layer.digest);
      const client = await testClient();
      const error = await rejection(client.pull(`${registry.host}/app:1`));
      expect(error).to.be.instanceOf(DigestMismatchError);
      expect(error.message).to.include(layer.digest);
      expect(await rejection(client.content.info(layer.digest))).to.be.instanceOf(NotFoundError);
      expect(await client.images()).to.deep.equal([]);
    } finally {
      own.remove();
    }
  });

  it('a registry killed mid-pull fails naming its host; pulled again once it is back, blobs already there are not fetched again', async () => {
    await withBigImage(7, async (registry, large, ref) => {
      const client = await testClient();
      const seen: PullProgress[] = [];
      const error = await rejection(new Promise((resolve, reject) => {
        let killed = false;
        client.pull$(ref, { concurrency: 1 }).subscribe({
          next: (p) => {
            seen.push(p);
            if (!killed && downloading(p, large)) {
              killed = true;
              void registry.kill();
            }
          },
          error: reject,
          complete: () => resolve(undefined),
        });
      }));
      expect(error).to.be.instanceOf(RegistryUnavailableError);
      expect(error.message).to.include(registry.host);
      const committed = blobs(seen).filter((b) => b.phase === 'done').map((b) => b.digest);
      expect(committed).to.not.include(large.digest);
      expect(committed.length).to.be.greaterThan(0);
      await registry.restart();
      const counted = countingFetch();
      const again = await lastValueFrom(client.pull$(ref, { concurrency: 1, fetch: counted.fetch }).pipe(toArray()));
      for (const digest of committed) expect(last(again, digest)?.phase, digest).to.equal('exists');
      expect(last(again, large.digest)).to.deep.include({ phase: 'done', bytes: large.size });
      // the large blob continued from the daemon's offset: one Range request, answered with the tail
      expect(blobs(again).find((b) => b.digest === large.digest && b.phase === 'downloading')!.bytes).to.be.greaterThan(0);
      expect(counted.requests.filter((r) => r.url.endsWith(`/blobs/${large.digest}`)).map((r) => r.status)).to.deep.equal([206]);
      expect((await ctr(client, 'images', 'check')).split('\n').find((l) => l.startsWith(`${ref} `))).to.match(/ complete \(\d+\/\d+\) /);
    });
  });

  it('unsubscribing mid-pull leaves no image and no committed half blob', async () => {
    await withBigImage(8, async (_registry, large, ref) => {
      const client = await testClient();
      await new Promise<void>((resolve, reject) => {
        const subscription = client.pull$(ref).subscribe({
          next: (p) => {
            if (downloading(p, large)) {
              subscription.unsubscribe();
              resolve();
            }
          },
          error: reject,
        });
      });
      expect(await client.images()).to.deep.equal([]);
      expect(await rejection(client.content.info(large.digest))).to.be.instanceOf(NotFoundError);
    });
  });
});
