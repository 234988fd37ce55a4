import { expect } from 'chai';
import { existsSync, readdirSync, rmdirSync } from 'node:fs';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { InvalidArgumentError, NotFoundError } from '../../src/client/errors.js';
import type { Client } from '../../src/process/client.js';
import type { Task } from '../../src/process/task.js';
import type { TaskMetrics } from '../../src/process/metrics/task-metrics.js';
import { sharedRootfs, testClient, unique } from '../support/daemon.js';

const MiB = 1024 * 1024;

describe('task metrics, decoded (real daemon, cgroup v1 here)', () => {
  let client: Client;
  before(async () => {
    client = await testClient();
  });

  async function running(script: string, options: Record<string, unknown> = {}): Promise<{ task: Task; done: () => Promise<void> }> {
    const c = await client.newContainer(unique('metrics'), { rootfs: await sharedRootfs(), args: ['/bin/sh', '-c', script], ...options });
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    return {
      task,
      done: async () => {
        await task.delete({ kill: true }).catch(() => undefined);
        await c.delete();
      },
    };
  }

  it('reads memory, limits, CPU, pids and block IO of a running task as cgroup v1 statistics', async () => {
    // a shell that keeps 8 MiB in a variable (anonymous memory) and burns some CPU before it sleeps
    const script = 'x=$(head -c 8388608 /dev/zero | tr "\\0" a); i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done; echo ready > /tmp/ready; sleep 600';
    const { task, done } = await running(script, { memory: { limit: 64 * MiB }, pidsLimit: 50, cpus: 1 });
    try {
      // The high-water mark, not rss: a host that pages out cold memory (this kind of machine runs a DAMON
      // pageout scheme) may take the sleeping shell's 8 MiB away again, so rss alone could never reach it.
      let m: TaskMetrics;
      const deadline = Date.now() + 30_000;
      for (;;) {
        m = await task.metrics();
        if (m.cpu.usageNs > 0 && (m.memory.maxUsageBytes ?? 0) >= 8 * MiB) break;
        if (Date.now() > deadline) expect.fail(`the 8 MiB shell never showed in its metrics: ${JSON.stringify({ memory: m.memory, cpu: m.cpu.usageNs })}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      expect(m.cgroup).to.equal(1);
      expect(m.containerId).to.equal(task.containerId);
      expect(m.sampledAt).to.be.instanceOf(Date);
      expect(Math.abs(m.sampledAt!.getTime() - Date.now())).to.be.below(60_000);
      expect(m.memory.limitBytes).to.equal(64 * MiB);
      expect(m.memory.usageBytes).to.be.at.least(m.memory.rssBytes);
      expect(m.memory.workingSetBytes).to.be.at.most(m.memory.usageBytes);
      expect(m.memory.maxUsageBytes).to.be.at.least(m.memory.usageBytes);
      expect(m.pids.limit).to.equal(50);
      expect(m.pids.current).to.be.within(1, 5); // sh; while the variable fills, its subshell, head and tr too
      expect(m.cpu.usageNs).to.be.at.least(m.cpu.userNs);
      expect(m.cpu.periods, 'a CPU quota counts CFS periods').to.be.above(0);
      expect(m.blkio.readBytes).to.be.a('number');
      if (m.cgroup === 1) {
        expect(m.stats.memory?.usage?.limit).to.equal(64 * MiB);
        expect(m.stats.cpu?.usage?.perCpu.length).to.be.above(0);
      }
    } finally {
      await done();
    }
  });

  it('a task without limits has none: limitBytes and pids.limit undefined', async () => {
    const { task, done } = await running('sleep 600');
    try {
      const m = await task.metrics();
      expect(m.memory.limitBytes).to.equal(undefined);
      expect(m.pids.limit).to.equal(undefined);
      expect(m.memory.oomKills).to.equal(0);
    } finally {
      await done();
    }
  });

  it('metrics$({ intervalMs }) polls with cpuPercent from the second sample, and completes when the task exits', async () => {
    // busy for a while, then exits by itself
    const { task, done } = await running('end=$(( $(date +%s) + 3 )); while [ $(date +%s) -lt $end ]; do :; done');
    try {
      const samples = await lastValueFrom(task.metrics$({ intervalMs: 300 }).pipe(toArray()));
      expect(samples.length).to.be.at.least(3);
      expect(samples[0]!.cpuPercent).to.equal(undefined);
      const busy = samples.slice(1).map((s) => s.cpuPercent!);
      // one busy shell: around one CPU, on a shared machine anything from a little to a bit more than 100
      expect(Math.max(...busy)).to.be.above(10).and.below(250);
    } finally {
      await done();
    }
  });

  it('unsubscribing stops the polling', async () => {
    const { task, done } = await running('sleep 600');
    try {
      const two = await firstValueFrom(task.metrics$({ intervalMs: 50 }).pipe(take(2), toArray()));
      expect(two).to.have.length(2);
      expect(two[1]!.cpuPercent).to.be.a('number');
    } finally {
      await done();
    }
  });

  it('NotFoundError for a task whose cgroup is gone, not a decode error', async () => {
    const { task, done } = await running('exit 0');
    try {
      await task.wait();
      const stopped = await task.metrics();
      expect(stopped.pids.current, 'a stopped task still has its (empty) cgroup').to.equal(0);
      // the task stopped, its cgroup folders empty: remove them under the shim, as a host's cleanup would
      const ns = client.namespace;
      for (const controller of readdirSync('/sys/fs/cgroup')) {
        const dir = `/sys/fs/cgroup/${controller}/${ns}/${task.containerId}`;
        if (existsSync(dir)) rmdirSync(dir);
      }
      const error = await task.metrics().catch((e: unknown) => e);
      expect(error, String(error)).to.be.instanceOf(NotFoundError);
    } finally {
      await done();
    }
  });

  it('a bad intervalMs is an InvalidArgumentError naming it, before any call', async () => {
    const { task, done } = await running('sleep 600');
    try {
      for (const intervalMs of [0, -1, Number.NaN, '1000' as unknown as number]) {
        const error = await firstValueFrom(task.metrics$({ intervalMs })).catch((e: unknown) => e);
        expect(error).to.be.instanceOf(InvalidArgumentError);
        expect(String(error)).to.include('intervalMs');
      }
    } finally {
      await done();
    }
  });
});
