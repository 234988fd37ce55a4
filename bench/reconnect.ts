/**
 * A private containerd is killed with SIGKILL and restarted after an outage of 1, 3 and 10 s, repeatedly
 * (outage lengths interleaved). From the moment the restarted daemon answers a Version call on a new
 * connection (t0), it measures for an existing client:
 *   - live:  how long until `hub.state$` is 'live' again (no event published after that is missed);
 *   - call:  how long until a `newContainer` made at t0 succeeds, and how many attempts failed first;
 *   - seen:  whether the /containers/create of that container reached `events$`.
 *
 *   npm run build:test && node build/bench/reconnect.js [repetitions=5]
 */
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { filter, firstValueFrom, timeout } from 'rxjs';
import { busyboxRootfs, connect, startDaemon, UnavailableError } from '../src/index.js';

const REPS = Number(process.argv[2] ?? 5);
const OUTAGES_MS = [1_000, 3_000, 10_000];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const daemon = await startDaemon();
const rootfs = await busyboxRootfs();
const results = new Map<number, { live: number[]; call: number[]; refused: number[]; missed: number }>();
try {
  const client = connect({ address: daemon.address, namespace: 'bench-reconnect' });
  const created = new Set<string>();
  const events = client.events$.subscribe((e) => {
    if (e.topic === '/containers/create') created.add((e.event as { id: string }).id);
  });
  let round = 0;
  for (let rep = 0; rep < REPS; rep++) {
    for (const outage of OUTAGES_MS) {
      round++;
      await firstValueFrom(client.hub.live$.pipe(timeout(30_000)));
      await daemon.kill();
      await firstValueFrom(client.hub.state$.pipe(filter((s) => s === 'down'), timeout(30_000)));
      await sleep(outage);
      let liveAt = NaN;
      const watch = client.hub.state$.pipe(filter((s) => s === 'live')).subscribe(() => (liveAt = performance.now()));
      await daemon.restart(); // resolves once a Version call on a new connection is answered
      const t0 = performance.now();
      const id = `c${round}`;
      let refused = 0;
      for (;;) {
        try {
          await client.newContainer(id, { rootfs, args: ['/bin/true'] });
          break;
        } catch (error) {
          if (!(error instanceof UnavailableError)) throw error;
          refused++;
        }
      }
      const callMs = performance.now() - t0;
      await firstValueFrom(client.hub.live$.pipe(timeout(30_000)));
      watch.unsubscribe();
      await sleep(200);
      const r = results.get(outage) ?? { live: [], call: [], refused: [], missed: 0 };
      r.live.push(Math.max(0, liveAt - t0));
      r.call.push(callMs);
      r.refused.push(refused);
      if (!created.has(id)) r.missed++;
      results.set(outage, r);
      await (await client.loadContainer(id)).delete();
    }
  }
  events.unsubscribe();
  client.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  const span = (xs: number[]) => `${Math.round(Math.min(...xs))}-${Math.round(Math.max(...xs))}`;
  console.log(`daemon SIGKILLed and restarted, ${REPS} repetitions per outage; times from the daemon answering again`);
  for (const [outage, r] of results) {
    console.log(`outage ${String(outage / 1000).padStart(2)} s: live again median ${Math.round(median(r.live))} ms (${span(r.live)}); ` +
      `newContainer ok after median ${Math.round(median(r.call))} ms (${span(r.call)}), refused ${r.refused.join(',')} times; ` +
      `its create event missed ${r.missed}/${r.live.length}`);
  }
} finally {
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
