import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { InvalidArgumentError } from '../../src/client/errors.js';
import type { Client } from '../../src/process/client.js';
import { ROOTFS_LABEL } from '../../src/process/container.js';
import { Containers } from '../../src/proto/services.js';
import { sharedDaemon, sharedRootfs, testClient, unique } from '../support/daemon.js';
import { clientWithFixture, ctr, removeFixtureArchives } from '../support/ctr-witness.js';

after(removeFixtureArchives);

/** `ctr containers info ID`, parsed: the Go client's view of the record. */
async function ctrInfo(client: Client, id: string): Promise<{ Labels?: Record<string, string>; Spec?: { annotations?: Record<string, string> }; UpdatedAt: string; CreatedAt: string; Image: string; Runtime: { Name: string } }> {
  return JSON.parse(await ctr(client, 'containers', 'info', id)) as never;
}

const failure = (p: Promise<unknown>): Promise<unknown> => p.then(() => expect.fail('expected a failure'), (e: unknown) => e);

describe('container.update / setLabels / info against the daemon, ctr as the witness', function () {
  this.timeout(60_000);
  let client: Client;
  before(async () => (client = await testClient()));

  it('update({ labels }) sets and removes the named labels only; the object and `ctr containers info` both see it', async () => {
    const id = unique('labels');
    const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/true'], labels: { app: 'web', tier: 'front', old: 'x' } });
    const updated = await container.update({ labels: { tier: 'back', old: null, added: 'yes', gone: '' } });
    expect(updated).to.equal(container);
    const expected = { app: 'web', tier: 'back', added: 'yes', [ROOTFS_LABEL]: await sharedRootfs() };
    expect(container.labels).to.deep.equal(expected);
    expect((await ctrInfo(client, id)).Labels).to.deep.equal(expected);
    expect((await client.containers('labels."tier"==back')).map((c) => c.id)).to.deep.equal([id]);
    await container.delete();
  });

  it('labels set by `ctr containers label` show in info(); our removal shows in ctr', async () => {
    const id = unique('ctr-label');
    const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/true'] });
    await ctr(client, 'containers', 'label', id, 'by=ctr', 'other=1');
    expect(container.labels).not.to.have.property('by');
    const info = await container.info();
    expect(info.labels).to.include({ by: 'ctr', other: '1' });
    expect(container.labels).to.include({ by: 'ctr' });
    await container.update({ labels: { by: null } });
    expect((await ctrInfo(client, id)).Labels).to.deep.equal({ other: '1', [ROOTFS_LABEL]: await sharedRootfs() });
    await container.delete();
  });

  it('setLabels replaces all labels but keeps the rootfs label its tasks need; a task still runs after', async () => {
    const id = unique('set');
    const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/true'], labels: { a: '1', b: '2' } });
    const $ = await firstValueFrom(container.setLabels$({ c: '3' }));
    expect($.labels).to.deep.equal({ c: '3', [ROOTFS_LABEL]: await sharedRootfs() });
    expect((await ctrInfo(client, id)).Labels).to.deep.equal({ c: '3', [ROOTFS_LABEL]: await sharedRootfs() });
    const task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    expect((await task.wait()).code).to.equal(0);
    await task.delete();
    await container.delete();
  });

  it('update({ annotations }) rewrites the stored spec while a task runs; the running task keeps its bundle spec', async () => {
    const id = unique('annot');
    const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
    const task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    const before = (await ctrInfo(client, id)).UpdatedAt;
    await container.update({ annotations: { 'org.example/owner': 'team-a', drop: null }, labels: { also: 'label' } });
    expect(container.spec()?.annotations).to.deep.equal({ 'org.example/owner': 'team-a' });
    const seen = await ctrInfo(client, id);
    expect(seen.Spec?.annotations).to.deep.equal({ 'org.example/owner': 'team-a' });
    expect(seen.Labels).to.include({ also: 'label' });
    expect(new Date(seen.UpdatedAt).getTime()).to.be.greaterThan(new Date(before).getTime());
    // runc runs the spec written into the task's bundle at its creation: that one does not change
    const bundle = join((await sharedDaemon()).state, 'io.containerd.runtime.v2.task', client.namespace, id, 'config.json');
    expect((JSON.parse(readFileSync(bundle, 'utf8')) as { annotations?: unknown }).annotations).to.equal(undefined);
    expect((await task.status()).status).to.equal('running');
    await container.update({ annotations: { 'org.example/owner': '' } });
    expect((await ctrInfo(client, id)).Spec?.annotations).to.equal(undefined);
    await task.delete({ kill: true });
    await container.delete();
  });

  it('info() tells the record as `ctr containers info` does: image, snapshotter, key, runtime, times, spec', async () => {
    const id = unique('info');
    const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/echo', 'hi'], labels: { k: 'v' } });
    const info = await firstValueFrom(container.info$());
    const seen = await ctrInfo(client, id);
    expect(info.id).to.equal(id);
    expect(info.image).to.equal(seen.Image);
    expect(info.snapshotter).to.equal('');
    expect(info.snapshotKey).to.equal('');
    expect(info.runtime.name).to.equal(seen.Runtime.Name).and.equal('io.containerd.runc.v2');
    expect(info.labels).to.deep.equal(seen.Labels);
    expect(info.createdAt?.getTime()).to.equal(Math.floor(new Date(seen.CreatedAt).getTime()));
    expect(info.updatedAt).to.be.instanceOf(Date);
    expect(info.extensions).to.deep.equal({});
    expect(info.spec?.process?.args).to.deep.equal(['/bin/echo', 'hi']);
    // ctr prints the spec through Go's structs, which drop empty fields: the same spec, less its zero values
    const ctrSpec = seen.Spec as { process: { args: string[] }; root: { path: string }; linux: { namespaces: unknown } };
    expect(info.spec?.process?.args).to.deep.equal(ctrSpec.process.args);
    expect(info.spec?.root?.path).to.equal(ctrSpec.root.path);
    expect(info.spec?.linux?.namespaces).to.deep.equal(ctrSpec.linux.namespaces);
    await container.delete();
  });

  it('bad labels fail with InvalidArgumentError before any call: the record is unchanged', async () => {
    const id = unique('bad');
    const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/true'], labels: { keep: 'me' } });
    const updatedAt = (await ctrInfo(client, id)).UpdatedAt;
    const bad: Array<Record<string, string | null>> = [{ '': 'x' }, { k: 'v'.repeat(4096) }, { ['k'.repeat(4097)]: null }];
    for (const labels of bad) {
      const e = await failure(container.update({ labels }));
      expect(e, JSON.stringify(labels).slice(0, 40)).to.be.instanceOf(InvalidArgumentError);
    }
    expect(await failure(container.setLabels({ ok: 1 as unknown as string }))).to.be.instanceOf(InvalidArgumentError);
    const seen = await ctrInfo(client, id);
    expect(seen.UpdatedAt).to.equal(updatedAt);
    expect(seen.Labels).to.include({ keep: 'me' });
    await container.delete();
  });

  it('a label of exactly 4096 bytes (key and value) is accepted, as containerd accepts it', async () => {
    const id = unique('max');
    const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/true'] });
    await container.update({ labels: { key: 'é'.repeat(2046) } }); // 3 + 2046 * 2 = 4095 bytes
    await container.update({ labels: { keys: 'é'.repeat(2046) } }); // 4096 bytes
    expect((await ctrInfo(client, id)).Labels?.keys).to.have.length(2046);
    await container.delete();
  });

  it('the daemon itself refuses 4097 bytes of key and value (the limit the check mirrors)', async () => {
    const id = unique('daemon-limit');
    const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/true'] });
    const raw = firstValueFrom(client.conn.call$(Containers.update, { container: { id, labels: { k: 'v'.repeat(4096) } }, updateMask: { paths: ['labels.k'] } }));
    expect(await failure(raw)).to.be.instanceOf(InvalidArgumentError);
    await container.delete();
  });

  it('info() of an image container made by `ctr containers create`: image, snapshotter and key as ctr shows them', async () => {
    const fixture = await clientWithFixture();
    const id = unique('img');
    await ctr(fixture.client, 'containers', 'create', fixture.image, id);
    const info = await (await fixture.client.loadContainer(id)).info();
    const seen = JSON.parse(await ctr(fixture.client, 'containers', 'info', id)) as { Image: string; Snapshotter: string; SnapshotKey: string; Runtime: { Name: string } };
    expect(info).to.deep.include({ image: seen.Image, snapshotter: seen.Snapshotter, snapshotKey: seen.SnapshotKey });
    expect(info.image).to.equal(fixture.image);
    expect(info.snapshotKey).to.equal(id);
    expect(info.runtime.name).to.equal(seen.Runtime.Name);
    await ctr(fixture.client, 'containers', 'rm', id);
  });
});
