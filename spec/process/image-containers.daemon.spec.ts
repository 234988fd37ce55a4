import { expect } from 'chai';
import { firstValueFrom, toArray } from 'rxjs';
import { AlreadyExistsError, InvalidArgumentError, NotFoundError } from '../../src/client/errors.js';
import { PlatformNotFoundError } from '../../src/client/image-error-classes.js';
import type { Client } from '../../src/process/client.js';
import type { ImageContainerOptions } from '../../src/process/image-container.js';
import { Leases, Snapshots } from '../../src/proto/services.js';
import { stopGracefully$ } from '../../src/supervise/stop-gracefully.js';
import { runToEnd } from '../support/run-to-end.js';
import { clientWithFixture, ctr, importFixture, removeFixtureArchives } from '../support/ctr-witness.js';
import { cliDone } from '../support/cli.js';
import { unique } from '../support/daemon.js';

after(removeFixtureArchives);

/** Whether the overlayfs snapshot `key` exists in the client's namespace (Snapshots.Stat). */
async function hasSnapshot(client: Client, key: string): Promise<boolean> {
  return firstValueFrom(client.conn.call$(Snapshots.stat, { snapshotter: 'overlayfs', key })).then(
    () => true,
    (e: unknown) => (e instanceof NotFoundError ? false : Promise.reject(e)),
  );
}

/** Runs the daemon's garbage collector to its end (a lease deleted with `sync`). */
async function collectGarbage(client: Client): Promise<void> {
  const id = unique('gc');
  await firstValueFrom(client.conn.call$(Leases.create, { id }));
  await firstValueFrom(client.conn.call$(Leases.delete, { id, sync: true }));
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(() => expect.fail('it succeeded'), (e: unknown) => e as Error);
}

