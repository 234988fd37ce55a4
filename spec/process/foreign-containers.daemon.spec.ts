import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '../../src/client/errors.js';
import type { Client } from '../../src/process/client.js';
import { runToEnd } from '../support/run-to-end.js';
import { clientWithFixture, ctr, removeFixtureArchives } from '../support/ctr-witness.js';
import { sharedRootfs, unique } from '../support/daemon.js';

after(removeFixtureArchives);

describe('containers made by other clients (an image and a snapshot, no folder of ours) get tasks from us', function () {
  this.timeout(120_000);
  let client: Client;
  let image: string;
  before(async () => ({ client, image } = await clientWithFixture()));

  it('a container of `ctr containers create IMAGE ID`: our task runs on its snapshot as the image says', async () => {
    const id = unique('ctr-made');
    await ctr(client, 'containers', 'create', image, id);
    const container = await client.loadContainer(id);
    expect(container.rootfs).to.equal(undefined);
    expect(container.snapshot).to.deep.equal({ snapshotter: 'overlayfs', key: id });
    expect(container.image).to.equal(image);
    const { stdout, code } = await runToEnd(await container.newTask({ stdio: 'pipe' }));
    expect(code).to.equal(0);
    expect(stdout).to.match(/^hello from app in \/srv\/app on linux\//);
    await container.delete();
    expect(await ctr(client, 'snapshots', 'ls')).not.to.contain(id);
  });

  it('a container `ctr run` made and ran to its end: a second task, ours, runs it again on the same snapshot', async () => {
    const id = unique('ctr-run');
    const first = await ctr(client, 'run', image, id);
    expect(first).to.match(/^hello from app in \/srv\/app on linux\//);
    const container = await client.loadContainer(id);
    // ctr deleted its task when the process ended; the container and its snapshot stay
    expect(await runToEnd(await container.newTask({ stdio: 'pipe' }))).to.deep.equal({ stdout: first, code: 0 });
    await ctr(client, 'containers', 'rm', id);
  });

  it('a container whose snapshot was removed behind its back: NotFound from the daemon, no task left', async () => {
    const id = unique('ctr-gone');
    await ctr(client, 'containers', 'create', image, id);
    await ctr(client, 'snapshots', 'rm', id);
    const container = await client.loadContainer(id);
    const error = await container.newTask({ stdio: 'ignore' }).then(() => expect.fail('created'), (e: unknown) => e);
    expect((error as Error).name).to.equal('NotFoundError');
    expect(await ctr(client, 'tasks', 'ls', '-q')).to.equal('');
    await container.delete();
  });

  it('a container of `ctr containers create --rootfs DIR` (a folder, no snapshot): our task runs in the folder', async () => {
    const id = unique('ctr-folder');
    await ctr(client, 'containers', 'create', '--rootfs', await sharedRootfs(), id, '/bin/echo', 'from the folder');
    const container = await client.loadContainer(id);
    expect(container.snapshot).to.equal(undefined);
    expect(await runToEnd(await container.newTask({ stdio: 'pipe' }))).to.deep.equal({ stdout: 'from the folder\n', code: 0 });
    await container.delete();
  });

  it('a container whose spec names a folder that is gone: InvalidArgumentError naming it, no task left', async () => {
    const id = unique('ctr-no-folder');
    const folder = mkdtempSync(join(tmpdir(), 'rxc-gone-'));
    await ctr(client, 'containers', 'create', '--rootfs', folder, id, '/bin/true');
    rmSync(folder, { recursive: true });
    const container = await client.loadContainer(id);
    const error = await container.newTask({ stdio: 'ignore' }).then(() => expect.fail('created'), (e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect((error as Error).message).to.contain(folder);
    expect(await ctr(client, 'tasks', 'ls', '-q')).to.equal('');
    await container.delete();
  });

  it('and the other way: a rootfs folder container of ours runs under `ctr tasks start` (its record needs no label of ours)', async () => {
    const id = unique('ours');
    const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/echo', 'from our record'] });
    expect(container.spec()?.root.path).to.equal(await sharedRootfs());
    expect(await ctr(client, 'tasks', 'start', id)).to.equal('from our record\n');
    await container.delete();
  });
});
