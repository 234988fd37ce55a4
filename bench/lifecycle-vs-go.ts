/**
 * The single lifecycle against containerd's own Go client, on one private containerd: create a container on a
 * rootfs folder (default seccomp profile on both sides), a new task with no IO, a wait before start, start, exit
 * 7, delete both. Blocks of 10 sequential lifecycles, the Go client's and ours interleaved (a new random order
 * each repetition), medians of each side's lifecycles and their ratio; then throughput with 20 lifecycles at a
 * time, interleaved the same way. The Go side is bench/go-lifecycle (built here with Debian's golang-go and
 * golang-github-containerd-containerd-dev, GOPATH mode); our side runs in this process with one client for the
 * whole run, as an application would. Each side's steps are timed too (medians per step), with the client's own
 * CPU time (user + system) per lifecycle, so that what is the daemon's and what is the client's can be told apart.
 *
 *   npm run build:test && node build/bench/lifecycle-vs-go.js [repetitions=10] [throughputCount=100]
 */
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { firstValueFrom } from 'rxjs';
import { busyboxRootfs, connect, startDaemon, type Client } from '../src/index.js';
import { goBinary } from './go-binary.js';

const REPS = Number(process.argv[2] ?? 10);
const THROUGHPUT = Number(process.argv[3] ?? 100);
const BLOCK = 10;
const CONCURRENCY = 20;
const binary = goBinary('go-lifecycle');

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))] ?? NaN;

type Steps = Record<string, number[]>;

/** One lifecycle; with `steps`, each step's milliseconds are added to it under the names the Go side uses. */
async function ours(client: Client, rootfs: string, id: string, steps?: Steps): Promise<void> {
  let t = performance.now();
  const lap = (name: string): void => {
    const now = performance.now();
    if (steps) (steps[name] ??= []).push(now - t);
    t = now;
  };
  const container = await client.newContainer(id, { rootfs, args: ['/bin/sh', '-c', 'exit 7'] });
  lap('newContainer');
  const task = await container.newTask({ stdio: 'ignore' });
  lap('newTask');
  const exit = firstValueFrom(task.wait$());
  await task.start();
  lap('wait+start');
  const { code } = await exit;
  lap('exit');
  if (code !== 7) throw new Error(`${id} exited ${code}, not 7`);
  await task.delete();
  lap('deleteTask');
  await container.delete();
  lap('deleteContainer');
}

function go(address: string, rootfs: string, prefix: string, count: number, concurrency: number): { ms?: number[]; wallMs?: number; steps?: Steps; cpuMs?: number } {
  const out = execFileSync(binary, ['-address', address, '-namespace', 'bench', '-rootfs', rootfs, '-count', String(count), '-concurrency', String(concurrency), '-prefix', prefix], { encoding: 'utf8' });
  return JSON.parse(out) as { ms?: number[]; wallMs?: number; steps?: Steps; cpuMs?: number };
}

async function oursAtATime(client: Client, rootfs: string, prefix: string, count: number, concurrency: number): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < count) await ours(client, rootfs, `${prefix}-${next++}`);
  }));
  return performance.now() - t0;
}

const daemon = await startDaemon();
const rootfs = await busyboxRootfs();
const client = connect({ address: daemon.address, namespace: 'bench' });
try {
  await client.version();
  const sides = { go: [] as number[], ours: [] as number[] };
  const steps = { go: {} as Steps, ours: {} as Steps };
  const cpuPerLifecycle = { go: [] as number[], ours: [] as number[] };
  const walls = { go: [] as number[], ours: [] as number[] };
  let n = 0;
  // one unmeasured block each: page caches, the shim binary, the Go binary
  go(daemon.address, rootfs, `warm-go`, 3, 1);
  for (let i = 0; i < 3; i++) await ours(client, rootfs, `warm-ours-${i}`);
  for (let rep = 0; rep < REPS; rep++) {
    for (const side of Math.random() < 0.5 ? ['go', 'ours'] as const : ['ours', 'go'] as const) {
      const prefix = `${side}-${n++}`;
      if (side === 'go') {
        const out = go(daemon.address, rootfs, prefix, BLOCK, 1);
        sides.go.push(...(out.ms ?? []));
        for (const [name, ms] of Object.entries(out.steps ?? {})) (steps.go[name] ??= []).push(...ms);
        cpuPerLifecycle.go.push((out.cpuMs ?? NaN) / BLOCK);
      } else {
        const cpu0 = process.cpuUsage();
        for (let i = 0; i < BLOCK; i++) {
          const t0 = performance.now();
          await ours(client, rootfs, `${prefix}-${i}`, steps.ours);
          sides.ours.push(performance.now() - t0);
        }
        const cpu = process.cpuUsage(cpu0);
        cpuPerLifecycle.ours.push((cpu.user + cpu.system) / 1000 / BLOCK);
      }
    }
  }
  for (let rep = 0; rep < Math.max(3, Math.floor(REPS / 2)); rep++) {
    for (const side of Math.random() < 0.5 ? ['go', 'ours'] as const : ['ours', 'go'] as const) {
      const prefix = `${side}-t${n++}`;
      if (side === 'go') walls.go.push(go(daemon.address, rootfs, prefix, THROUGHPUT, CONCURRENCY).wallMs ?? NaN);
      else walls.ours.push(await oursAtATime(client, rootfs, prefix, THROUGHPUT, CONCURRENCY));
    }
  }
  const line = (name: string, xs: number[]) => `${name.padEnd(10)} median ${median(xs).toFixed(2)} ms, p10 ${pct(xs, 0.1).toFixed(2)}, p90 ${pct(xs, 0.9).toFixed(2)} (${xs.length} lifecycles)`;
  console.log(`single lifecycle, ${REPS} interleaved blocks of ${BLOCK} per side`);
  console.log(line('Go client', sides.go));
  console.log(line('ours', sides.ours));
  console.log(`ratio ours/Go (medians): ${(median(sides.ours) / median(sides.go)).toFixed(3)}`);
  console.log('step medians, ms:      Go client   ours');
  for (const name of Object.keys(steps.go)) {
    console.log(`  ${name.padEnd(18)} ${median(steps.go[name]!).toFixed(2).padStart(9)} ${median(steps.ours[name] ?? []).toFixed(2).padStart(7)}`);
  }
  console.log(`client CPU per lifecycle (user + system, median of the blocks): Go ${median(cpuPerLifecycle.go).toFixed(2)} ms, ours ${median(cpuPerLifecycle.ours).toFixed(2)} ms`);
  // the daemon's, the shim's and runc's share: what a client of no CPU at all making the Go client's calls would still wait
  const floor = median(sides.go) - median(cpuPerLifecycle.go);
  console.log(`the Go client's median less its CPU: ${floor.toFixed(1)} ms, ${(floor / median(sides.go)).toFixed(3)}x its median (a bound on any client making its calls)`);
  const rate = (xs: number[]) => xs.map((w) => (THROUGHPUT * 1000) / w);
  console.log(`throughput, ${THROUGHPUT} lifecycles ${CONCURRENCY} at a time, ${walls.go.length} interleaved runs per side`);
  console.log(`Go client  median ${median(rate(walls.go)).toFixed(1)} lifecycles/s (${rate(walls.go).map((r) => r.toFixed(1)).join(', ')})`);
  console.log(`ours       median ${median(rate(walls.ours)).toFixed(1)} lifecycles/s (${rate(walls.ours).map((r) => r.toFixed(1)).join(', ')})`);
  console.log(`ratio ours/Go (throughput medians): ${(median(rate(walls.ours)) / median(rate(walls.go))).toFixed(3)}`);
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
