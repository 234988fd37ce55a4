import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { DaemonStartError, startDaemon } from '../../src/client/daemon.js';
import { Connection } from '../../src/client/connection.js';
import { Version } from '../../src/proto/services.js';
import { connect } from '../../src/process/client.js';
import { sharedRootfs, unique } from '../support/daemon.js';

describe('startDaemon', () => {
  it('starts a private containerd that answers, and stop() removes its folder', async () => {
    const daemon = await startDaemon();
    const conn = new Connection({ address: daemon.address });
    try {
      const v = await firstValueFrom(conn.call$(Version.version, {}));
      expect(v.version).to.match(/^\d+\.\d+/);
      expect(existsSync(daemon.root)).to.equal(true);
    } finally {
      conn.close();
      await daemon.stop();
    }
    expect(existsSync(daemon.dir)).to.equal(false);
  });

  it('stop() ends every shim and container it started, and leaves no mount behind', async () => {
    const daemon = await startDaemon();
    const client = connect({ address: daemon.address, namespace: unique('stop') });
    const container = await client.newContainer('sleeper', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'] });
    const task = await container.newTask({ stdio: 'ignore' });
    const pid = await task.start();
    client.close();
    expect(existsSync(`/proc/${pid}`)).to.equal(true);
    await daemon.stop();
    expect(existsSync(`/proc/${pid}`)).to.equal(false);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.to.contain(daemon.dir);
    expect(shimsOf(daemon.address)).to.deep.equal([]);
  });

  it('kill() is a crash: the task survives and restart() finds it again', async () => {
    const daemon = await startDaemon();
    const ns = unique('restart');
    try {
      let client = connect({ address: daemon.address, namespace: ns });
      const container = await client.newContainer('survivor', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'] });
      const task = await container.newTask({ stdio: 'ignore' });
      const pid = await task.start();
      client.close();
      await daemon.kill();
      expect(existsSync(`/proc/${pid}`)).to.equal(true);
      await daemon.restart();
      client = connect({ address: daemon.address, namespace: ns });
      const again = await (await client.loadContainer('survivor')).task();
      expect((await again.status()).status).to.equal('running');
      client.close();
    } finally {
      await daemon.stop();
    }
  });

  it('says how to install containerd when the binary is missing', async () => {
    const error = await startDaemon({ binary: '/nonexistent/containerd' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DaemonStartError);
    expect((error as Error).message).to.contain('apt-get install -y containerd runc');
  });
});

function shimsOf(address: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const args = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      if (args.includes(address) && args.some((a) => a.includes('containerd-shim'))) pids.push(Number(d));
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}
