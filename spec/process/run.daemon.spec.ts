import { expect } from 'chai';
import { existsSync, readdirSync } from 'node:fs';
import { firstValueFrom, toArray } from 'rxjs';
import { RunError } from '../../src/client/errors.js';
import type { Client } from '../../src/process/client.js';
import { Snapshots, Tasks } from '../../src/proto/services.js';
import { clientWithFixture, removeFixtureArchives } from '../support/ctr-witness.js';
import { sharedRootfs, testClient } from '../support/daemon.js';

/** Nothing of the run is left: no container, no task, no FIFO. */
async function expectNothingLeft(client: Client): Promise<void> {
  expect((await client.containers()).map((c) => c.id)).to.deep.equal([]);
  expect((await firstValueFrom(client.conn.call$(Tasks.list, {}))).tasks).to.deep.equal([]);
  const dir = client.ioDir;
  if (dir !== undefined && existsSync(dir)) expect(readdirSync(dir)).to.deep.equal([]);
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.fail('the run resolved'),
    (error: unknown) => error,
  );
}

describe('client.run against the real daemon', function () {
  this.timeout(60_000);
  let client: Client;
  let rootfs: string;
  beforeEach(async () => {
    client = await testClient();
    rootfs = await sharedRootfs();
  });

  it('resolves the exit and both outputs, trimmed of one final newline, and leaves nothing behind', async () => {
    const r = await client.run(rootfs, ['/bin/sh', '-c', 'echo one; echo two; echo oops >&2']);
    expect(r).to.include({ exitCode: 0, signal: undefined, stdout: 'one\ntwo', stderr: 'oops' });
    expect(r.id).to.match(/^run-[0-9a-f]{12}$/);
    expect(r.durationMs).to.be.greaterThan(0);
    await expectNothingLeft(client);
  });

  it('takes the rootfs as { rootfs }, an id, env, cwd and user', async () => {
    const r = await client.run({ rootfs }, ['/bin/sh', '-c', 'echo "$GREETING $(pwd) $(id -u)"'], {
      id: 'greeter', env: { GREETING: 'hi' }, cwd: '/tmp', user: '1000:1000',
    });
    expect(r).to.include({ id: 'greeter', stdout: 'hi /tmp 1000' });
    await expectNothingLeft(client);
  });

  it('passes the container options through: memory, capDrop, readonlyRootfs, a tmpfs mount, seen from inside', async () => {
    const r = await client.run(rootfs, ['/bin/sh', '-c', 'cat /sys/fs/cgroup/memory/memory.limit_in_bytes; grep CapEff /proc/self/status; touch /x 2>&1 || echo ro; touch /scratch/y && echo rw'], {
      memory: 64 << 20, capDrop: ['ALL'], readonlyRootfs: true, mounts: [{ type: 'tmpfs', target: '/scratch', size: 1 << 20 }],
    });
    const [limit, caps, ro, rw] = r.stdout.split('\n').filter((l) => !l.startsWith('touch:'));
    expect([limit, caps?.replace(/\s+/g, ' '), ro, rw]).to.deep.equal([String(64 << 20), 'CapEff: 0000000000000000', 'ro', 'rw']);
    await expectNothingLeft(client);
  });

  it('rejects a non-zero exit with a RunError carrying the result fields, after deleting everything', async () => {
    const error = await rejection(client.run(rootfs, ['/bin/sh', '-c', 'echo partial; echo why >&2; exit 3']));
    expect(error).to.be.instanceOf(RunError);
    expect(error).to.include({ reason: 'exit', exitCode: 3, signal: undefined, stdout: 'partial', stderr: 'why', name: 'RunError' });
    expect((error as RunError).message).to.contain('exit code 3');
    await expectNothingLeft(client);
  });

  it('with reject: false gives a non-zero exit as a result', async () => {
    const r = await client.run(rootfs, ['/bin/sh', '-c', 'sleep 600 & kill -TERM $!; wait $!'], { reject: false });
    expect(r).to.include({ exitCode: 143, signal: 'SIGTERM' });
    await expectNothingLeft(client);
  });

  it('writes input to stdin and closes it, so cat ends', async () => {
    const r = await client.run(rootfs, ['/bin/cat'], { input: 'hello\nworld\n' });
    expect(r.stdout).to.equal('hello\nworld');
    await expectNothingLeft(client);
  });

  it("gives Buffers, untrimmed, with encoding: 'buffer'", async () => {
    const r = await client.run(rootfs, ['/bin/printf', 'a\\nb\\n'], { encoding: 'buffer' });
    expect(Buffer.isBuffer(r.stdout)).to.equal(true);
    expect(r.stdout.toString()).to.equal('a\nb\n');
  });

  it('kills the process after timeoutMs, deletes everything, and rejects with reason timeout', async () => {
    const started = Date.now();
    const error = await rejection(client.run(rootfs, ['/bin/sh', '-c', 'echo begun; sleep 600'], { timeoutMs: 1_000 }));
    expect(error).to.be.instanceOf(RunError);
    expect(error).to.include({ reason: 'timeout', exitCode: 137, signal: 'SIGKILL', stdout: 'begun' });
    expect(Date.now() - started).to.be.lessThan(20_000);
    await expectNothingLeft(client);
  });

  it('kills the process when its AbortSignal fires, deletes everything, and rejects with reason abort', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 1_000);
    const error = await rejection(client.run(rootfs, ['/bin/sleep', '600'], { signal: controller.signal }));
    expect(error).to.include({ reason: 'abort', exitCode: 137, signal: 'SIGKILL' });
    await expectNothingLeft(client);
  });

  it('an AbortSignal already aborted rejects at once, and nothing is made', async () => {
    const error = await rejection(client.run(rootfs, ['/bin/true'], { signal: AbortSignal.abort() }));
    expect(error).to.include({ reason: 'abort', exitCode: undefined });
    await expectNothingLeft(client);
  });

  it('an abort while the container is being made still deletes it', async () => {
    const controller = new AbortController();
    const running = rejection(client.run(rootfs, ['/bin/sleep', '600'], { signal: controller.signal }));
    controller.abort();
    expect(await running).to.include({ reason: 'abort' });
    await expectNothingLeft(client);
  });

  it('a bad option is a TypeError naming it (a RangeError when out of range), and nothing is made', async () => {
    const error = await rejection(client.run(rootfs, ['/bin/true'], { timeoutMs: -1 }));
    expect(error).to.be.instanceOf(RangeError);
    expect((error as Error).message).to.contain('timeoutMs');
    expect(await rejection(client.run(rootfs, ['/bin/true'], { timeoutMs: '5' as never }))).to.be.instanceOf(TypeError);
    expect(await rejection(client.run({ image: '' }, ['/bin/true']))).to.be.instanceOf(TypeError);
    expect(await rejection(client.run(rootfs, [], {}))).to.be.instanceOf(TypeError);
    expect(await rejection(client.run(rootfs, ['/bin/true'], { entrypoint: ['/bin/sh'] }))).to.be.instanceOf(TypeError);
    await expectNothingLeft(client);
  });

  describe('on an image ({ image }, as newContainer takes it)', () => {
    let image: string;
    let imageClient: Client;
    before(async () => ({ client: imageClient, image } = await clientWithFixture()));
    after(removeFixtureArchives);

    it("runs the image's own command with no args, its Cmd replaced by args; the snapshot goes with the container", async () => {
      const own = await imageClient.run({ image }, []);
      expect(own.stdout).to.match(/^hello from app in \/srv\/app on linux\//);
      const replaced = await imageClient.run({ image }, ['echo "$GREETING, $(id -un)"'], { env: { GREETING: 'hi' }, user: 'root', etcHosts: true, hostname: 'img' });
      expect(replaced.stdout).to.equal('hi, root');
      const entry = await imageClient.run({ image }, ['-c', 'echo $0'], { entrypoint: ['/bin/sh'] });
      expect(entry.stdout).to.equal('/bin/sh');
      // nothing left: no container, no task, no snapshot of a run, no FIFO or /etc folder
      await expectNothingLeft(imageClient);
      const snapshots = await firstValueFrom(imageClient.conn.stream$(Snapshots.list, { snapshotter: 'overlayfs' }).pipe(toArray()));
      expect(snapshots.flatMap((s) => s.info.map((i) => i.name)).filter((n) => n.startsWith('run-'))).to.deep.equal([]);
    });

    it('an image that is not there: NotFoundError naming it, nothing made', async () => {
      const error = await rejection(imageClient.run({ image: 'docker.io/library/absent:1' }, []));
      expect(error).to.have.property('name', 'NotFoundError');
      expect((error as Error).message).to.contain('absent');
      await expectNothingLeft(imageClient);
    });
  });

  it('run$ emits the result; unsubscribing kills and deletes in the background', async () => {
    expect((await firstValueFrom(client.run$(rootfs, ['/bin/echo', 'observed']))).stdout).to.equal('observed');
    const sub = client.run$(rootfs, ['/bin/sleep', '600'], { id: 'left' }).subscribe({ error: () => undefined });
    while ((await client.containers()).length === 0) await new Promise((r) => setTimeout(r, 50));
    await new Promise((r) => setTimeout(r, 500));
    sub.unsubscribe();
    for (let i = 0; i < 100 && (await client.containers()).length > 0; i++) await new Promise((r) => setTimeout(r, 100));
    await expectNothingLeft(client);
  });
});
