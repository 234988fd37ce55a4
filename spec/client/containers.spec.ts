import { expect } from 'chai';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, NotFoundError, NotStartedError } from '../../src/client/errors.js';
import { ROOTFS_LABEL } from '../../src/process/container.js';
import { sharedDaemon, sharedRootfs, testClient } from '../support/daemon.js';

describe('containers', () => {
  it('version reports the daemon version', async () => {
    const client = await testClient();
    const v = await client.version();
    expect(v.version).to.match(/^\d+\.\d+\.\d+/);
    expect(v.revision).to.be.a('string');
  });

  it('creates, loads, lists and deletes a container', async () => {
    const client = await testClient();
    const rootfs = await sharedRootfs();
    const created = await client.newContainer('c1', { rootfs, args: ['/bin/echo', 'hi'], env: { A: '1' }, cwd: '/tmp', labels: { app: 'web' } });
    expect(created.id).to.equal('c1');
    const loaded = await client.loadContainer('c1');
    expect(loaded.labels).to.include({ app: 'web', [ROOTFS_LABEL]: rootfs });
    const spec = loaded.spec();
    expect(spec?.process.args).to.deep.equal(['/bin/echo', 'hi']);
    expect(spec?.process.cwd).to.equal('/tmp');
    expect(spec?.process.env).to.include('A=1');
    expect(spec?.linux.namespaces.map((n) => n.type)).to.include.members(['pid', 'mount']);
    expect(spec?.mounts.map((m) => m.destination)).to.include('/proc');
    await client.newContainer('c2', { rootfs, args: ['/bin/true'], labels: { app: 'db' } });
    expect((await client.containers()).map((c) => c.id).sort()).to.deep.equal(['c1', 'c2']);
    expect((await client.containers('labels."app"==web')).map((c) => c.id)).to.deep.equal(['c1']);
    await loaded.delete();
    expect((await client.containers()).map((c) => c.id)).to.deep.equal(['c2']);
    expect(await client.loadContainer('c1').catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
  });

  it('the spec escape hatch edits the spec before it is sent', async () => {
    const client = await testClient();
    const c = await client.newContainer('edited', {
      rootfs: await sharedRootfs(),
      args: ['/bin/true'],
      spec: (s) => {
        s.hostname = 'custom';
        s.annotations = { 'x.y': 'z' };
      },
    });
    expect(c.spec()?.hostname).to.equal('custom');
    expect(c.spec()?.annotations).to.deep.equal({ 'x.y': 'z' });
  });

  it('refuses empty args, a relative cwd, a bad env entry and a missing rootfs before any call, leaving no bundle', async () => {
    const client = await testClient();
    const rootfs = await sharedRootfs();
    const attempts = [
      client.newContainer('bad1', { rootfs, args: [] }),
      client.newContainer('bad2', { rootfs, args: ['/bin/true'], cwd: 'relative' }),
      client.newContainer('bad3', { rootfs, args: ['/bin/true'], env: ['NOEQUALS'] }),
      client.newContainer('bad4', { rootfs: 'not/absolute', args: ['/bin/true'] }),
      client.newContainer('bad5', { rootfs, args: ['/bin/true'], spec: (s) => { s.process.args = []; } }),
    ];
    for (const attempt of attempts) expect(await attempt.catch((e: unknown) => e)).to.be.instanceOf(InvalidArgumentError);
    expect(await client.containers()).to.deep.equal([]);
    const d = await sharedDaemon();
    for (const id of ['bad1', 'bad2', 'bad3', 'bad4', 'bad5']) {
      expect(existsSync(join(d.state, 'io.containerd.runtime.v2.task', client.namespace, id))).to.equal(false);
    }
  });

  it('a container whose rootfs directory vanished refuses to make a task, and can make one once it is back', async () => {
    const client = await testClient();
    const { busyboxRootfs } = await import('../../src/testing/rootfs.js');
    const { rmSync } = await import('node:fs');
    const dir = await busyboxRootfs();
    const c = await client.newContainer('vanish', { rootfs: dir, args: ['/bin/true'] });
    rmSync(dir, { recursive: true, force: true });
    expect(await c.newTask({ stdio: 'ignore' }).catch((e: unknown) => e)).to.be.instanceOf(InvalidArgumentError);
    await busyboxRootfs(dir);
    const task = await c.newTask({ stdio: 'ignore' });
    // deleted unstarted: it never ran, so the delete succeeds with no exit status to give
    expect(await task.delete().catch((e: unknown) => e)).to.be.instanceOf(NotStartedError);
    await c.delete();
    rmSync(dir, { recursive: true, force: true });
  });
});
