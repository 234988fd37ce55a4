import { expect } from 'chai';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, reduce, type Observable } from 'rxjs';
import { InvalidArgumentError, HostUnsupportedError } from '../../src/client/errors.js';
import type { Client } from '../../src/process/client.js';
import type { SpecOptions } from '../../src/process/oci-spec.js';
import { sharedDaemon, sharedRootfs, testClient, unique } from '../support/daemon.js';

const MiB = 1024 * 1024;
const collect = (o: Observable<Buffer>): Promise<string> =>
  lastValueFrom(o.pipe(reduce((acc, c) => Buffer.concat([acc, c]), Buffer.alloc(0)))).then((b) => b.toString().trim());

describe('resources options on the daemon: their effect seen from inside the container', () => {
  let client: Client;
  before(async () => {
    client = await testClient();
  });

  /** Runs `script` under /bin/sh in a container made with `options`; its stdout, trimmed. */
  async function inside(script: string, options: Omit<SpecOptions, 'args'> = {}): Promise<string> {
    const c = await client.newContainer(unique('res'), { rootfs: await sharedRootfs(), args: ['/bin/sh', '-c', script], ...options });
    try {
      const task = await c.newTask({ stdio: 'pipe' });
      const out = collect(task.io.stdout$);
      const err = collect(task.io.stderr$);
      const exit = firstValueFrom(task.wait$());
      await task.start();
      const code = (await exit).code;
      await task.delete();
      expect(code, await err).to.equal(0);
      return await out;
    } finally {
      await c.delete();
    }
  }

  it('the cgroup filesystem is mounted read-only at /sys/fs/cgroup', async () => {
    const out = await inside('grep " /sys/fs/cgroup/memory " /proc/mounts; touch /sys/fs/cgroup/memory/x 2>/dev/null && echo writable || echo refused');
    expect(out).to.match(/ro,/).and.to.match(/refused$/);
  });

  it('memory: limit, reservation and swap in memory.limit_in_bytes, soft_limit and memsw', async () => {
    const files = ['memory.limit_in_bytes', 'memory.soft_limit_in_bytes'];
    const memsw = existsSync('/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes');
    if (memsw) files.push('memory.memsw.limit_in_bytes');
    const out = await inside(`cd /sys/fs/cgroup/memory && cat ${files.join(' ')}`, {
      memory: memsw ? { limit: 64 * MiB, reservation: 32 * MiB, swap: 96 * MiB } : { limit: 64 * MiB, reservation: 32 * MiB },
    });
    expect(out.split('\n')).to.deep.equal([String(64 * MiB), String(32 * MiB), ...(memsw ? [String(96 * MiB)] : [])]);
  });

  it('cpus as a CFS quota and period; cpuShares; cpusetCpus', async () => {
    const out = await inside('cd /sys/fs/cgroup; cat cpu/cpu.cfs_quota_us cpu/cpu.cfs_period_us cpu/cpu.shares cpuset/cpuset.cpus', {
      cpus: 0.5, cpuShares: 512, cpusetCpus: '0',
    });
    expect(out.split('\n')).to.deep.equal(['50000', '100000', '512', '0']);
  });

  it('pidsLimit in pids.max, and a fork past it fails', async () => {
    // two shells and two sleeps reach the limit of 4; the inner shell's next fork fails and it exits non-zero
    const script = "cat /sys/fs/cgroup/pids/pids.max; sh -c 'for i in 1 2 3 4 5 6; do sleep 3 & done; wait' 2>/dev/null || echo fork-failed";
    const out = await inside(script, { pidsLimit: 4 });
    expect(out.split('\n')).to.deep.equal(['4', 'fork-failed']);
  });

  it('blkioWeight in blkio.weight where the kernel has it; refused before the daemon otherwise', async () => {
    const has = ['blkio.weight', 'blkio.bfq.weight'].some((f) => existsSync(`/sys/fs/cgroup/blkio/${f}`));
    if (has) {
      expect(await inside('cat /sys/fs/cgroup/blkio/blkio.weight 2>/dev/null || cat /sys/fs/cgroup/blkio/blkio.bfq.weight', { blkioWeight: 300 })).to.match(/300/);
    } else {
      const id = unique('blkio');
      const error = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/true'], blkioWeight: 300 }).catch((e: unknown) => e);
      expect(error).to.be.instanceOf(HostUnsupportedError).and.instanceOf(InvalidArgumentError);
      expect(error).to.include({ option: 'blkioWeight', code: 'ERR_CONTAINERD_HOST_UNSUPPORTED' });
      expect((error as Error).message).to.include("blkioWeight 300: this host's kernel has no block I/O weight in its cgroup (/sys/fs/cgroup/blkio/blkio.weight, ");
      expect((error as Error).message).to.include('CONFIG_BFQ_GROUP_IOSCHED');
      // task.update checks the same, before the daemon sees it
      const c = await client.newContainer(unique('blkio2'), { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
      const task = await c.newTask({ stdio: 'ignore' });
      await task.start();
      expect(await task.update({ blkioWeight: 300 }).then(() => undefined, (e: unknown) => e)).to.be.instanceOf(HostUnsupportedError);
      await task.delete({ kill: true });
      await c.delete();
      expect((await client.containers(`id==${id}`)).length).to.equal(0);
    }
  });

  it('by default the daemon\'s RLIMIT_NOFILE is inherited (not 1024); rlimits and ulimits set others in /proc/self/limits', async () => {
    const line = (out: string, name: string): string[] => out.split('\n').find((l) => l.startsWith(name))!.trim().split(/\s{2,}/).slice(1, 3);
    // the private daemon was started by this process, so it has this process's limits
    expect(line(await inside('cat /proc/self/limits'), 'Max open files')).to.deep.equal(line(readFileSync('/proc/self/limits', 'utf8'), 'Max open files'));
    const out = await inside('cat /proc/self/limits', { rlimits: { nofile: { soft: 4096, hard: 8192 }, RLIMIT_NPROC: 300 } });
    expect(line(out, 'Max open files')).to.deep.equal(['4096', '8192']);
    expect(line(out, 'Max processes')).to.deep.equal(['300', '300']);
    expect(line(await inside('cat /proc/self/limits', { ulimits: { core: 0 } }), 'Max core file size')).to.deep.equal(['0', '0']);
  });

  it('oomScoreAdj in /proc/self/oom_score_adj', async () => {
    expect(await inside('cat /proc/self/oom_score_adj', { oomScoreAdj: 321 })).to.equal('321');
  });

  it('sysctls of the container\'s own IPC and network namespaces in /proc/sys', async () => {
    const out = await inside('cat /proc/sys/kernel/shmmni /proc/sys/fs/mqueue/msg_max /proc/sys/net/ipv4/ip_unprivileged_port_start', {
      sysctls: { 'kernel.shmmni': '1234', 'fs.mqueue.msg_max': '20', 'net.ipv4.ip_unprivileged_port_start': '80' },
    });
    expect(out.split('\n')).to.deep.equal(['1234', '20', '80']);
  });

  it('bad input creates nothing on the daemon and leaves no bundle', async () => {
    const id = unique('bad');
    const dir = join((await sharedDaemon()).state, 'io.containerd.runtime.v2.task', client.namespace);
    const bundles = (): string[] => (existsSync(dir) ? readdirSync(dir) : []);
    const before = bundles().length;
    for (const bad of [{ memory: 1024 }, { cpus: 1000 }, { rlimits: { nofiles: 1 } }, { sysctls: { 'kernel.panic': '1' } }] as const) {
      const error = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/true'], ...bad }).catch((e: unknown) => e);
      expect(error, JSON.stringify(bad)).to.be.instanceOf(InvalidArgumentError);
    }
    expect((await client.containers(`id==${id}`)).length).to.equal(0);
    expect(bundles().length).to.equal(before);
  });

  it('task.update changes a running task\'s memory limit, visible inside', async () => {
    const c = await client.newContainer(unique('upd'), { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'], memory: 128 * MiB });
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    try {
      const read = async (): Promise<string> => {
        const p = await task.exec(unique('cat'), { args: ['/bin/cat', '/sys/fs/cgroup/memory/memory.limit_in_bytes', '/sys/fs/cgroup/pids/pids.max'], stdio: 'pipe' });
        const out = collect(p.io.stdout$);
        const exit = firstValueFrom(p.wait$());
        await p.start();
        expect((await exit).code).to.equal(0);
        await p.delete();
        return out;
      };
      expect(await read()).to.equal(`${128 * MiB}\nmax`);
      await task.update({ memory: 64 << 20, pidsLimit: 50 });
      expect(await read()).to.equal(`${64 * MiB}\n50`);
      // refused before the call: bad values, fixed-at-start options, annotations alone (which would close the shim's ttrpc)
      for (const bad of [{ memory: 1 }, { cpus: -1 }, { oomScoreAdj: 1 }, { annotations: { a: 'b' } }, { memory: 64 << 20, resources: {} }] as const) {
        expect(await task.update(bad as never).catch((e: unknown) => e), JSON.stringify(bad)).to.be.instanceOf(InvalidArgumentError);
      }
      expect((await task.status()).status).to.equal('running');
      expect(await read()).to.equal(`${64 * MiB}\n50`);
    } finally {
      await task.kill('SIGKILL');
      await task.wait();
      await task.delete();
      await c.delete();
    }
  });
});
