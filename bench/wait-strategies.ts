/**
 * N processes are killed at once (SIGKILL) while N waits are pending, under each wait strategy, on one
 * private containerd: how late each exit reaches its waiter, what the daemon's CPU paid for it, and how many
 * waits were lost. Strategies:
 *   - events: the client's one shared Subscribe (the default);
 *   - rpc:    one Tasks.Wait call per waiter;
 *   - per-waiter Subscribe: each waiter opens its own Subscribe (the seed's design), as a baseline.
 *
 *   npm run build:test && node build/bench/wait-strategies.js [count=300]
 */
import { readFileSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { filter, firstValueFrom, map, take, timeout } from 'rxjs';
import { busyboxRootfs, connect, startDaemon, type Client, type Daemon, type Task } from '../src/index.js';
import { Events } from '../src/proto/services.js';
import { decodeEvent } from '../src/proto/any.js';

const COUNT = Number(process.argv[2] ?? 300);
const TICKS = 100; // clock ticks per second on Linux

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1000) / TICKS;
}

type Strategy = 'events' | 'rpc' | 'per-waiter-subscribe';

function perWaiterSubscribe(client: Client, containerId: string): Promise<number> {
  // the seed's way: a Subscribe of its own per waiter, filtered on the server to this container's exits
  return firstValueFrom(
    client.conn.stream$(Events.subscribe, { filters: [`namespace==${client.namespace},topic=="/tasks/exit",event.container_id==${containerId}`] }).pipe(
      map((raw) => decodeEvent(raw.event!)),
      filter((e) => e._tag === 'Right' && e.right.type === 'TaskExit'),
      map(() => Date.now()),
      take(1),
      timeout(30_000),
    ),
  );
}

async function run(daemon: Daemon, rootfs: string, strategy: Strategy): Promise<string> {
  const client = connect({ address: daemon.address, namespace: `bench-${strategy}`, waitStrategy: strategy === 'rpc' ? 'rpc' : 'events' });
  try {
    const tasks: Task[] = [];
    for (let i = 0; i < COUNT; i++) {
      const c = await client.newContainer(`w${i}`, { rootfs, args: ['/bin/sleep', '600'] });
      tasks.push(await c.newTask({ stdio: 'ignore' }));
    }
    await Promise.all(tasks.map((t) => t.start()));
    if (strategy === 'events') await firstValueFrom(client.hub.live$);
    const late: number[] = [];
    let lost = 0;
    const waits = tasks.map(async (t) => {
      try {
        if (strategy === 'per-waiter-subscribe') {
          const got = await perWaiterSubscribe(client, t.containerId);
          const status = await t.status();
          late.push(got - (status.exitedAt?.getTime() ?? got));
        } else {
          const { exitedAt } = await firstValueFrom(t.wait$().pipe(timeout(30_000)));
          late.push(Date.now() - exitedAt.getTime());
        }
      } catch {
        lost++;
      }
    });
    if (strategy === 'per-waiter-subscribe') await new Promise((r) => setTimeout(r, 2_000)); // let every Subscribe open
    const cpu0 = cpuMs(daemon.pid);
    const t0 = performance.now();
    await Promise.all(tasks.map((t) => t.kill('SIGKILL'))); // every process exits now
    await Promise.all(waits);
    const wall = performance.now() - t0;
    const cpu = cpuMs(daemon.pid) - cpu0;
    late.sort((a, b) => a - b);
    const q = (p: number) => late[Math.min(late.length - 1, Math.floor(late.length * p))] ?? NaN;
    for (const t of tasks) await t.delete({ kill: true }).catch(() => undefined);
    for (const c of await client.containers()) await c.delete().catch(() => undefined);
    return `${strategy.padEnd(21)} daemon CPU ${String(Math.round(cpu)).padStart(5)} ms over ${(wall / 1000).toFixed(1)} s; ` +
      `exit to waiter: median ${q(0.5)} ms, p99 ${q(0.99)} ms, max ${q(1)} ms; lost ${lost}`;
  } finally {
    client.close();
  }
}

const daemon = await startDaemon();
const rootfs = await busyboxRootfs();
try {
  console.log(`${COUNT} processes killed at once, each with one pending wait (daemon CPU from /proc while the exits are delivered)`);
  for (const s of ['events', 'rpc', 'per-waiter-subscribe'] as const) console.log(await run(daemon, rootfs, s));
} finally {
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
