/**
 * 200 containers with piped stdio at once, on a private containerd, while a loop of fs.stat in the same
 * process records how long each call waits. Reading FIFOs through epoll (never the libuv threadpool) should
 * leave fs calls unaffected; the event loop's own delay is printed beside it, since CPU load (200 shims on 2
 * cores) delays everything equally. Also a baseline: the same stat loop with no containers running.
 *
 *   npm run build:test && node build/bench/io-processes.js [count=200]
 */
import { rmSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { firstValueFrom, lastValueFrom, reduce } from 'rxjs';
import { busyboxRootfs, connect, startDaemon } from '../src/index.js';
const COUNT = Number(process.argv[2] ?? 200);
async function statLoop(until) {
    const waits = [];
    let done = false;
    void until.finally(() => (done = true));
    while (!done) {
        const t0 = performance.now();
        await stat('/etc/hostname');
        waits.push(performance.now() - t0);
        await new Promise((r) => setTimeout(r, 1));
    }
    waits.sort((a, b) => a - b);
    return { max: waits[waits.length - 1] ?? 0, p99: waits[Math.floor(waits.length * 0.99)] ?? 0, calls: waits.length };
}
async function phase(client, rootfs, name, stdio) {
    const loopDelay = monitorEventLoopDelay({ resolution: 5 });
    loopDelay.enable();
    const t0 = performance.now();
    let bytes = 0;
    const run = Promise.all(Array.from({ length: COUNT }, async (_, i) => {
        const c = await client.newContainer(`${name}${i}`, { rootfs, args: ['/bin/sh', '-c', 'for i in 1 2 3 4 5; do seq 1 3000; sleep 0.2; done'] });
        const task = await c.newTask({ stdio });
        const out = lastValueFrom(task.io.stdout$.pipe(reduce((n, b) => n + b.length, 0)), { defaultValue: 0 });
        const err = lastValueFrom(task.io.stderr$.pipe(reduce((n, b) => n + b.length, 0)), { defaultValue: 0 });
        const exit = firstValueFrom(task.wait$());
        await task.start();
        if ((await exit).code !== 0)
            throw new Error(`${name}${i} failed`);
        await task.delete();
        bytes += (await out) + (await err);
        await c.delete();
    }));
    const stat = await statLoop(run);
    await run;
    loopDelay.disable();
    return { seconds: (performance.now() - t0) / 1000, bytes, stat, loopMax: loopDelay.max / 1e6, loopP99: loopDelay.percentile(99) / 1e6 };
}
const daemon = await startDaemon();
const rootfs = await busyboxRootfs();
const client = connect({ address: daemon.address, namespace: 'bench' });
try {
    const idle = await statLoop(new Promise((r) => setTimeout(r, 2_000)));
    console.log(`fs.stat wait with nothing running: max ${idle.max.toFixed(1)} ms, p99 ${idle.p99.toFixed(2)} ms over ${idle.calls} calls`);
    for (const [name, stdio] of [['ignore', 'ignore'], ['pipe', 'pipe']]) {
        const p = await phase(client, rootfs, name, stdio);
        console.log(`${COUNT} containers, stdio '${stdio}': ${p.seconds.toFixed(1)} s, ${(p.bytes / 1e6).toFixed(1)} MB read; ` +
            `fs.stat wait max ${p.stat.max.toFixed(0)} ms, p99 ${p.stat.p99.toFixed(1)} ms (${p.stat.calls} calls); ` +
            `event-loop delay max ${p.loopMax.toFixed(0)} ms, p99 ${p.loopP99.toFixed(0)} ms`);
    }
    console.log(`(expected ${((COUNT * 5 * 13893) / 1e6).toFixed(1)} MB with 'pipe'; the 'ignore' run is the same CPU load without FIFOs)`);
}
finally {
    client.close();
    await daemon.stop();
    rmSync(rootfs, { recursive: true, force: true });
}
//# sourceMappingURL=io-processes.js.map