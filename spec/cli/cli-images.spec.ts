import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '../../src/process/client.js';
import { buildFixtureImage, FIXTURE_IMAGE_NAME, writeNotATarArchive, writeOciArchive, type FixtureImage } from '../../src/testing/index.js';
import { cli, cliDone } from '../support/cli.js';
import { testClient } from '../support/daemon.js';

describe('rx-containerd import, images and rmi', function () {
  this.timeout(120_000);
  let image: FixtureImage;
  let work: string;
  before(async () => {
    work = mkdtempSync(join(tmpdir(), 'rxc-cli-images-'));
    image = await buildFixtureImage({ dir: join(work, 'fixture') });
  });
  after(() => {
    image?.remove();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  /** The CLI against `client`'s namespace. */
  const on = (client: Client, ...args: string[]) => cliDone(['-a', client.address, '-n', client.namespace, ...args]);

  it('import prints the names, a line per blob and layer on stderr; images lists it unpacked; rmi removes it', async () => {
    const client = await testClient();
    const imported = await on(client, 'import', await writeOciArchive(image, join(work, 'oci.tar')));
    expect(imported.code, imported.stderr).to.equal(0);
    expect(imported.stdout).to.equal(`${FIXTURE_IMAGE_NAME}\n`);
    expect(imported.stderr.split('\n').filter((l) => l.startsWith('committed')).length).to.equal(image.blobs.length);
    expect(imported.stderr.split('\n').filter((l) => l.startsWith('unpacking')).length).to.equal(image.layers.length);
    const listed = await on(client, 'images');
    expect(listed.code, listed.stderr).to.equal(0);
    const [header, row] = listed.stdout.trim().split('\n');
    expect(header).to.match(/^NAME\s+TYPE\s+DIGEST\s+SIZE\s+UNPACKED$/);
    expect(row).to.match(new RegExp(`^${FIXTURE_IMAGE_NAME}\\s+index\\s+${image.target.digest.slice(0, 19)}\\s+\\S+ \\S*B\\s+yes$`));
    const removed = await on(client, 'rmi', '--sync', FIXTURE_IMAGE_NAME);
    expect(removed.code, removed.stderr).to.equal(0);
    expect(removed.stdout).to.equal(`${FIXTURE_IMAGE_NAME}\n`);
    expect((await client.images()).map((i) => i.name)).to.deep.equal([]);
  });

  it('import --json gives one progress value per line and the images last; images --json has the size of the index, manifest, config and layers', async () => {
    const client = await testClient();
    const imported = await on(client, 'import', '--json', '--name', 'example.test/app:2', await writeOciArchive(image, join(work, 'named.tar')));
    expect(imported.code, imported.stderr).to.equal(0);
    const lines = imported.stdout.trim().split('\n').map((l) => JSON.parse(l) as { phase: string; images?: { name: string }[] });
    expect(lines.at(-1)).to.deep.include({ phase: 'done' });
    expect(lines.at(-1)!.images!.map((i) => i.name)).to.deep.equal(['example.test/app:2']);
    const listed = JSON.parse((await on(client, 'images', '--json')).stdout) as { name: string; size: number; unpacked: boolean }[];
    const manifest = image.hostManifest!;
    // the index, this platform's manifest, its config and layers, as ctr images ls counts SIZE
    const expected = image.target.size + manifest.descriptor.size + manifest.config.size + manifest.layers.reduce((n, l) => n + l.descriptor.size, 0);
    expect(listed.map((r) => [r.name, r.size, r.unpacked])).to.deep.equal([['example.test/app:2', expected, true]]);
  });

  it("run IMAGE runs the image's own command as its user in its WorkingDir; run IMAGE CMD replaces the Cmd; the container and its snapshot go", async () => {
    const client = await testClient();
    expect((await on(client, 'import', await writeOciArchive(image, join(work, 'run.tar')))).code).to.equal(0);
    const own = await on(client, 'run', FIXTURE_IMAGE_NAME);
    expect(own.code, own.stderr).to.equal(0);
    expect(own.stdout).to.match(/^hello from app in \/srv\/app on linux\//);
    const short = await on(client, 'run', '--name', 'short', 'rxc-fixture', 'id -un; pwd; exit 4');
    expect(short.code, short.stderr).to.equal(4);
    expect(short.stdout).to.equal('app\n/srv/app\n');
    const flag = await on(client, 'run', '--image', FIXTURE_IMAGE_NAME, '-e', 'GREETING=hi', '--', 'echo $GREETING');
    expect(flag.stdout).to.equal('hi\n');
    expect(await client.containers()).to.deep.equal([]);
    const snapshots = await client.snapshots(await firstValueFrom(client.defaultSnapshotter$())).list();
    expect(snapshots.filter((s) => s.kind === 'active')).to.deep.equal([]);
  });

  it('run with a command and no image still runs on a busybox rootfs; an unknown image is an error naming it', async () => {
    const client = await testClient();
    const plain = await on(client, 'run', '--', 'echo', 'plain');
    expect(plain.stdout).to.equal('plain\n');
    const missing = await on(client, 'run', 'example.test/none:1');
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('example.test/none:1');
  });

  it('import of a file that is not an archive fails with its message; rmi of an unknown name fails naming it', async () => {
    const client = await testClient();
    const bad = await on(client, 'import', await writeNotATarArchive(join(work, 'junk.tar')));
    expect(bad.code).to.equal(1);
    expect(bad.stderr).to.match(/not a tar archive/);
    const missing = await on(client, 'rmi', 'example.test/none:1');
    expect(missing.code).to.equal(1);
    expect(missing.stderr).to.include('no image "example.test/none:1"');
  });

  it('rmi takes a short name as docker reads it (rxc-fixture is docker.io/library/rxc-fixture:latest)', async () => {
    const client = await testClient();
    expect((await on(client, 'import', await writeOciArchive(image, join(work, 'short.tar')))).code).to.equal(0);
    const removed = await on(client, 'rmi', 'rxc-fixture');
    expect(removed.code, removed.stderr).to.equal(0);
    expect(await client.images()).to.deep.equal([]);
  });

  it('import interrupted with Ctrl-C exits 130 and leaves no lease, no blob, no image', async () => {
    const client = await testClient();
    const big = await buildFixtureImage({ dir: join(work, 'big'), extraLayers: [{ randomBytes: 64 << 20, seed: 3 }] });
    const archive = await writeOciArchive(big, join(work, 'big.tar'));
    big.remove();
    const run = cli(['-a', client.address, '-n', client.namespace, 'import', archive]);
    while (!/writing|committed/.test(run.stderr) && run.child.exitCode === null) await new Promise((r) => setTimeout(r, 20));
    run.child.kill('SIGINT');
    expect(await run.exited).to.equal(130);
    expect(await client.leases.list()).to.deep.equal([]);
    expect(await client.content.list()).to.deep.equal([]);
    expect(await client.images()).to.deep.equal([]);
  });
});
