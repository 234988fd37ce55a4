/**
 * What the shim's logger (rxc-logger, a container's `log` option) costs per container, on a private containerd:
 *
 * - memory: the logger's RSS and PSS (/proc/PID/smaps_rollup: PSS shares the binary's and libc's pages among
 *   the processes that map them) while idle, with `COUNT` logging containers running at once;
 * - CPU per MB: the logger's user + system time (/proc/PID/stat, in clock ticks) for `MB` megabytes of 100-byte
 *   lines, divided by the megabytes, over `REPS` repetitions (median), the lines all in the log before it is read.
 *
 * Idle and busy phases are interleaved repetition by repetition, and the medians printed, since the machine is
 * shared and single runs swing.
 *
 *   npm run build:test && node build/bench/logger-cost.js [reps=5] [mb=20] [count=10]
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { busyboxRootfs, connect, startDaemon, type Container } from '../src/index.js';

const REPS = Number(process.argv[2] ?? 5);
const MB = Number(process.argv[3] ?? 20);
const COUNT = Number(process.argv[4] ?? 10);
const TICK_MS = 10; // CLK_TCK = 100 on Linux

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

function kb(pid: number, file: string, key: string): number {
  const m = new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/${file}`, 'utf8'));
  return Number(m?.[1] ?? NaN);
}

function cpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
}

async function loggerPid(dir: string): Promise<number> {
  for (let i = 0; i < 400; i++) {
    try {
      return Number(readFileSync(join(dir, 'logger.pid'), 'utf8'));
    } catch {
      await sleep(25);
    }
  }
  throw new Error(`no logger.pid in ${dir}`);
}

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'logger-cost' });
const rootfs = await busyboxRootfs();
const base = mkdtempSync(join(tmpdir(), 'rxc-logger-cost-'));
const lines = Math.round((MB * 1_000_000) / 100);
const awk = `awk 'BEGIN { pad = sprintf("%91s", ""); gsub(/ /, "x", pad); for (i = 1; i <= ${lines}; i++) printf "%08d %s\\n", i, pad }'`;

const idle = { rss: [] as number[], pss: [] as number[] };
const busy = { cpuPerMb: [] as number[], rssAfter: [] as number[], seconds: [] as number[] };
let n = 0;
try {
  for (let rep = 0; rep < REPS; rep++) {
    // idle: COUNT containers logging nothing yet, each with its logger
    const containers: Container[] = [];
    for (let i = 0; i < COUNT; i++) {
      const id = `idle${n++}`;
      const c = await client.newContainer(id, { rootfs, args: ['/bin/sleep', '600'], log: { dir: join(base, id) } });
      containers.push(c);
      await (await c.newTask()).start();
    }
    await sleep(300);
    const pids = await Promise.all(containers.map((c) => loggerPid(c.log!.dir)));
    idle.rss.push(median(pids.map((p) => kb(p, 'status', 'VmRSS'))));
    idle.pss.push(median(pids.map((p) => kb(p, 'smaps_rollup', 'Pss'))));
    for (const c of containers) await c[Symbol.asyncDispose]();

    // busy: MB megabytes through one logger
    const id = `busy${n++}`;
    const c = await client.newContainer(id, { rootfs, args: ['/bin/sh', '-c', `${awk}; sleep 600`], log: { dir: join(base, id), maxBytes: 8 << 20, keep: 10 } });
    const task = await c.newTask();
    const t0 = performance.now();
    await task.start();
    const pid = await loggerPid(c.log!.dir);
    // done when the last line is in the current file
    for (;;) {
      const size = statSync(join(c.log!.dir, 'output.log')).size;
      const tail = size > 200 ? readFileSync(join(c.log!.dir, 'output.log')).subarray(size - 200).toString() : '';
      if (tail.includes(`F ${String(lines).padStart(8, '0')} `)) break;
      await sleep(50);
    }
    busy.seconds.push((performance.now() - t0) / 1000);
    busy.cpuPerMb.push(cpuMs(pid) / MB);
    busy.rssAfter.push(kb(pid, 'status', 'VmRSS'));
    await c[Symbol.asyncDispose]();
    const got = (await firstValueFrom(client.containers$())).length;
    if (got !== 0) throw new Error(`${got} containers left`);
  }
  console.log(JSON.stringify({ reps: REPS, mb: MB, containers: COUNT, idle: { ...idle, rssMedianKb: median(idle.rss), pssMedianKb: median(idle.pss) }, busy: { ...busy, cpuMsPerMbMedian: median(busy.cpuPerMb), rssAfterMedianKb: median(busy.rssAfter), secondsMedian: median(busy.seconds) } }, null, 1));
} finally {
  client.close();
  await daemon.stop();
  rmSync(base, { recursive: true, force: true });
}
