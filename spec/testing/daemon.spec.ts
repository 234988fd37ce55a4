import { expect } from 'chai';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { DaemonStartError, startDaemon } from '../../src/testing/daemon.js';
import { daemonConfig } from '../../src/testing/daemon-config.js';
import { reapDaemonsUnder } from '../../src/testing/daemon-cleanup.js';
import { spawn } from 'node:child_process';
import { Connection } from '../../src/client/connection.js';
import { Version } from '../../src/proto/services.js';
import { connect } from '../../src/process/client.js';
import { sharedRootfs, unique } from '../support/daemon.js';

describe('startDaemon', () => {
  it('starts a private containerd that answers, and stop() removes its directory', async () => {
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

  it('is AsyncDisposable: `await using` stops it when the block ends, leaving no directory or shim', async () => {
    let dir = '';
    let address = '';
    {
      await using daemon = await startDaemon();
      ({ dir, address } = daemon);
      const client = connect({ address, namespace: unique('using') });
      const container = await client.newContainer('sleeper', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'] });
      await (await container.newTask({ stdio: 'ignore' })).start();
      client.close();
      expect(existsSync(dir)).to.equal(true);
    }
    expect(existsSync(dir)).to.equal(false);
    expect(shimsOf(address)).to.deep.equal([]);
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

  it('runs the shim beside the binary it was given, not the one on the PATH', async () => {
    const real = realpathSync(onPath('containerd'));
    const dir = mkdtempSync(join(tmpdir(), 'rxc-bin-'));
    const calls = join(dir, 'shim-calls');
    symlinkSync(real, join(dir, 'containerd'));
    writeFileSync(join(dir, 'containerd-shim-runc-v2'),
      `#!/bin/sh\necho "$@" >> ${calls}\nexec ${join(dirname(real), 'containerd-shim-runc-v2')} "$@"\n`);
    chmodSync(join(dir, 'containerd-shim-runc-v2'), 0o755);
    const daemon = await startDaemon({ binary: join(dir, 'containerd') });
    const client = connect({ address: daemon.address, namespace: unique('shim') });
    try {
      const container = await client.newContainer('beside', { rootfs: await sharedRootfs(), args: ['/bin/true'] });
      const task = await container.newTask({ stdio: 'ignore' });
      const exit = firstValueFrom(task.wait$());
      await task.start();
      await exit;
      await task.delete();
      await container.delete();
      expect(existsSync(calls) ? readFileSync(calls, 'utf8') : '').to.contain('-id beside');
    } finally {
      client.close();
      await daemon.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reapDaemonsUnder ends the daemon, shims, containers and mounts of a program killed before it could stop them', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'rxc-killed-'));
    const program = `
      import { startDaemon, connect } from ${JSON.stringify(new URL('../../src/index.js', import.meta.url).href)};
      const daemon = await startDaemon();
      const client = connect({ address: daemon.address, namespace: 'killed' });
      const c = await client.newContainer('left', { rootfs: ${JSON.stringify(await sharedRootfs())}, args: ['/bin/sleep', '600'] });
      const pid = await (await c.newTask({ stdio: 'ignore' })).start();
      console.log(JSON.stringify({ address: daemon.address, pid }));
      setInterval(() => undefined, 1000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', program], { env: { ...process.env, TMPDIR: temp }, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((res, rej) => {
        child.stdout.once('data', (b: Buffer) => res(b.toString()));
        child.once('exit', (code) => rej(new Error(`program exited ${code}`)));
      });
      const { address, pid } = JSON.parse(line) as { address: string; pid: number };
      child.kill('SIGKILL');
      expect(existsSync(`/proc/${pid}`)).to.equal(true);
      expect(reapDaemonsUnder(temp)).to.equal(1);
      await until(() => !existsSync(`/proc/${pid}`) && shimsOf(address).length === 0);
      expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.to.contain(temp);
    } finally {
      child.kill('SIGKILL');
      reapDaemonsUnder(temp);
      rmSync(temp, { recursive: true, force: true });
    }
  });

  it('says how to install containerd when the binary is missing', async () => {
    const error = await startDaemon({ binary: '/nonexistent/containerd' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DaemonStartError);
    expect((error as Error).message).to.contain('apt-get install -y containerd runc');
  });
});

describe('daemonConfig', () => {
  it('writes config version 2 for containerd 1.x and version 3 for 2.x, CRI off on both and NRI off on 2.x', () => {
    expect(daemonConfig('1.6.20', '/d.sock')).to.equal('version = 2\ndisabled_plugins = ["io.containerd.grpc.v1.cri"]\n[debug]\n  address = "/d.sock"\n');
    expect(daemonConfig('1.7.24', '/d.sock')).to.match(/^version = 2\n/);
    expect(daemonConfig('2.1.9', '/d.sock')).to.equal(
      'version = 3\ndisabled_plugins = ["io.containerd.grpc.v1.cri","io.containerd.nri.v1.nri"]\n[debug]\n  address = "/d.sock"\n');
    expect(daemonConfig(undefined, '/d.sock')).to.match(/^version = 2\n/);
  });
});

async function until(condition: () => boolean, limitMs = 10_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

function onPath(name: string): string {
  const dir = (process.env['PATH'] ?? '').split(':').find((d) => d !== '' && existsSync(join(d, name)));
  if (dir === undefined) throw new Error(`${name} is not on the PATH`);
  return join(dir, name);
}

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
