/**
 * Exits at scale on one private containerd: how late each exit reaches its waiter, where the time goes, and how
 * many waits are lost, for each wait strategy, interleaved over repetitions (a new random order each time).
 * Scenarios: N processes SIGKILLed at once (a burst), and N processes exiting spread over 2 s. Strategies:
 *   - events:      the shared stream, defaults (young waits swept, old ones backed by Tasks.Wait);
 *   - events-old:  the same, the kill coming after the waits are past the backstop age (12 s): stream + Tasks.Wait;
 *   - sweep:       the shared stream, no backstop (waitBackstopAfterMs: 0);
 *   - rpc:         one Tasks.Wait per wait;
 *   - events-4m:   the shared stream with an HTTP/2 receive window (the connection's and each stream's) of 4 MiB
 *                  instead of Node's 64 KiB;
 *   - nosweep:     the shared stream with the sweep off (sweepIntervalMs: 0): what the sweep's calls cost a burst;
 *   - events-split: the defaults, the kills sent by another client (a connection of its own): what the calls
 *                  sharing the stream's connection cost it.
 * Besides the latencies: how long our event loop was held up at most, and our CPU time over the wall time while
 * the exits came (a loop held up with little CPU used is a starved process, not a busy one).
 * With `churn`, another client opens and closes Subscribes as fast as it can meanwhile (the daemon then skips
 * events: the lost column must stay 0). For the stream strategies, each exit's latency is split by the clocks
 * it carries: the shim to the daemon's publish (envelope timestamp - exitedAt), the daemon to our decoded
 * envelope (seen on events$), and our dispatch and wait operators (the wait's answer - the envelope).
 * Witnesses run beside each run, each a process of its own subscribed to the same namespace: containerd's Go client
 * (bench/go-events, where Go and the Go client are installed) and this library's client doing nothing else
 * (bench/node-events). The Go one shows what the daemon's publish path costs apart from our client; the Node one
 * tells the Node runtime from the bench process's own load. For us and the Node witness, the run-queue delay of
 * the main thread while the exits came (/proc/PID/schedstat: time runnable but not running) says how much of a
 * held-up loop is the CPU scheduler's doing (WITNESS=0 leaves the witnesses out).
 *
 *   npm run build:test && node build/bench/wait-at-scale.js [burst|spread] [count=200] [repetitions=5] [churn]
 *   STRATEGIES=events,rpc node build/bench/wait-at-scale.js ...    (a subset; default all four)
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { firstValueFrom, type Subscription, timeout } from 'rxjs';
import { busyboxRootfs, connect, startDaemon, type Client, type ClientOptions, type Task } from '../src/index.js';
import { Tasks as TasksService } from '../src/proto/services.js';
import { goBinary, hasGo } from './go-binary.js';

const SCENARIO = (process.argv[2] ?? 'burst') as 'burst' | 'spread';
const COUNT = Number(process.argv[3] ?? 200);
const REPS = Number(process.argv[4] ?? 5);
const CHURN = process.argv[5] === 'churn';

type Strategy = 'events' | 'events-old' | 'sweep' | 'rpc' | 'events-4m' | 'nosweep' | 'events-split';
const strategies = (process.env.STRATEGIES?.split(',') ?? ['events', 'events-old', 'sweep', 'rpc']) as readonly Strategy[];
const options: Record<Strategy, ClientOptions> = {
  events: {},
  'events-old': {},
  sweep: { waitBackstopAfterMs: 0 },
  rpc: { waitStrategy: 'rpc' },
  // the HTTP/2 receive window of the connection and of each stream (the one event stream carries every exit)
  'events-4m': { channelOptions: { 'grpc-node.flow_control_window': 4 * 1024 * 1024 } },
  nosweep: { sweepIntervalMs: 0 },
  'events-split': {},
};

/** The witnesses: a name and the command that watches a namespace on a socket. */
const WITNESSES: ReadonlyArray<{ name: string; command: (address: string, ns: string) => [string, string[]] }> = process.env.WITNESS === '0' ? [] : [
  ...(hasGo() ? [{ name: 'Go', command: (a: string, ns: string): [string, string[]] => [goBinary('go-events'), ['-address', a, '-namespace', ns]] }] : []),
  { name: 'Node', command: (a: string, ns: string): [string, string[]] => [process.execPath, [join(import.meta.dirname, 'node-events.js'), a, ns]] },
];

/** A thread's time runnable but not running so far, in ms (the second field of /proc/PID/schedstat, ns). */
const runDelayMs = (pid: number | 'self'): number => {
  try {
    return Number(readFileSync(`/proc/${pid}/schedstat`, 'utf8').split(' ')[1]) / 1e6;
  } catch {
    return NaN;
  }
};

const q = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;
const median = (xs: number[]) => q(xs, 0.5);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** `work` on each item, 8 at a time: the daemon's shims and runc bound the setup, not the client (500 starts at once pass the calls' 30 s deadline). */
async function pool<T>(items: readonly T[], work: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: 8 }, async () => {
    while (next < items.length) await work(items[next++]!);
  }));
}

