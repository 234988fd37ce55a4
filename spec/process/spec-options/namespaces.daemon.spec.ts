import { expect } from 'chai';
import { readFileSync, readlinkSync } from 'node:fs';
import { hostname } from 'node:os';
import { InvalidArgumentError } from '../../../src/client/errors.js';
import type { Client } from '../../../src/process/client.js';
import { Tasks } from '../../../src/proto/services.js';
import { firstValueFrom } from 'rxjs';
import { sharedRootfs, testClient, unique } from '../../support/daemon.js';
import { inside } from './inside.js';

/** The interface names of a /proc/net/dev text. */
const interfaces = (text: string) => text.split('\n').slice(2).map((l) => l.split(':')[0]!.trim()).filter((n) => n !== '').sort();

describe('namespace options, seen from inside the container', function () {
  this.timeout(60_000);
  let client: Client;
  let rootfs: string;
  beforeEach(async () => {
    client = await testClient();
    rootfs = await sharedRootfs();
  });

  it("network: 'host' sees the host's interfaces; by default only loopback", async () => {
    const own = await inside(client, rootfs, unique('net'), {}, 'cat /proc/net/dev');
    expect(interfaces(own.stdout)).to.deep.equal(['lo']);
    const shared = await inside(client, rootfs, unique('hostnet'), { network: 'host' }, 'cat /proc/net/dev');
    expect(interfaces(shared.stdout)).to.deep.equal(interfaces(readFileSync('/proc/net/dev', 'utf8')));
  });

  it("pid, ipc and uts 'host' share the host's namespaces and hostname", async () => {
    const r = await inside(client, rootfs, unique('hostns'), { pid: 'host', ipc: 'host', uts: 'host' }, 'for n in pid ipc uts; do readlink /proc/self/ns/$n; done; hostname');
    const ns = (type: string) => readlinkSync(`/proc/self/ns/${type}`);
    expect(r.stdout).to.equal(`${ns('pid')}\n${ns('ipc')}\n${ns('uts')}\n${hostname()}\n`);
  });

  it("joins another container's network and pid namespaces ({ container }, or { id } of a Container)", async () => {
    const server = await client.newContainer(unique('server'), { rootfs, args: ['/bin/sleep', '600'] });
    const task = await server.newTask({ stdio: 'ignore' });
    await task.start();
    try {
      const { process } = await firstValueFrom(client.conn.call$(Tasks.get, { containerId: server.id, execId: '' }));
      const r = await inside(client, rootfs, unique('sidecar'), { network: { container: server.id }, pid: { container: server }, ipc: { container: server.id } },
        'for n in net ipc; do readlink /proc/self/ns/$n; done; ps -o args | grep -c "^/bin/sleep 600"');
      expect(r.stdout).to.equal(`${readlinkSync(`/proc/${process!.pid}/ns/net`)}\n${readlinkSync(`/proc/${process!.pid}/ns/ipc`)}\n1\n`);
    } finally {
      await task.delete({ kill: true });
      await server.delete();
    }
  });

  it('resolves { container } before an image is looked up: the join is refused first', async () => {
    const error = await client.newContainer(unique('fromimage'), { image: 'example.org/no/such:image', network: { container: 'nobody-here' } }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect((error as Error).message).to.contain('network: container "nobody-here" has no task');
  });

  it('refuses to join a container without a running task, naming it: nothing created', async () => {
    const idle = await client.newContainer(unique('idle'), { rootfs, args: ['/bin/true'] });
    try {
      for (const [source, text] of [[idle.id, 'has no task'], ['never-made', '"never-made" has no task']] as const) {
        const id = unique('joiner');
        const error = await client.newContainer(id, { rootfs, args: ['/bin/true'], network: { container: source } }).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(InvalidArgumentError);
        expect((error as Error).message).to.contain(`network: container "${source}"`).and.contain(text);
        expect((await client.containers()).map((c) => c.id)).to.not.include(id);
      }
      const stopped = await idle.newTask({ stdio: 'ignore' });
      const error = await client.newContainer(unique('joiner'), { rootfs, args: ['/bin/true'], pid: { container: idle.id } }).catch((e: unknown) => e);
      expect((error as Error).message).to.contain(`pid: container "${idle.id}"'s task is created, not running`);
      await stopped.delete().catch(() => undefined); // never started: no exit status to give
    } finally {
      await idle.delete();
    }
  });
});
