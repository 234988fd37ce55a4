/**
 * What pending waits cost while nothing exits. N long-running tasks on one private containerd; for each wait
 * strategy, a fresh client puts one pending wait$ on every task, lets the waits settle (past the backstop age),
 * then measures for a fixed window the CPU of the daemon plus every shim of it, and of this Node process.
 * Strategies, interleaved in a new random order each repetition:
 *   - floor:    the client's shared stream subscribed, no wait at all;
 *   - sweep:    'events' waits swept for as long as they are pending (waitBackstopAfterMs: 0: one Tasks.List
 *               every 3 s, which asks every shim);
 *   - backstop: 'events' waits, the default: swept while young, then each backed by its own Tasks.Wait;
 *   - rpc:      one Tasks.Wait per wait from the start (waitStrategy: 'rpc').
 * CPU is read from /proc/<pid>/task/<tid>/schedstat (ns on CPU), so the figure is the work done, not the wall
 * time, and holds up better than timings on a shared machine. Medians and the spread (min-max) of the repetitions.
 *
 *   npm run build:test && node build/bench/wait-idle.js [counts=50,200] [repetitions=5] [windowS=20]
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { firstValueFrom, type Subscription } from 'rxjs';
import { busyboxRootfs, connect, startDaemon, type Client, type ClientOptions, type Daemon } from '../src/index.js';

const COUNTS = (process.argv[2] ?? '50,200').split(',').map(Number);
const REPS = Number(process.argv[3] ?? 5);
const WINDOW_S = Number(process.argv[4] ?? 20);
const BACKSTOP_MS = 10_000;
const SETTLE_MS = BACKSTOP_MS + 2_000;

type Strategy = 'floor' | 'sweep' | 'backstop' | 'rpc';
const strategies: readonly Strategy[] = ['floor', 'sweep', 'backstop', 'rpc'];
const options: Record<Strategy, ClientOptions> = {
  floor: {},
  sweep: { waitBackstopAfterMs: 0 },
  backstop: { waitBackstopAfterMs: BACKSTOP_MS },
  rpc: { waitStrategy: 'rpc' },
};

/** ns on CPU of every thread of a process; 0 when it is gone. */
function cpuNs(pid: number): number {
  try {
    return readdirSync(`/proc/${pid}/task`).reduce((sum, tid) => {
      try {
        return sum + Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
      } catch {
        return sum;
      }
    }, 0);
  } catch {
    return 0;
  }
}

/** The pids of the daemon's shims: their command line names the daemon's socket. */
function shimPids(address: string): number[] {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number).filter((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return cmd.includes('containerd-shim') && cmd.includes(address);
    } catch {
      return false;
    }
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function measure(daemon: Daemon, ns: string, ids: string[], shims: number[], strategy: Strategy): Promise<{ daemonMs: number; clientMs: number }> {
  const client: Client = connect({ address: daemon.address, namespace: ns, ...options[strategy] });
  const subs: Subscription[] = [client.events$.subscribe()];
  try {
    await firstValueFrom(client.hub.live$);
    if (strategy !== 'floor') {
      for (const id of ids) {
        const task = await (await client.loadContainer(id)).task({ stdio: 'ignore' });
        subs.push(task.wait$().subscribe());
      }
    }
    await sleep(SETTLE_MS);
    const side = () => cpuNs(daemon.pid) + shims.reduce((s, p) => s + cpuNs(p), 0);
    const d0 = side();
    const c0 = process.cpuUsage();
    await sleep(WINDOW_S * 1000);
    const c = process.cpuUsage(c0);
    return { daemonMs: (side() - d0) / 1e6, clientMs: (c.user + c.system) / 1000 };
  } finally {
    for (const s of subs) s.unsubscribe();
    client.close();
  }
}

const daemon = await startDaemon();
const rootfs = await busyboxRootfs();
try {
  console.log(`pending waits on idle tasks: ${REPS} repetitions, ${WINDOW_S} s windows after ${SETTLE_MS / 1000} s to settle; CPU in ms per window`);
  for (const count of COUNTS) {
    const ns = `idle-${count}`;
    const setup = connect({ address: daemon.address, namespace: ns });
    const ids = Array.from({ length: count }, (_, i) => `t${i}`);
    for (const id of ids) {
      const c = await setup.newContainer(id, { rootfs, args: ['/bin/sleep', '100000'] });
      await (await c.newTask({ stdio: 'ignore' })).start();
    }
    const shims = shimPids(daemon.address);
    const seen = new Map<Strategy, Array<{ daemonMs: number; clientMs: number }>>(strategies.map((s) => [s, []]));
    for (let rep = 0; rep < REPS; rep++) {
      const order = [...strategies].sort(() => Math.random() - 0.5);
      for (const s of order) seen.get(s)!.push(await measure(daemon, ns, ids, shims, s));
    }
    const floor = median(seen.get('floor')!.map((r) => r.daemonMs));
    console.log(`\nN = ${count} tasks (${shims.length} shims)`);
    for (const s of strategies) {
      const rs = seen.get(s)!;
      const d = rs.map((r) => r.daemonMs);
      const c = rs.map((r) => r.clientMs);
      const perWaitMin = s === 'floor' ? NaN : ((median(c) - median(seen.get('floor')!.map((r) => r.clientMs))) / count) * (60 / WINDOW_S);
      console.log(
        `${s.padEnd(9)} daemon+shims ${median(d).toFixed(0).padStart(6)} ms (${Math.min(...d).toFixed(0)}-${Math.max(...d).toFixed(0)}), ` +
        `${(median(d) / floor).toFixed(2)}x floor; client ${median(c).toFixed(0).padStart(5)} ms (${Math.min(...c).toFixed(0)}-${Math.max(...c).toFixed(0)})` +
        (Number.isNaN(perWaitMin) ? '' : `, ${perWaitMin.toFixed(3)} ms per pending wait per minute over the floor`),
      );
    }
    for (const id of ids) {
      const c = await setup.loadContainer(id);
      await (await c.task({ stdio: 'ignore' })).delete({ kill: true }).catch(() => undefined);
      await c.delete().catch(() => undefined);
    }
    setup.close();
  }
} finally {
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
