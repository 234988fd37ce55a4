import { expect } from 'chai';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, takeWhile, toArray } from 'rxjs';
import { DigestMismatchError, ImageArchiveError, InvalidArgumentError, PlatformNotFoundError } from '../../src/client/errors.js';
import { ImageClient } from '../../src/images/image-client.js';
import type { ImportDone, ImportProgress } from '../../src/images/import-progress.js';
import { Content, Images, Leases, Snapshots } from '../../src/proto/services.js';
import {
  buildFixtureImage, FIXTURE_IMAGE_NAME, writeArchiveWithCorruptBlob, writeDockerArchive, writeNotATarArchive,
  writeOciArchive, writeTruncatedArchive, type FixtureImage,
} from '../../src/testing/index.js';
import { ctrOf, expectComplete, type Ctr } from '../support/ctr.js';
import { sharedDaemon, testClient } from '../support/daemon.js';
import type { Client } from '../../src/process/client.js';

describe('importImage$: image archives into the daemon (ctr as the witness)', function () {
  this.timeout(120_000);
  let image: FixtureImage;
  let work: string;
  let client: Client;
  let images: ImageClient;
  let ctr: Ctr;

  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'rxc-import-spec-'));
    image = await buildFixtureImage({ dir: join(work, 'fixture') });
  });
  beforeEach(async () => {
    client = await testClient();
    images = new ImageClient(client.conn);
    ctr = ctrOf((await sharedDaemon()).address, client.namespace);
  });
  after(() => {
    image?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  const run = (archive: string, options = {}): Promise<ImportProgress[]> => lastValueFrom(images.importImage$(archive, options).pipe(toArray()));
  const done = (progress: readonly ImportProgress[]): ImportDone => progress.at(-1) as ImportDone;
  /** What the namespace holds: image names, blob digests, leases. */
  const holdings = async (): Promise<{ images: string[]; blobs: string[]; leases: string[] }> => {
    const blobs = await lastValueFrom(client.conn.stream$(Content.list, {}).pipe(toArray()));
    return {
      images: (await firstValueFrom(client.conn.call$(Images.list, {}))).images.map((i) => i.name),
      blobs: blobs.flatMap((b) => b.info.map((i) => i.digest)),
      leases: (await firstValueFrom(client.conn.call$(Leases.list, {}))).leases.map((l) => l.id),
    };
  };

  it('imports an OCI layout archive: every blob written, the image named, unpacked, and ctr finds it complete', async () => {
    const progress = await run(await writeOciArchive(image, join(work, 'oci.tar')));
    const last = done(progress);
    expect(last.phase).to.equal('done');
    expect(last.images.map((i) => [i.name, i.target.digest])).to.deep.equal([[FIXTURE_IMAGE_NAME, image.target.digest]]);
    const committed = progress.filter((p) => p.phase === 'blob' && p.state === 'committed').map((p) => p.phase === 'blob' && [p.digest, p.total]);
    expect(committed).to.have.deep.members(image.blobs.map((b) => [b.digest, b.size]));
    const unpacked = progress.filter((p) => p.phase === 'unpacking');
    expect(unpacked).to.have.length(image.layers.length);
    await expectComplete(ctr, FIXTURE_IMAGE_NAME);
    expect(await ctr.ok('run', '--rm', FIXTURE_IMAGE_NAME, 'imported-oci', '/bin/sh', '-c', 'id -un; pwd')).to.equal('app\n/srv/app\n');
    expect((await holdings()).leases).to.deep.equal([]);
  });

  it('imports a docker save archive: the manifest made from manifest.json, layers digested as they stream, complete', async () => {
    const progress = await run(await writeDockerArchive(image, join(work, 'docker.tar')));
    const [imported] = done(progress).images;
    expect(imported!.name).to.equal(FIXTURE_IMAGE_NAME);
    await expectComplete(ctr, FIXTURE_IMAGE_NAME);
    const config = await imported!.config();
    expect(config.rootfs.diff_ids).to.deep.equal(image.layers.map((l) => l.diffId));
    expect(await ctr.ok('run', '--rm', FIXTURE_IMAGE_NAME, 'imported-docker', '/bin/sh', '-c', 'cat /srv/app/hello.txt; ls /etc/motd 2>&1 || true'))
      .to.match(/No such file or directory/);
  });

  it('a second import writes nothing: every blob exists, every layer is unpacked already', async () => {
    const archive = await writeOciArchive(image, join(work, 'again.tar'));
    await run(archive);
    const again = await run(archive);
    const blobs = again.filter((p) => p.phase === 'blob');
    expect(blobs.map((p) => p.phase === 'blob' && p.state)).to.deep.equal(blobs.map(() => 'exists'));
    expect(again.filter((p) => p.phase === 'unpacking').every((p) => p.phase === 'unpacking' && p.skipped)).to.equal(true);
    expect(done(again).images.map((i) => i.name)).to.deep.equal([FIXTURE_IMAGE_NAME]);
  });

  it('names the one image of an archive as asked, and unpacks into the native snapshotter when told', async () => {
    const progress = await run(await writeOciArchive(image, join(work, 'named.tar')), { name: 'example.test/app:1', snapshotter: 'native' });
    expect(done(progress).images.map((i) => i.name)).to.deep.equal(['example.test/app:1']);
    const top = (progress.filter((p) => p.phase === 'unpacking').at(-1) as { chainId: string }).chainId;
    const stat = await firstValueFrom(client.conn.call$(Snapshots.stat, { snapshotter: 'native', key: top }));
    expect(stat.info?.kind).to.equal('COMMITTED');
  });

  for (const [what, make, problem] of [
    ['truncated', (good: string) => writeTruncatedArchive(good, join(work, 'cut.tar')), 'truncated'],
    ['not a tar', () => writeNotATarArchive(join(work, 'junk.tar')), 'not-a-tar'],
    ['empty (0 bytes)', () => (writeFileSync(join(work, 'empty.tar'), ''), join(work, 'empty.tar')), 'empty'],
    ['gzip garbage', () => (writeFileSync(join(work, 'garbage.tar.gz'), Buffer.concat([Buffer.from([0x1f, 0x8b, 0x42, 0]), Buffer.alloc(300, 0xab)])), join(work, 'garbage.tar.gz')), 'corrupt-gzip'],
  ] as const) {
    it(`an archive that is ${what} fails with ImageArchiveError '${problem}' naming its file, leaving no image, no blob, no lease`, async () => {
      const good = await writeOciArchive(image, join(work, 'good.tar'));
      const file = await make(good);
      const error = await run(file).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ImageArchiveError).with.property('problem', problem);
      expect(error).to.have.property('archive', file);
      expect((error as Error).message).to.contain(`image archive ${JSON.stringify(file)}: `);
      expect(await holdings()).to.deep.equal({ images: [], blobs: [], leases: [] });
    });
  }

  it('an archive whose blob does not match its digest fails with DigestMismatchError naming it; nothing stays', async () => {
    const corrupt = await writeArchiveWithCorruptBlob(image, join(work, 'corrupt.tar'));
    const error = await run(corrupt.file).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DigestMismatchError);
    expect(String((error as Error).message)).to.include(corrupt.digest);
    expect(await holdings()).to.deep.equal({ images: [], blobs: [], leases: [] });
  });

  it('an image with no manifest for this platform fails to unpack with PlatformNotFoundError listing its platforms; unpack: false imports it', async () => {
    const foreign = await buildFixtureImage({ platforms: 'foreign', dir: join(work, 'foreign'), names: ['docker.io/library/foreign:1'] });
    const archive = await writeOciArchive(foreign, join(work, 'foreign.tar'));
    const error = await run(archive).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(PlatformNotFoundError);
    expect((error as PlatformNotFoundError).message).to.match(/linux\//);
    // the image is named, as the archive names it
    expect(error).to.have.property('image', 'docker.io/library/foreign:1');
    expect((error as Error).message).to.contain('image docker.io/library/foreign:1 has no manifest for platform');
    expect((await holdings()).images).to.deep.equal([]);
    const progress = await run(archive, { unpack: false });
    expect(done(progress).images.map((i) => i.name)).to.deep.equal(['docker.io/library/foreign:1']);
    expect(progress.some((p) => p.phase === 'unpacking')).to.equal(false);
    foreign.remove();
  });

  it('an import unsubscribed mid-way leaves its lease deleted: after a collection nothing of it stays', async () => {
    const big = await buildFixtureImage({ dir: join(work, 'big'), extraLayers: [{ randomBytes: 48 << 20, seed: 1 }] });
    const archive = await writeOciArchive(big, join(work, 'big.tar'));
    await lastValueFrom(images.importImage$(archive).pipe(takeWhile((p) => !(p.phase === 'blob' && p.state === 'writing' && p.offset > 0))), { defaultValue: undefined });
    big.remove();
    // the deletion goes in the background: wait for it, then make the collector run (a sync lease deletion does)
    for (let i = 0; i < 50 && (await holdings()).leases.length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    await firstValueFrom(client.conn.call$(Leases.create, { id: 'gc-trigger' }));
    await firstValueFrom(client.conn.call$(Leases.delete, { id: 'gc-trigger', sync: true }));
    expect(await holdings()).to.deep.equal({ images: [], blobs: [], leases: [] });
  });

  it('an import whose process is killed mid-way leaves a lease that, once expired, lets the collector take everything', async () => {
    const big = await buildFixtureImage({ dir: join(work, 'killed'), extraLayers: [{ randomBytes: 48 << 20, seed: 2 }] });
    const archive = await writeOciArchive(big, join(work, 'killed.tar'));
    const child = fork(join(import.meta.dirname, 'import-child.js'), [(await sharedDaemon()).address, client.namespace, archive], { stdio: 'pipe' });
    await new Promise<void>((resolve, reject) => {
      child.on('message', () => resolve());
      child.on('exit', (code) => reject(new Error(`the importing child exited ${code} before writing`)));
    });
    child.kill('SIGKILL');
    await new Promise((r) => child.on('exit', r));
    big.remove();
    const during = await holdings();
    expect(during.leases).to.have.length(1);
    expect(during.images).to.deep.equal([]);
    await new Promise((r) => setTimeout(r, 1_500)); // the child's lease expires after 1 s
    await firstValueFrom(client.conn.call$(Leases.create, { id: 'gc-trigger' }));
    await firstValueFrom(client.conn.call$(Leases.delete, { id: 'gc-trigger', sync: true }));
    const after = await holdings();
    expect(after.blobs).to.deep.equal([]);
    expect(after.leases).to.deep.equal([]);
  });

  it('a path that is missing or a directory is an ImageArchiveError naming it, before any call; nothing is made', async () => {
    for (const [path, why] of [[join(work, 'nope.tar'), /no such file/], [work, /is a directory/]] as const) {
      const error = await run(path).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(ImageArchiveError).with.property('problem', 'unreadable');
      expect((error as Error).message).to.include(JSON.stringify(path)).and.match(why);
    }
    expect(await holdings()).to.deep.equal({ images: [], blobs: [], leases: [] });
  });

  it("the archive's bytes are an archive too; a wrong-typed option is a TypeError and a bad name an InvalidArgumentError, before a byte is read", async () => {
    const bytes = readFileSync(await writeOciArchive(image, join(work, 'bytes.tar')));
    expect(done(await run(bytes as unknown as string)).images.map((i) => i.name)).to.deep.equal([FIXTURE_IMAGE_NAME]);
    let read = 0;
    const counted = async function* () {
      read++;
      yield bytes;
    };
    for (const [options, type] of [[{ unpack: 'no' }, TypeError], [{ name: 5 }, TypeError], [{ leaseExpireMs: -1 }, RangeError], [{ name: 'Bad' }, InvalidArgumentError]] as const) {
      const error = await lastValueFrom(images.importImage$(counted, options as never)).catch((e: unknown) => e);
      expect(error, JSON.stringify(options)).to.be.instanceOf(type);
    }
    expect(read).to.equal(0);
    const huge = await lastValueFrom(images.importImage$(Buffer.alloc(1 << 20) as never, { name: 7 } as never)).catch((e: unknown) => e);
    expect((huge as Error).message.length).to.be.below(200);
  });

  it("an image of one manifest for another platform is not unpacked here: PlatformNotFoundError names the platform it has, as containerd's", async () => {
    const host = await buildFixtureImage({ platforms: 'host', dir: join(work, 'host'), names: ['docker.io/library/host:1'] });
    const error = await run(await writeOciArchive(host, join(work, 'host.tar')), { platform: 'linux/s390x' }).catch((e: unknown) => e);
    host.remove();
    expect(error).to.be.instanceOf(PlatformNotFoundError);
    expect((error as PlatformNotFoundError).platform).to.equal('linux/s390x');
    expect((await holdings()).images).to.deep.equal([]);
  });
});
