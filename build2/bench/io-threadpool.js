/**
 * Does reading many FIFOs stall unrelated fs calls? N FIFOs, each with a writer process that opens it late and
 * writes in bursts (as a process behind containerd's shim would), read two ways in turn while a loop of fs.stat
 * in the same process records how long each call takes. Two patterns: chatty writers (a burst every 0.1 s) and
 * quiet ones (a burst every 1 s, like most long-running services):
 *   - ours: openFifoReader (open O_NONBLOCK + net.Socket: epoll, no threadpool);
 *   - baseline: fs.createReadStream (open and every read wait in one of libuv's 4 threadpool threads).
 *
 *   npx tsc -p tsconfig.json && node build/bench/io-threadpool.js [fifos=200]
 */
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { lastValueFrom, reduce } from 'rxjs';
import { mkfifo } from '../src/process/io/fifo.js';
import { openFifoReader } from '../src/process/io/reader.js';
const FIFOS = Number(process.argv[2] ?? 200);
const BURST_BYTES = 16 * 1024;
const PATTERNS = [
    { name: 'chatty', bursts: 4, gapSeconds: 0.1 },
    { name: 'quiet', bursts: 3, gapSeconds: 1 },
];
/** Every writer waits 0.3 s, opens its FIFO, then writes its bursts (printf is a shell builtin: no fork). */
function writers(pattern) {
    return `
burst=$(head -c ${BURST_BYTES} /dev/zero | tr '\\0' x)
for f in "$@"; do
  ( sleep 0.3; exec 3>"$f"; i=0
    while [ $i -lt ${pattern.bursts} ]; do printf %s "$burst" >&3; sleep ${pattern.gapSeconds}; i=$((i + 1)); done ) &
done
wait`;
}
const ours = (paths) => Promise.all(paths.map((p) => lastValueFrom(openFifoReader(p).chunks$.pipe(reduce((n, chunk) => n + chunk.length, 0)))));
const baseline = (paths) => Promise.all(paths.map((p) => new Promise((resolve, reject) => {
    let n = 0;
    createReadStream(p)
        .on('data', (chunk) => (n += chunk.length))
        .on('end', () => resolve(n))
        .on('error', reject);
})));
async function run(pattern, name, readAll) {
    const dir = await mkdtemp(join(tmpdir(), 'rx-containerd-bench-'));
    const paths = Array.from({ length: FIFOS }, (_, i) => join(dir, `f${i}`));
    await mkfifo(...paths);
    const probe = join(dir, 'f0');
    const durations = [];
    let running = true;
    const statLoop = (async () => {
        while (running) {
            const t = performance.now();
            await stat(probe);
            durations.push(performance.now() - t);
        }
    })();
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const started = performance.now();
    const sizes = readAll(paths);
    const writer = spawn('sh', ['-c', writers(pattern), 'sh', ...paths], { stdio: 'ignore' });
    const received = await sizes;
    const totalMs = performance.now() - started;
    await new Promise((resolve) => (writer.exitCode !== null ? resolve(null) : writer.once('exit', resolve)));
    running = false;
    await statLoop;
    loopDelay.disable();
    await rm(dir, { recursive: true, force: true });
    const sorted = [...durations].sort((a, b) => a - b);
    return {
        pattern: `${pattern.name} (${pattern.bursts} x ${BURST_BYTES / 1024} KiB, ${pattern.gapSeconds} s apart)`,
        name,
        maxStatMs: sorted[sorted.length - 1] ?? 0,
        p99StatMs: sorted[Math.floor(sorted.length * 0.99)] ?? 0,
        stats: sorted.length,
        maxLoopDelayMs: loopDelay.max / 1e6,
        totalMs,
        complete: received.every((n) => n === pattern.bursts * BURST_BYTES),
    };
}
const results = [];
for (const pattern of PATTERNS) {
    results.push(await run(pattern, 'openFifoReader (epoll)', ours));
    results.push(await run(pattern, 'fs.createReadStream (threadpool)', baseline));
}
console.log(`${FIFOS} FIFOs, each with a writer process that opens it after 0.3 s, then writes bursts; ` +
    `UV_THREADPOOL_SIZE=${process.env.UV_THREADPOOL_SIZE ?? '4 (default)'}; node ${process.version}`);
console.table(results.map((r) => ({
    writers: r.pattern,
    reader: r.name,
    'max fs.stat stall (ms)': r.maxStatMs.toFixed(1),
    'p99 fs.stat (ms)': r.p99StatMs.toFixed(2),
    'fs.stat calls': r.stats,
    'max event-loop delay (ms)': r.maxLoopDelayMs.toFixed(1),
    'all read (ms)': r.totalMs.toFixed(0),
    'all bytes': r.complete ? 'yes' : 'NO',
})));
//# sourceMappingURL=io-threadpool.js.map