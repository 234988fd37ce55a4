import { expect } from 'chai';
import { firstValueFrom, lastValueFrom, map, mergeMap, toArray } from 'rxjs';
import type { CallPort } from '../../src/client/call-port.js';
import { NotFoundError } from '../../src/client/errors.js';
import { PlatformNotFoundError } from '../../src/client/image-error-classes.js';
import { chainIds } from '../../src/images/chain-id.js';
import { createImage$, getImage$, images$, updateImage$ } from '../../src/images/image-records.js';
import { formatPlatform } from '../../src/images/platform.js';
import { Snapshotter } from '../../src/images/snapshots.js';
import { Content } from '../../src/proto/services.js';
import { buildFixtureImage, foreignPlatform, type FixtureImage } from '../../src/testing/image-builder.js';
import { testClient, unique } from '../support/daemon.js';
import { ctr } from './ctr.js';
import { loadFixtureImage } from '../../src/testing/image-load.js';

/** A size as `ctr images ls` prints it (docker/go-units CustomSize, base 1024, one decimal). */
function ctrSize(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let i = 0;
  let f = bytes;
  while (f >= 1024 && i < units.length - 1) (f /= 1024), i++;
  return `${f.toFixed(1)} ${units[i]}`;
}

/** The digests of the content store of the port's namespace, sorted. */
const contentOf = (port: CallPort): Promise<string[]> =>
  lastValueFrom(port.stream$(Content.list, {}).pipe(mergeMap((r) => r.info.map((i) => i.digest)), toArray(), map((d) => d.sort())));

describe('images (real daemon)', () => {
  let fixture: FixtureImage;
  let foreign: FixtureImage;
  before(async () => {
    fixture = await buildFixtureImage();
    foreign = await buildFixtureImage({ platforms: 'foreign', names: ['example.test/foreign:1'] });
  });
  after(() => {
    fixture.remove();
    foreign.remove();
  });

  it('getImage reads the record: name, target, labels, times', async () => {
    const client = await testClient();
    await loadFixtureImage(client, fixture);
    const image = await firstValueFrom(getImage$(client.conn, fixture.names[0]!));
    expect(image.name).to.equal(fixture.names[0]);
    expect(image.target).to.deep.equal({ mediaType: fixture.target.mediaType, digest: fixture.target.digest, size: fixture.target.size });
    expect(image.labels).to.deep.equal({});
    expect(image.createdAt).to.be.instanceOf(Date);
    expect(image.updatedAt).to.be.instanceOf(Date);
  });

  it('an unknown name is a NotFoundError naming it', async () => {
    const client = await testClient();
    const name = `example.test/${unique('nothing')}:1`;
    const error = await firstValueFrom(getImage$(client.conn, name)).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NotFoundError);
    expect((error as Error).message).to.include(name);
  });

  it('images lists every record, or those matching a filter by name or label', async () => {
    const client = await testClient();
    const first = await loadFixtureImage(client, fixture);
    await firstValueFrom(createImage$(client.conn, { name: 'example.test/other:2', target: first.target, labels: { team: 'b' } }));
    expect((await firstValueFrom(images$(client.conn))).map((i) => i.name).sort()).to.deep.equal(['example.test/other:2', fixture.names[0]].sort());
    expect((await firstValueFrom(images$(client.conn, ['name==example.test/other:2']))).map((i) => i.name)).to.deep.equal(['example.test/other:2']);
    expect((await firstValueFrom(images$(client.conn, ['labels."team"==b']))).map((i) => i.labels)).to.deep.equal([{ team: 'b' }]);
  });

  it('updateImage replaces the fields named: labels only keeps the target', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    const updated = await firstValueFrom(updateImage$(client.conn, { name: image.name, target: image.target, labels: { stage: 'prod' } }, ['labels']));
    expect(updated.labels).to.deep.equal({ stage: 'prod' });
    expect(updated.target.digest).to.equal(fixture.target.digest);
  });

  it('manifest from a two-platform index is this machine\'s, or the one asked for', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    const [host, other] = fixture.manifests;
    expect((await firstValueFrom(image.selectedManifest$())).descriptor.digest).to.equal(host!.descriptor.digest);
    expect((await image.manifest()).config.digest).to.equal(host!.config.digest);
    expect((await image.manifest(formatPlatform(foreignPlatform()))).config.digest).to.equal(other!.config.digest);
    expect((await image.manifest(foreignPlatform())).config.digest).to.equal(other!.config.digest);
  });

  it('an image with no manifest for the platform fails with PlatformNotFoundError naming it and listing its platforms', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, foreign);
    const error = await image.manifest().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PlatformNotFoundError);
    const e = error as PlatformNotFoundError;
    expect(e.available).to.deep.equal([formatPlatform(foreignPlatform())]);
    expect(e.message).to.include('example.test/foreign:1').and.include(formatPlatform(foreignPlatform()));
  });

  it('config reads back the image config: Entrypoint, Cmd, Env, WorkingDir, User, Labels, StopSignal, ExposedPorts, diff ids', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    const config = await image.config();
    const wrote = fixture.hostManifest!.imageConfig;
    expect(config.config).to.deep.include({
      Entrypoint: wrote.Entrypoint, Cmd: wrote.Cmd, Env: wrote.Env, WorkingDir: wrote.WorkingDir, User: wrote.User,
      Labels: wrote.Labels, StopSignal: wrote.StopSignal, ExposedPorts: wrote.ExposedPorts,
    });
    expect(config.rootfs.diff_ids).to.deep.equal(fixture.layers.map((l) => l.diffId));
    expect(await image.chainId()).to.equal(chainIds(fixture.layers.map((l) => l.diffId)).at(-1));
  });

  it('size is index + manifest + config + layers of this platform, as ctr images ls shows it', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    const host = fixture.hostManifest!;
    const expected = fixture.target.size + host.descriptor.size + host.config.size + host.layers.reduce((s, l) => s + l.descriptor.size, 0);
    expect(await image.size()).to.equal(expected);
    const ls = await ctr(client.namespace, 'images', 'ls');
    expect(ls.split('\n').find((l) => l.startsWith(fixture.names[0]!))).to.include(ctrSize(expected));
  });

  it('delete with sync removes the record, and the garbage collector takes its content and snapshots', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    await image.unpack({ snapshotter: 'native' });
    await image.delete({ sync: true });
    expect(await firstValueFrom(getImage$(client.conn, image.name)).catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    expect(await contentOf(client.conn)).to.deep.equal([]);
    expect(await new Snapshotter(client.conn, 'native').list()).to.deep.equal([]);
    expect(await image.delete().catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
  });

  it('content another image still references stays when one image is deleted', async () => {
    const client = await testClient();
    const image = await loadFixtureImage(client, fixture);
    await firstValueFrom(createImage$(client.conn, { name: 'example.test/alias:1', target: image.target }));
    await image.delete({ sync: true });
    expect(await contentOf(client.conn)).to.deep.equal(fixture.blobs.map((b) => b.digest).sort());
  });
});
