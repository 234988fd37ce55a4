/**
 * Resource-aware supervision against the real daemon: an OOM kill reported as such, and `maxMemoryBytes`
 * restarting a process whose memory grows.
 */
import { expect } from 'chai';
import { firstValueFrom, lastValueFrom, takeWhile, toArray } from 'rxjs';
import type { Client } from '../../src/process/client.js';
import type { Container } from '../../src/process/container.js';
import { describeExit } from '../../src/supervise/exit.js';
import { isFinal, type SupervisorEvent } from '../../src/supervise/events.js';
import { supervise } from '../../src/supervise/supervise.js';
import { sharedRootfs, testClient, unique } from '../support/daemon.js';

const MiB = 1024 * 1024;
/** A shell that fills a variable with `mib` MiB, then sleeps (busybox sh keeps the whole string in memory). */
const allocate = (mib: number): string => `x=$(head -c ${mib * MiB} /dev/zero | tr '\\0' a); sleep 600`;
/** A shell whose variable doubles from 1 MiB every 200 ms, up to 64 MiB (a leak); SIGTERM ends it. */
const LEAK = `trap 'exit 143' TERM; x=$(head -c ${MiB} /dev/zero | tr '\\0' a); while [ \${#x} -lt ${64 * MiB} ]; do x="$x$x"; sleep 0.2; done; while :; do sleep 0.2; done`;

describe('resource-aware supervision (real daemon)', () => {
  let client: Client;
  const containers: Container[] = [];
  before(async () => {
    client = await testClient();
  });
  after(async () => {
    for (const c of containers) await c.delete().catch(() => undefined);
  });

  async function container(script: string, options: Record<string, unknown> = {}): Promise<Container> {
    const c = await client.newContainer(unique('res'), { rootfs: await sharedRootfs(), args: ['/bin/sh', '-c', script], ...options });
    containers.push(c);
    return c;
  }

  it('a 32 MiB memory limit and a larger allocation: the wait says oomKilled, describeExit says the OOM killer', async () => {
    const c = await container(allocate(100), { memory: { limit: 32 * MiB } });
    const task = await c.newTask({ stdio: 'ignore' });
    const exit = task.wait();
    await task.start();
    const status = await exit;
    expect(status).to.include({ code: 137, signal: 'SIGKILL', oomKilled: true });
    expect(describeExit(status)).to.equal('killed by the OOM killer (SIGKILL, 137)');
    await task.delete();
  });

  it('a supervised process killed by the OOM killer exits with reason oom', async () => {
    const c = await container(allocate(100), { memory: { limit: 32 * MiB } });
    const events = await lastValueFrom(supervise(() => c.newTask({ stdio: 'ignore' }), { restart: 'no' }).pipe(takeWhile((e) => !isFinal(e), true), toArray()));
    const exited = events.find((e) => e.type === 'exited');
    expect(exited, JSON.stringify(events)).to.deep.include({ reason: 'oom' });
    expect(exited).to.have.nested.property('status.oomKilled', true);
  });

  it('a SIGKILL that is not the OOM killer\'s is no oom', async () => {
    const c = await container('sleep 600', { memory: { limit: 32 * MiB } });
    const task = await c.newTask({ stdio: 'ignore' });
    const exit = task.wait();
    await task.start();
    await task.kill('SIGKILL');
    const status = await exit;
    expect(status.code).to.equal(137);
    expect(status).to.not.have.property('oomKilled');
    await task.delete();
  });

  it('maxMemoryBytes restarts a growing process gracefully and says why', async () => {
    const c = await container(LEAK);
    const events: SupervisorEvent[] = [];
    const supervised$ = supervise(() => c.newTask({ stdio: 'ignore' }), {
      restart: 'on-failure', maxRestarts: 1, backoff: { initialMs: 50 }, gracePeriodMs: 2_000,
      maxMemoryBytes: 16 * MiB, memoryIntervalMs: 200,
    });
    await lastValueFrom(supervised$.pipe(takeWhile((e) => !isFinal(e), true), toArray())).then((all) => events.push(...all));
    const types = events.map((e) => e.type);
    expect(types, types.join(' ')).to.deep.equal([
      'starting', 'started', 'memory-exceeded', 'exited', 'backoff', 'restarting',
      'starting', 'started', 'memory-exceeded', 'exited', 'gave-up',
    ]);
    const over = events.find((e) => e.type === 'memory-exceeded');
    expect(over).to.have.property('usageBytes').above(16 * MiB);
    const exited = events.find((e) => e.type === 'exited');
    expect(exited).to.deep.include({ reason: 'max-memory' });
    expect(exited).to.have.nested.property('status.code', 143); // its SIGTERM trap: stopped gracefully, not killed
    const gaveUp = events.at(-1);
    expect(gaveUp).to.have.property('reason').that.includes('over its memory limit');
  });

  it('metrics$ of a task that has exited completes without a sample', async () => {
    const c = await container('exit 0');
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    await task.wait();
    expect(await firstValueFrom(task.metrics$({ intervalMs: 100 }).pipe(toArray()))).to.deep.equal([]);
    await task.delete();
  });
});