/** One exit's latency, split by its clocks (the stream strategies; NaN where the stream never showed the exit). */
interface Exit { total: number; shimToDaemon: number; daemonToUs: number; ours: number }
/** What a witness saw of one run: its p50 and p99 exit-to-arrival, the exits it never saw, its main thread's run-queue delay (ms). */
interface Witnessed { p50: number; p99: number; missed: number; runDelayMs: number }
/**
 * One run: the p50 and the p99 exit (by total latency), the lost waits, our event loop, CPU and run-queue delay
 * while the exits came, and each witness's view.
 */
interface Run {
  at50: Exit; at99: Exit; lost: number; loopDelayMaxMs: number; cpuMs: number; wallMs: number; runDelayMs: number;
  witnesses: Witnessed[];
}

/** A started witness: `mark()` when the exits begin; `stop()` waits (at most 30 s) for them all, ends it and tells what it saw. */
interface Witness { mark(): void; stop(): Promise<Witnessed> }

/** Starts a witness on `namespace`; resolves once it has subscribed. */
function witness(command: [string, string[]], count: number): Promise<Witness> {
  const child = spawn(command[0], command[1], { stdio: ['ignore', 'pipe', 'inherit'] });
  const closed = new Promise((r) => child.once('close', r));
  const kill = (): void => void child.kill();
  process.once('exit', kill); // a run that throws leaves no witness behind
  const latencies: number[] = [];
  const seen = new Set<string>();
  let all: () => void = () => undefined;
  const allSeen = new Promise<void>((r) => (all = r));
  let delay0 = NaN;
  const stop = async (): Promise<Witnessed> => {
    await Promise.race([allSeen, sleep(30_000)]);
    const runDelay = runDelayMs(child.pid!) - delay0;
    child.kill();
    await closed;
    process.off('exit', kill);
    return { p50: q(latencies, 0.5), p99: q(latencies, 0.99), missed: count - latencies.length, runDelayMs: runDelay };
  };
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the witness ${command[0]} exited ${code} before it subscribed`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line === 'ready') return resolve({ mark: () => void (delay0 = runDelayMs(child.pid!)), stop });
      // the first arrival of each exit: under load a shim whose publish timed out publishes it again
      const e = JSON.parse(line) as { id: string; exitedAt: number; arrived: number };
      if (seen.has(e.id)) return;
      seen.add(e.id);
      if (latencies.push(e.arrived - e.exitedAt) === count) all();
    });
  });
}

function churn(address: string, namespace: string): () => void {
  const other = connect({ address, namespace, streamLingerMs: 0 });
  let running = true;
  const loop = (): void => {
    if (!running) return;
    const sub = other.events$.subscribe();
    setImmediate(() => {
      sub.unsubscribe();
      setImmediate(loop);
    });
  };
  loop();
  return () => {
    running = false;
    other.close();
  };
}

async function run(address: string, rootfs: string, strategy: Strategy, rep: number): Promise<Run> {
  const ns = `scale-${strategy}-${rep}-${process.pid}`; // runc keeps its state per namespace outside the daemon: never reuse one
  const line = mkdtempSync(join(tmpdir(), 'rxc-line-'));
  execFileSync('mkfifo', [join(line, 'go')]);
  const client: Client = connect({ address, namespace: ns, ...options[strategy] });
  const seen = new Map<string, { published: number; decoded: number }>();
  const subs: Subscription[] = [client.events$.subscribe((e) => {
    if (e.event.type === 'TaskExit' && !seen.has(e.event.containerId)) seen.set(e.event.containerId, { published: e.timestamp.getTime(), decoded: Date.now() });
  })];
  try {
    const tasks: Task[] = new Array(COUNT);
    await pool([...tasks.keys()], async (i) => {
      // spread: each process blocks opening a FIFO of the bench's, then sleeps its own share of 2 s
      const args = SCENARIO === 'burst' ? ['/bin/sleep', '600'] : ['/bin/sh', '-c', `read x < /line/go; sleep ${((2 * i) / COUNT).toFixed(3)}`];
      const c = await client.newContainer(`w${i}`, { rootfs, args, ...(SCENARIO === 'spread' ? { mounts: [{ type: 'bind', source: line, target: '/line' }] } : {}) });
      tasks[i] = await c.newTask({ stdio: 'ignore' });
    });
    await pool(tasks, (t) => t.start());
    await firstValueFrom(client.hub.live$);
    const watching: Witness[] = [];
    for (const w of WITNESSES) watching.push(await witness(w.command(address, ns), COUNT));
    const exits: Exit[] = [];
    let lost = 0;
    const waits = tasks.map(async (t) => {
      try {
        const { exitedAt } = await firstValueFrom(t.wait$().pipe(timeout(60_000)));
        const now = Date.now();
        const s = seen.get(t.containerId);
        exits.push({
          total: now - exitedAt.getTime(),
          shimToDaemon: s ? s.published - exitedAt.getTime() : NaN,
          daemonToUs: s ? s.decoded - s.published : NaN,
          ours: s ? now - s.decoded : NaN,
        });
      } catch {
        lost++;
      }
    });
    await sleep(strategy === 'events-old' ? 12_000 : 1_000);
    const stopChurn = CHURN ? churn(address, ns) : () => undefined;
    // how long this process's event loop was held up while the exits came: our share of a late decode
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    loopDelay.enable();
    const cpu0 = process.cpuUsage();
    const wall0 = Date.now();
    const delay0 = runDelayMs('self');
    for (const w of watching) w.mark();
    // a kill past its deadline on the saturated machine is sent again (the process may be dead already: then NotFound)
    const again = (kill: () => Promise<unknown>) => kill().catch(() => (killsAgain++, kill().catch(() => undefined)));
    let killsAgain = 0;
    if (SCENARIO === 'burst' && strategy === 'events-split') {
      const killer = connect({ address, namespace: ns });
      await Promise.all(tasks.map((t) => again(() => firstValueFrom(killer.conn.call$(TasksService.kill, { containerId: t.containerId, execId: '', signal: 9, all: false })))));
      killer.close();
    } else if (SCENARIO === 'burst') await Promise.all(tasks.map((t) => again(() => t.kill('SIGKILL'))));
    else closeSync(openSync(join(line, 'go'), 'w')); // every reader blocked on the FIFO gets its EOF now
    await Promise.all(waits);
    loopDelay.disable();
    const cpu = process.cpuUsage(cpu0);
    const wallMs = Date.now() - wall0;
    const runDelay = runDelayMs('self') - delay0;
    const witnessed = await Promise.all(watching.map((w) => w.stop()));
    stopChurn();
    await pool(tasks, (t) => t.delete({ kill: true }).catch(() => undefined));
    await pool(await client.containers(), (c) => c.delete().catch(() => undefined));
    const byTotal = [...exits].sort((a, b) => a.total - b.total);
    const at = (p: number): Exit => byTotal[Math.min(byTotal.length - 1, Math.floor(byTotal.length * p))]!;
    if (killsAgain) console.error(`${strategy} ${rep}: ${killsAgain} kills failed (past their deadline) and were sent again`);
    return { at50: at(0.5), at99: at(0.99), lost, loopDelayMaxMs: loopDelay.max / 1e6, cpuMs: (cpu.user + cpu.system) / 1000, wallMs, runDelayMs: runDelay, witnesses: witnessed };
  } finally {
    for (const s of subs) s.unsubscribe();
    client.close();
    rmSync(line, { recursive: true, force: true });
  }
}

const daemon = await startDaemon();
const rootfs = await busyboxRootfs();
try {
  const results = new Map<Strategy, Run[]>(strategies.map((s) => [s, []]));
  for (let rep = 0; rep < REPS; rep++) {
    for (const s of [...strategies].sort(() => Math.random() - 0.5)) results.get(s)!.push(await run(daemon.address, rootfs, s, rep));
  }
  console.log(`${SCENARIO === 'burst' ? `${COUNT} processes SIGKILLed at once` : `${COUNT} exits spread over 2 s`}${CHURN ? ', another client churning Subscribes' : ''}; ${REPS} interleaved repetitions; medians of the repetitions (min-max)`);
  const f = (xs: number[]) => `${median(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)})`;
  for (const s of strategies) {
    const rs = results.get(s)!;
    // NaN: the wait was answered (by its Tasks.Wait) before the stream showed the exit
    const split = (which: 'at50' | 'at99') => `shim->daemon ${f(rs.map((r) => r[which].shimToDaemon))}, daemon->decoded ${f(rs.map((r) => r[which].daemonToUs))}, dispatch+wait ${f(rs.map((r) => r[which].ours))} ms`;
    const stream = s !== 'rpc' ? `\n           the p50 exit: ${split('at50')}\n           the p99 exit: ${split('at99')}` : '';
    const seen = WITNESSES.map((w, i) => `\n           the ${w.name} witness, same run: exit->arrival p50 ${f(rs.map((r) => r.witnesses[i]!.p50))} ms, p99 ${f(rs.map((r) => r.witnesses[i]!.p99))} ms, missed ${rs.reduce((n, r) => n + r.witnesses[i]!.missed, 0)}, run-queue delay ${f(rs.map((r) => r.witnesses[i]!.runDelayMs))} ms`).join('');
    console.log(`${s.padEnd(10)} exit->waiter p50 ${f(rs.map((r) => r.at50.total))} ms, p99 ${f(rs.map((r) => r.at99.total))} ms, lost ${rs.reduce((n, r) => n + r.lost, 0)}, our event loop held up at most ${f(rs.map((r) => r.loopDelayMaxMs))} ms, our CPU ${f(rs.map((r) => r.cpuMs))} ms and run-queue delay ${f(rs.map((r) => r.runDelayMs))} ms in ${f(rs.map((r) => r.wallMs))} ms${stream}${seen}`);
  }
} finally {
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
