import { expect } from 'chai';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import type { Client } from '../../src/process/client.js';
import { DiffIdMismatchError } from '../../src/client/errors.js';
import { chainIds } from '../../src/images/chain-id.js';
import { Snapshotter } from '../../src/images/snapshots.js';
import { unpack$ } from '../../src/images/unpack.js';
import { Content, Leases } from '../../src/proto/services.js';
import { buildFixtureImage, type FixtureImage } from '../../src/testing/image-builder.js';
import { testClient } from '../support/daemon.js';
import { eventually } from '../support/eventually.js';
import { ctr } from './ctr.js';
import { loadFixtureImage } from '../../src/testing/image-load.js';

describe('unpacking an image (real daemon)', () => {
  let fixture: FixtureImage;
  let chain: string[];
  before(async () => {
    fixture = await buildFixtureImage();
    chain = chainIds(fixture.hostManifest!.layers.map((l) => l.diffId));
  });
  after(() => fixture.remove());

  /** The labels of the blob `digest`. */
  const labelsOf = async (client: Client, digest: string): Promise<Record<string, string>> =>
    ({ ...(await firstValueFrom(client.conn.call$(Content.info, { digest }))).info?.labels });

  for (const snapshotter of ['overlayfs', 'native']) {
    it(`unpack on ${snapshotter} commits one snapshot per layer named by its chain id, and labels the config and the layers`, async () => {
      const client = await testClient();
      const image = await loadFixtureImage(client, fixture);
      expect(await image.isUnpacked({ snapshotter })).to.equal(false);
      const progress = await image.unpack({ snapshotter });
      expect(progress).to.deep.equal(fixture.layers.map((l, i) => ({
        phase: 'unpacking', layer: i, of: 2, digest: l.descriptor.digest, chainId: chain[i], skipped: false,
      })));
      const committed = await new Snapshotter(client.conn, snapshotter).list();
      expect(committed.map((s) => [s.name, s.kind, s.parent]).sort()).to.deep.equal([[chain[0], 'committed', undefined], [chain[1], 'committed', chain[0]]].sort());
      expect(await image.isUnpacked({ snapshotter })).to.equal(true);
      const config = await labelsOf(client, fixture.hostManifest!.config.digest);
      expect(config[`containerd.io/gc.ref.snapshot.${snapshotter}`]).to.equal(chain[1]);
      for (const layer of fixture.layers) expect((await labelsOf(client, layer.descriptor.digest))['containerd.io/uncompressed']).to.equal(layer.diffId);
      // ctr, the witness: the chain ids committed, the image complete
      const ls = await ctr(client.namespace, 'snapshots', '--snapshotter', snapshotter, 'ls');
      for (const id of chain) expect(ls).to.match(new RegExp(`^${id}\\s.*Committed`, 'm'));
      const check = await ctr(client.namespace, 'images', 'check');
      expect(check).to.match(new RegExp(`^${fixture.names[0]!.replace(/[.:/]/g, '\\$&')}\\s.*complete \\(\\d+/\\d+\\)`, 'm'));
    });
  }

  it('with no snapshotter named, unpack uses the default one, overlayfs', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    await image.unpack();
    expect(await image.isUnpacked({ snapshotter: 'overlayfs' })).to.equal(true);
    expect(await image.isUnpacked({ snapshotter: 'native' })).to.equal(false);
  });

  it('a second unpack skips every layer already unpacked: no snapshot is prepared', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    await image.unpack({ snapshotter: 'native' });
    const prepared: string[] = [];
    const sub = client.events$.subscribe((e) => e.event.type === 'SnapshotPrepare' && prepared.push(e.event.key));
    await firstValueFrom(client.hub.live$);
    const again = await image.unpack({ snapshotter: 'native' });
    expect(again.map((p) => p.skipped)).to.deep.equal([true, true]);
    // a snapshot prepared after would show up in the stream: a prepare made now is seen before its own event
    await new Snapshotter(client.conn, 'native').prepare('marker');
    const deadline = Date.now() + 5000;
    while (!prepared.includes('marker') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    sub.unsubscribe();
    expect(prepared).to.deep.equal(['marker']);
  });

  it('the snapshots outlive the unpack\'s lease: the config label keeps them from the garbage collector', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    await image.unpack({ snapshotter: 'native' });
    // no lease left, and a garbage collection (the sync delete of a lease runs one) keeps the snapshots
    const { leases } = await firstValueFrom(client.conn.call$(Leases.list, {}));
    expect(leases).to.deep.equal([]);
    await firstValueFrom(client.conn.call$(Leases.create, { id: 'gc-trigger' }));
    await firstValueFrom(client.conn.call$(Leases.delete, { id: 'gc-trigger', sync: true }));
    expect((await new Snapshotter(client.conn, 'native').list()).map((s) => s.name).sort()).to.deep.equal([...chain].sort());
  });

  it('an unpack unsubscribed after its first layer leaves its lease deleted and nothing the garbage collector keeps', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    await firstValueFrom(image.unpack$({ snapshotter: 'native' }));      // the first layer, then unsubscribed
    expect(await eventually(async () => (await client.leases.list()).length, 0)).to.equal(0);   // deleted in the background
    await client.leases.create({ id: 'gc-trigger' });
    await client.leases.delete('gc-trigger', { sync: true });
    expect(await new Snapshotter(client.conn, 'native').list()).to.deep.equal([]);
    expect(await image.isUnpacked({ snapshotter: 'native' })).to.equal(false);
  });

  it('a layer that unpacks to another diff id than the config\'s fails with DiffIdMismatchError naming it; no extraction snapshot is left', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    const manifest = await image.manifest();
    const config = await image.config();
    const wrong = `sha256:${'0'.repeat(64)}`;
    const bad = { ...config, rootfs: { type: 'layers' as const, diff_ids: [config.rootfs.diff_ids[0]!, wrong] } };
    const seen = await lastValueFrom(unpack$(client.conn, manifest, bad, { snapshotter: 'native' }).pipe(toArray())).catch((e: unknown) => e);
    expect(seen).to.be.instanceOf(DiffIdMismatchError);
    const error = seen as DiffIdMismatchError;
    expect(error).to.deep.include({ layer: 1, digest: fixture.layers[1]!.descriptor.digest, expected: wrong, actual: fixture.layers[1]!.diffId });
    expect(error.message).to.include(fixture.layers[1]!.descriptor.digest);
    const left = (await new Snapshotter(client.conn, 'native').list()).map((s) => s.name);
    expect(left.filter((name) => name.startsWith('extract-') || name === chain[1])).to.deep.equal([]);
  });
});
