import { expect } from 'chai';
import { firstValueFrom, toArray } from 'rxjs';
import { InvalidArgumentError } from '../../../src/client/errors.js';
import type { Client } from '../../../src/process/client.js';
import type { SpecOptions } from '../../../src/process/oci-spec.js';
import type { Task } from '../../../src/process/task.js';
import type { TaskPid } from '../../../src/proto/answers.js';
import { eventually } from '../../support/eventually.js';
import { sharedRootfs, testClient, unique } from '../../support/daemon.js';

// A PID 1 that never waits: the subshell's `sleep 0.2` is orphaned to it and stays a zombie once it ends.
const orphaning = ['/bin/sh', '-c', '(sleep 0.2 &); exec sleep 60'];

describe('the init option against the real daemon', function () {
  this.timeout(60_000);
  let client: Client;
  beforeEach(async () => {
    client = await testClient();
  });

  async function started(options: Partial<SpecOptions>, args = orphaning): Promise<Task> {
    const container = await client.newContainer(unique('init'), { rootfs: await sharedRootfs(), args, ...options });
    const task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    return task;
  }

  async function removed(task: Task): Promise<void> {
    await task.delete({ kill: true });
    await (await client.loadContainer(task.containerId)).delete();
  }

  /** The task's pids once the orphan has had time to end, read until `done` holds of them (10 s at most). */
  async function settled(task: Task, done: (pids: readonly TaskPid[]) => boolean): Promise<readonly TaskPid[]> {
    let pids: readonly TaskPid[] = [];
    await new Promise((r) => setTimeout(r, 400));
    await eventually(async () => Number(done((pids = await task.pids()))), 1, 200);
    return pids;
  }
  const twoJudged = (pids: readonly TaskPid[]): boolean => pids.length === 2 && pids.every((p) => p.zombie !== undefined);

  it('without init, a PID 1 that does not wait leaves a zombie, and pids() says which', async () => {
    const task = await started({});
    try {
      const pids = await settled(task, (pids) => pids.some((p) => p.zombie));
      expect(pids.map((p) => p.zombie).sort()).to.deep.equal([false, true]);
      expect(pids.find((p) => p.zombie === false)!.pid).to.equal(task.pid);
    } finally {
      await removed(task);
    }
  });

  it('with init: true, tini is PID 1 and reaps the orphan: no zombie', async () => {
    const task = await started({ init: true });
    try {
      const pids = await settled(task, twoJudged); // tini and sleep 60, once the orphan is reaped
      expect(pids.map((p) => p.zombie)).to.deep.equal([false, false]);
      const probe = await task.exec('probe', { args: ['/bin/cat', '/proc/1/cmdline'], stdio: 'pipe' });
      const out = firstValueFrom(probe.io.stdout$.pipe(toArray()));
      const exit = probe.wait();
      await probe.start();
      expect((await exit).code).to.equal(0);
      // the exec is not wrapped; PID 1 is the init with the command after it
      expect(Buffer.concat(await out).toString().split('\0')).to.deep.equal(['/sbin/docker-init', '--', ...orphaning, '']);
      await probe.delete();
    } finally {
      await removed(task);
    }
  });

  it('SIGTERM reaches the command through tini (sleep as PID 1 ignores it)', async () => {
    const sleeping = ['/bin/sleep', '60'];
    const task = await started({ init: true }, sleeping);
    try {
      await settled(task, twoJudged); // tini and sleep
      const exit = task.wait();
      await task.kill('SIGTERM');
      expect((await exit).code).to.equal(143);
    } finally {
      await removed(task);
    }
  });

  it('a missing init binary is an InvalidArgumentError before anything reaches the daemon', async () => {
    const id = unique('init');
    const error = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/true'], init: { path: '/no/such/init' } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect((error as Error).message).to.contain('init.path: no init binary at /no/such/init');
    expect((await client.containers()).map((c) => c.id)).to.not.include(id);
  });
});
