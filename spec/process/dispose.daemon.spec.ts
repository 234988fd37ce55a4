import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { firstValueFrom, toArray } from 'rxjs';
import type { Client } from '../../src/process/client.js';
import { Tasks } from '../../src/proto/services.js';
import { sharedRootfs, testClient, unique } from '../support/daemon.js';

/** What the client left on the daemon and on disk: containers, tasks, files in its FIFO directory. */
async function leftovers(client: Client): Promise<{ containers: number; tasks: number; fifos: string[] }> {
  const { tasks } = await firstValueFrom(client.conn.call$(Tasks.list, {}));
  return { containers: (await client.containers()).length, tasks: tasks.length, fifos: client.ioDir === undefined ? [] : readdirSync(client.ioDir) };
}

const none = { containers: 0, tasks: 0, fifos: [] };

describe('await using: disposal leaves nothing', () => {
  it('a container and its task (pipe stdio, an exec) declared with await using', async () => {
    const client = await testClient();
    {
      await using container = await client.newContainer(unique('job'), { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
      await using task = await container.newTask({ stdio: 'pipe', stdin: true });
      await task.start();
      await using sh = await task.exec('sh', { args: ['/bin/sh', '-c', 'echo hi; sleep 60'], stdio: 'pipe' });
      const out = firstValueFrom(sh.io.stdout$.pipe(toArray()));
      await sh.start();
      expect((await leftovers(client)).fifos.length).to.equal(2);
      void out;
    }
    expect(await leftovers(client)).to.deep.equal(none);
  });

  it('a container whose running task was not disposed of: the task is killed and deleted with its FIFOs', async () => {
    const client = await testClient();
    {
      await using container = await client.newContainer(unique('job'), { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
      const task = await container.newTask({ stdio: 'pipe' });
      await task.start();
    }
    expect(await leftovers(client)).to.deep.equal(none);
  });

  it('a task deleted before the end of its scope, or never started, is no error', async () => {
    const client = await testClient();
    {
      await using container = await client.newContainer(unique('job'), { rootfs: await sharedRootfs(), args: ['/bin/true'] });
      await using started = await container.newTask({ stdio: 'ignore' });
      const exit = started.wait();
      await started.start();
      await exit;
      expect((await started.delete()).code).to.equal(0);
    }
    {
      await using container = await client.newContainer(unique('job'), { rootfs: await sharedRootfs(), args: ['/bin/true'] });
      await using created = await container.newTask({ stdio: 'pipe' });
      void created;
    }
    expect(await leftovers(client)).to.deep.equal(none);
  });

  it('a client closes at the end of its scope (once)', async () => {
    const base = await testClient();
    let events = 'open';
    {
      await using client = (await import('../../src/process/client.js')).connect({ address: base.address, namespace: base.namespace });
      client.events$.subscribe({ complete: () => (events = 'completed') });
      await client.version();
    }
    expect(events).to.equal('completed');
  });
});
