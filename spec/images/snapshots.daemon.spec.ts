import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, toArray } from 'rxjs';
import { withLease } from '../../src/client/call-port.js';
import { AlreadyExistsError, FailedPreconditionError, NotFoundError } from '../../src/client/errors.js';
import { defaultSnapshotter$ } from '../../src/images/default-snapshotter.js';
import { Snapshotter } from '../../src/images/snapshots.js';
import { testClient, unique } from '../support/daemon.js';

/**
 * A snapshotter of a fresh namespace whose calls carry a lease: a snapshot nothing references is the garbage
 * collector's, and a collection another spec starts may come at any time. Native mounts are a bind mount of a
 * folder we can write into.
 */
async function leased(name = 'native'): Promise<Snapshotter> {
  const client = await testClient();
  const lease = await client.leases.create({ expireMs: 600_000 });
  return new Snapshotter(withLease(client.conn, lease.id), name);
}

describe('Snapshotter (real daemon)', () => {
  it('the default snapshotter is overlayfs where its plugin loaded', async () => {
    const client = await testClient();
    expect(await firstValueFrom(defaultSnapshotter$(client.conn))).to.equal('overlayfs');
  });

  it('prepare makes an active snapshot and answers its mounts; mounts answers the same; stat says active', async () => {
    const sn = await leased();
    const mounts = await sn.prepare('work', { labels: { 'example.com/x': '1' } });
    expect(mounts).to.have.length(1);
    expect(mounts[0]).to.deep.include({ type: 'bind' });
    expect(await sn.mounts('work')).to.deep.equal(mounts);
    const info = await sn.stat('work');
    expect(info).to.deep.include({ name: 'work', kind: 'active', labels: { 'example.com/x': '1' } });
    expect(info.parent).to.equal(undefined);
    expect(info.createdAt).to.be.instanceOf(Date);
  });

  it('commit turns an active snapshot into a committed one under its name; the key is gone', async () => {
    const sn = await leased();
    await sn.prepare('work');
    await sn.commit('layer-1', 'work', { labels: { 'example.com/layer': 'one' } });
    expect(await sn.stat('layer-1')).to.deep.include({ name: 'layer-1', kind: 'committed', labels: { 'example.com/layer': 'one' } });
    expect(await sn.stat('work').catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
  });

  it('a snapshot prepared or viewed on a committed one has it as parent; a view is kind view with read-only mounts', async () => {
    const sn = await leased();
    await sn.prepare('work');
    await sn.commit('base', 'work');
    await sn.prepare('child', { parent: 'base' });
    const view = await sn.view('look', { parent: 'base' });
    expect(await sn.stat('child')).to.deep.include({ kind: 'active', parent: 'base' });
    expect(await sn.stat('look')).to.deep.include({ kind: 'view', parent: 'base' });
    expect(view[0]!.options).to.include('ro');
  });

  it('remove takes a snapshot away; a committed one with children is refused with FailedPreconditionError', async () => {
    const sn = await leased();
    await sn.prepare('work');
    await sn.commit('base', 'work');
    await sn.prepare('child', { parent: 'base' });
    expect(await sn.remove('base').catch((e: unknown) => e)).to.be.instanceOf(FailedPreconditionError);
    await sn.remove('child');
    await sn.remove('base');
    expect(await sn.list()).to.deep.equal([]);
  });

  it('list emits every snapshot one by one, or those matching a filter', async () => {
    const sn = await leased();
    await sn.prepare('a', { labels: { 'example.com/pick': 'yes' } });
    await sn.prepare('b');
    await sn.commit('c', 'b');
    const all = await firstValueFrom(sn.list$().pipe(toArray()));
    expect(all.map((i) => `${i.name}:${i.kind}`).sort()).to.deep.equal(['a:active', 'c:committed']);
    const picked = await sn.list(['labels."example.com/pick"==yes']);
    expect(picked.map((i) => i.name)).to.deep.equal(['a']);
  });

  it('usage counts the bytes and inodes written into an active snapshot', async () => {
    const sn = await leased();
    const [mount] = await sn.prepare('work');
    writeFileSync(join(mount!.source, 'data.bin'), Buffer.alloc(64 * 1024, 7));
    const usage = await sn.usage('work');
    expect(usage.size).to.be.at.least(64 * 1024);
    expect(usage.inodes).to.be.at.least(2);
  });

  it('update sets the labels given and keeps the others', async () => {
    const sn = await leased();
    await sn.prepare('work', { labels: { keep: 'me', change: 'old' } });
    const info = await sn.update('work', { change: 'new', added: 'yes' });
    expect(info.labels).to.deep.equal({ keep: 'me', change: 'new', added: 'yes' });
  });

  it('an unknown key is a NotFoundError naming it, for stat, mounts, commit, remove and usage', async () => {
    const sn = await leased();
    const key = unique('missing');
    for (const call of [() => sn.stat(key), () => sn.mounts(key), () => sn.commit('x', key), () => sn.remove(key), () => sn.usage(key)]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).to.be.instanceOf(NotFoundError);
      expect((error as Error).message).to.include(key);
    }
  });

  it('a key taken is an AlreadyExistsError, for prepare and for commit to a name taken', async () => {
    const sn = await leased();
    await sn.prepare('work');
    expect(await sn.prepare('work').catch((e: unknown) => e)).to.be.instanceOf(AlreadyExistsError);
    await sn.commit('done', 'work');
    await sn.prepare('again');
    expect(await sn.commit('done', 'again').catch((e: unknown) => e)).to.be.instanceOf(AlreadyExistsError);
  });

  it('prepare on overlayfs answers an overlay (or a bind for no parent) mount, and cleanup completes (a no-op where the snapshotter lacks it)', async () => {
    const sn = await leased('overlayfs');
    await sn.prepare('work');
    await sn.commit('base', 'work');
    const mounts = await sn.prepare('child', { parent: 'base' });
    expect(mounts[0]!.type).to.equal('overlay');
    expect(mounts[0]!.options.some((o) => o.startsWith('lowerdir='))).to.equal(true);
    await sn.remove('child');
    expect(await firstValueFrom(sn.cleanup$(), { defaultValue: 'done' })).to.equal('done');
  });
});