describe('containers from images (client.newContainer(id, { image, ... })) on the real daemon', function () {
  this.timeout(120_000);
  let client: Client;
  let image: string;
  before(async () => ({ client, image } = await clientWithFixture()));

  /** Runs a container of the fixture image with `options` to its end, deletes it; its output and exit code. */
  async function runImage(options: Omit<ImageContainerOptions, 'image'> = {}): Promise<{ stdout: string; code: number }> {
    const container = await client.newContainer(unique('img'), { image, ...options });
    try {
      return await runToEnd(await container.newTask({ stdio: 'pipe' }));
    } finally {
      await container.delete();
    }
  }

  it("runs the image's Entrypoint + Cmd with its Env and WorkingDir, as its named user", async () => {
    const { stdout, code } = await runImage();
    expect(code).to.equal(0);
    expect(stdout).to.match(/^hello from app in \/srv\/app on linux\/\w+/);
  });

  it("runs as the image's user by name, uid 1000, with the groups of the image's /etc/group", async () => {
    const { stdout, code } = await runImage({ args: ['id'] });
    expect(code).to.equal(0);
    expect(stdout).to.match(/^uid=1000\(app\) gid=1000\(app\) groups=(1000\(app\),50\(staff\)|50\(staff\),1000\(app\))\n$/);
  });

  it('args replace Cmd, the Entrypoint stays', async () => {
    // the entrypoint is /bin/sh -c: the one arg is its script
    expect(await runImage({ args: ['echo "$0 replaced"; exit 7'] })).to.deep.equal({ stdout: '/bin/sh replaced\n', code: 7 });
  });

  it('takes an Image (from client.getImage) as well as a name', async () => {
    const container = await client.newContainer(unique('img'), { image: await client.getImage(image), args: ['echo "$GREETING"'] });
    expect(container.image).to.equal(image);
    expect(await runToEnd(await container.newTask({ stdio: 'pipe' }))).to.deep.equal({ stdout: 'hello\n', code: 0 });
    await container.delete();
  });

  it("env overrides the image's variables by name and adds new ones; cwd and user override the image's", async () => {
    const r = await runImage({
      args: ['echo "$GREETING $EXTRA ${FIXTURE_PLATFORM%%/*} $(pwd) $(id -un)"'],
      env: { GREETING: 'hi', EXTRA: 'more' },
      cwd: '/tmp',
      user: 'nobody',
    });
    expect(r).to.deep.equal({ stdout: 'hi more linux /tmp nobody\n', code: 0 });
  });

  it('records the image and the snapshot on the container, and the stop signal label containerd sets (as inspect shows)', async () => {
    const id = unique('img');
    const container = await client.newContainer(id, { image, args: ['true'], labels: { app: 'web' } });
    expect(container.image).to.equal(image);
    expect(container.snapshot).to.deep.equal({ snapshotter: 'overlayfs', key: id });
    expect(container.labels).to.deep.equal({ app: 'web', 'io.containerd.image.config.stop-signal': 'SIGINT' });
    expect(container.stopSignal).to.equal('SIGINT');
    const info = JSON.parse(await ctr(client, 'containers', 'info', id)) as Record<string, unknown>;
    expect(info).to.include({ Image: image, Snapshotter: 'overlayfs', SnapshotKey: id });
    const inspected = await cliDone(['inspect', '-a', client.address, '-n', client.namespace, id]);
    expect(JSON.parse(inspected.stdout)[0]).to.deep.include({ rootfs: null, image, snapshot: { snapshotter: 'overlayfs', key: id }, stopSignal: 'SIGINT' });
    await container.delete();
  });

  it("delete removes the container's snapshot; keepSnapshot keeps it past the garbage collector", async () => {
    const gone = await client.newContainer(unique('img'), { image, args: ['true'] });
    expect(await hasSnapshot(client, gone.id)).to.equal(true);
    await gone.delete();
    expect(await hasSnapshot(client, gone.id)).to.equal(false);

    const kept = await client.newContainer(unique('img'), { image, args: ['true'] });
    await kept.delete({ keepSnapshot: true });
    await collectGarbage(client); // the snapshot is a root: it stays
    expect(await hasSnapshot(client, kept.id)).to.equal(true);
    expect(await ctr(client, 'snapshots', 'ls')).to.contain(kept.id);
    await ctr(client, 'snapshots', 'rm', kept.id);
  });

  it("a graceful stop sends the image's StopSignal (SIGINT) unless told otherwise", async () => {
    const script = 'trap "exit 42" INT; trap "exit 43" TERM; echo ready; while true; do sleep 0.05; done';
    for (const [options, code] of [[{}, 42], [{ stopSignal: 'SIGTERM' as const }, 43]] as const) {
      await using container = await client.newContainer(unique('img'), { image, args: [script] });
      const task = await container.newTask({ stdio: 'pipe' });
      const ready = firstValueFrom(task.io.stdout$);
      await task.start();
      await ready;
      expect((await firstValueFrom(stopGracefully$(task, { ...options, gracePeriodMs: 10_000 }))).code).to.equal(code);
      await task.delete();
    }
  });

  it("an exec inherits the image's user; a user name for it is looked up in the image's files", async () => {
    await using container = await client.newContainer(unique('img'), { image, args: ['sleep 60'] });
    await using task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    for (const [user, expected] of [[undefined, '1000:1000'], ['nobody', '65534:65534']] as const) {
      const exec = await task.exec(unique('id'), { args: ['/bin/sh', '-c', 'echo "$(id -u):$(id -g)"'], stdio: 'pipe', ...(user ? { user } : {}) });
      const out = firstValueFrom(exec.io.stdout$.pipe(toArray()));
      await exec.start();
      await exec.wait();
      await exec.delete();
      expect(Buffer.concat(await out).toString()).to.equal(`${expected}\n`);
    }
    const reattached = await (await client.loadContainer(container.id)).task({ stdio: 'ignore' });
    const error = await failure(reattached.exec('ghost', { args: ['true'], user: 'ghost', stdio: 'ignore' }));
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect(error.message).to.contain('"ghost"');
  });

  it("`rx-containerd stop` without --signal sends the container's stop signal (the image's SIGINT)", async () => {
    const script = 'trap "exit 42" INT; trap "exit 43" TERM; echo ready; while true; do sleep 0.05; done';
    await using container = await client.newContainer(unique('img'), { image, args: [script] });
    await using task = await container.newTask({ stdio: 'pipe' });
    const ready = firstValueFrom(task.io.stdout$);
    const exit = task.wait();
    await task.start();
    await ready;
    const stop = await cliDone(['stop', '-a', client.address, '-n', client.namespace, container.id]);
    expect(stop.code, stop.stderr).to.equal(0);
    expect((await exit).code).to.equal(42);
  });

  it('an image not unpacked yet is unpacked into the snapshotter first', async () => {
    const name = await importFixture(client, { names: ['docker.io/library/rxc-packed:1'] }, '--no-unpack');
    const id = unique('img');
    const container = await client.newContainer(id, { image: name, args: ['cat /srv/app/hello.txt; ls /etc/motd 2>&1 | wc -l'] });
    const { stdout, code } = await runToEnd(await container.newTask({ stdio: 'pipe' }));
    expect(code).to.equal(0);
    expect(stdout).to.match(/\n1\n$/); // the whiteout of the second layer hides /etc/motd
    await container.delete();
  });

  describe('bad input: a typed error, and nothing left behind', () => {
    async function expectNothingOf(id: string): Promise<void> {
      expect((await client.containers()).map((c) => c.id)).not.to.include(id);
      expect(await hasSnapshot(client, id)).to.equal(false);
    }

    it('an unknown image: NotFoundError naming it', async () => {
      const id = unique('img');
      const error = await failure(client.newContainer(id, { image: 'docker.io/library/nothing-here:1' }));
      expect(error).to.be.instanceOf(NotFoundError);
      expect(error.message).to.contain('docker.io/library/nothing-here:1');
      await expectNothingOf(id);
    });

    it('an image with no manifest for this platform: PlatformNotFoundError listing the ones it has', async () => {
      const name = await importFixture(client, { platforms: 'foreign', names: ['docker.io/library/rxc-foreign:1'] }, '--all-platforms', '--no-unpack');
      const id = unique('img');
      const error = await failure(client.newContainer(id, { image: name }));
      expect(error).to.be.instanceOf(PlatformNotFoundError);
      expect(error.message).to.match(/linux\/(arm64|amd64)/);
      await expectNothingOf(id);
    });

    it("a user the image's /etc/passwd lacks: InvalidArgumentError naming the user", async () => {
      const id = unique('img');
      const error = await failure(client.newContainer(id, { image, user: 'ghost' }));
      expect(error).to.be.instanceOf(InvalidArgumentError);
      expect(error.message).to.contain('"ghost"');
      await expectNothingOf(id);
    });

    it('a malformed env entry or a relative cwd: InvalidArgumentError naming it, the snapshot removed', async () => {
      const id = unique('img');
      for (const [options, named] of [[{ env: ['=oops'] }, '=oops'], [{ cwd: 'srv' }, 'srv']] as const) {
        const error = await failure(client.newContainer(id, { image, ...options }));
        expect(error).to.be.instanceOf(InvalidArgumentError);
        expect(error.message).to.contain(named);
        await expectNothingOf(id);
      }
    });

    it("a taken id: AlreadyExistsError, and the first container keeps its snapshot", async () => {
      const id = unique('img');
      const first = await client.newContainer(id, { image, args: ['true'] });
      expect(await failure(client.newContainer(id, { image }))).to.be.instanceOf(AlreadyExistsError);
      expect(await hasSnapshot(client, id)).to.equal(true);
      await first.delete();
      await expectNothingOf(id);
    });

    it('bad options: InvalidArgumentError before any call', async () => {
      const id = unique('img');
      for (const options of [{ image: '' }, { image, args: 'echo' }, { image, snapshotter: 3 }, { image, labels: { a: 1 } }, { image, rootfs: '/tmp' }]) {
        expect(await failure(client.newContainer(id, options as unknown as ImageContainerOptions))).to.be.instanceOf(InvalidArgumentError);
      }
      await expectNothingOf(id);
    });
  });
});
