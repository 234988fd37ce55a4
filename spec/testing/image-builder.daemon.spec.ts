// The fixture archives as containerd's own client sees them: `ctr` is the witness here, the builder the code
// under test.
import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatPlatform, hostPlatform } from '../../src/images/platform.js';
import {
  buildFixtureImage, FIXTURE_FILES, FIXTURE_IMAGE_NAME, writeArchiveWithCorruptBlob, writeDockerArchive,
  writeNotATarArchive, writeOciArchive, writeTruncatedArchive, type FixtureImage,
} from '../../src/testing/index.js';
import { ctrOf, type CtrResult } from '../support/ctr.js';
import { sharedDaemon, unique } from '../support/daemon.js';

describe('the fixture image archives, imported and run by ctr', function () {
  this.timeout(120_000);
  let image: FixtureImage;
  let work: string;
  let namespace: string;
  let address: string;
  const ctr = (...args: string[]): Promise<CtrResult> => ctrOf(address, namespace).run(...args);
  const ok = (...args: string[]): Promise<string> => ctrOf(address, namespace).ok(...args);
  /** `ctr images check` says the image is complete and unpacked. */
  const expectComplete = async (name: string): Promise<void> => {
    const line = (await ok('images', 'check')).split('\n').find((l) => l.startsWith(`${name} `));
    expect(line, `ctr images check lists ${name}`).to.match(/ complete \(\d+\/\d+\) .* true\s*$/);
  };

  before(async () => {
    address = (await sharedDaemon()).address;
    work = mkdtempSync(join(tmpdir(), 'rxc-image-daemon-spec-'));
    image = await buildFixtureImage();
  });
  beforeEach(() => {
    namespace = unique('fixture');
  });
  after(() => {
    image?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it("imports as an OCI archive that ctr finds complete, and runs with the image's Env, WorkingDir and named user", async () => {
    await ok('images', 'import', await writeOciArchive(image, join(work, 'oci.tar')));
    await expectComplete(FIXTURE_IMAGE_NAME);
    expect(await ok('run', '--rm', FIXTURE_IMAGE_NAME, unique('c'))).to.equal(`hello from app in /srv/app on ${formatPlatform(hostPlatform())}\n`);
    const out = await ok('run', '--rm', FIXTURE_IMAGE_NAME, unique('c'), '/bin/sh', '-c', 'env; id; pwd');
    expect(out).to.include('GREETING=hello\n').and.include('PATH=/usr/local/sbin:').and.include(`FIXTURE_PLATFORM=${formatPlatform(hostPlatform())}\n`);
    expect(out).to.include('uid=1000(app) gid=1000(app) groups=50(staff),1000(app)\n').and.include('\n/srv/app\n');
  });

  it('unpacks the second layer: the whiteout removed etc/motd, the opaque srv/data hides the base files, srv/app/hello.txt is there', async () => {
    await ok('images', 'import', await writeOciArchive(image, join(work, 'oci.tar')));
    const out = await ok('run', '--rm', FIXTURE_IMAGE_NAME, unique('c'), '/bin/sh', '-c',
      'ls -a /etc; echo --; ls -a /srv/data; echo --; cat /srv/data/new.txt /srv/app/hello.txt');
    const [etc, data, files] = out.split('--\n');
    expect(etc!.split('\n')).to.include('passwd').and.not.include('motd');
    expect(data!.split('\n').filter((n) => n !== '' && n !== '.' && n !== '..')).to.deep.equal(['new.txt']);
    expect(files).to.equal(FIXTURE_FILES.newData + FIXTURE_FILES.hello);
  });

  it('imports as a docker save archive with the same config, complete, and runs the same', async () => {
    await ok('images', 'import', await writeDockerArchive(image, join(work, 'docker.tar')));
    await expectComplete(FIXTURE_IMAGE_NAME);
    const config = await ok('content', 'get', image.hostManifest!.config.digest);
    expect(JSON.parse(config).rootfs.diff_ids).to.deep.equal(image.layers.map((l) => l.diffId));
    expect(await ok('run', '--rm', FIXTURE_IMAGE_NAME, unique('c'), '/bin/sh', '-c', 'id -un; ls /etc/motd 2>&1; cat /srv/app/hello.txt'))
      .to.equal(`app\nls: /etc/motd: No such file or directory\n${FIXTURE_FILES.hello}`);
  });

  it("imports a single-manifest image under every name, and ctr cannot run a 'foreign' one, with no manifest for this platform", async () => {
    const host = await buildFixtureImage({ platforms: 'host', dir: join(work, 'host'), names: ['example.com/fixture/host:1', 'docker.io/library/host:2'] });
    const foreign = await buildFixtureImage({ platforms: 'foreign', dir: join(work, 'foreign'), names: ['docker.io/library/foreign:1'] });
    await ok('images', 'import', await writeOciArchive(host, join(work, 'host.tar')));
    await expectComplete('example.com/fixture/host:1');
    await expectComplete('docker.io/library/host:2');
    // ctr 1.x fails the import's unpack; ctr 2 imports, leaving the unpack to the run.
    await ctr('images', 'import', await writeOciArchive(foreign, join(work, 'foreign.tar')));
    const run = await ctr('run', '--rm', 'docker.io/library/foreign:1', unique('c'));
    expect(run.code).to.not.equal(0);
    expect(run.stderr).to.match(/no match for platform/);
  });

  it('is refused by ctr when truncated or not a tar, and its corrupt blob (the one named) is never committed', async () => {
    const good = await writeOciArchive(image, join(work, 'good.tar'));
    const cut = await ctr('images', 'import', await writeTruncatedArchive(good, join(work, 'cut.tar')));
    expect(cut.code).to.not.equal(0);
    expect(cut.stderr).to.match(/unexpected EOF/);
    const junk = await ctr('images', 'import', await writeNotATarArchive(join(work, 'junk.tar')));
    expect(junk.code).to.not.equal(0);
    expect(junk.stderr).to.match(/invalid tar header/);
    const corrupt = await writeArchiveWithCorruptBlob(image, join(work, 'corrupt.tar'));
    const bad = await ctr('images', 'import', corrupt.file);
    expect(bad.code).to.not.equal(0);
    expect(bad.stderr).to.include(corrupt.digest);
    expect(await ok('content', 'ls', '-q')).to.not.include(corrupt.digest);
  });
});
