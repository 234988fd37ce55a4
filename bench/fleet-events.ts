/**
 * The per-event cost of a fleet against one client. Three private daemons; a child process publishes events
 * (so that publishing costs this process nothing). Two arms, interleaved in each repetition:
 *   - one client:  `client.events$` of one daemon receives EVENTS events;
 *   - a fleet:     `fleet.events$` of three nodes receives EVENTS events, a third from each daemon.
 * It measures this process's CPU time (user + system, process.cpuUsage) from the publisher's start to the last
 * event received, per event, and reports medians and the median of the per-repetition ratios fleet / client.
 *
 *   npm run build:test && node build/bench/fleet-events.js [repetitions=7] [events=3000]
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import { connect, connectFleet, type Envelope } from '../src/index.js';
import { startDaemon } from '../src/testing/index.js';

const REPS = Number(process.argv[2] ?? 7);
const EVENTS = Number(process.argv[3] ?? 3000);
const NS = 'bench-fleet';
const publisher = fileURLToPath(new URL('./fleet-publisher.js', import.meta.url));

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Publishes `perDaemon` events on each address from a child process. */
function publish(perDaemon: number, addresses: readonly string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [publisher, NS, String(perDaemon), ...addresses], { stdio: ['ignore', 'inherit', 'inherit'] });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`publisher exited ${code}`))));
  });
}

/** CPU µs of this process per event while `events$` receives `total` events published on `addresses`. */
async function measure(events$: Observable<Envelope>, total: number, addresses: readonly string[]): Promise<number> {
  let seen = 0;
  let done!: () => void;
  const all = new Promise<void>((r) => (done = r));
  const sub = events$.pipe(filter((e) => e.topic === '/bench/tick')).subscribe(() => {
    if (++seen === total) done();
  });
  const t0 = process.cpuUsage();
  await Promise.all([publish(total / addresses.length, addresses), all]);
  const cpu = process.cpuUsage(t0);
  sub.unsubscribe();
  return (cpu.user + cpu.system) / total;
}

const daemons = await Promise.all([startDaemon(), startDaemon(), startDaemon()]);
const addresses = daemons.map((d) => d.address);
const client = connect({ address: addresses[0]!, namespace: NS });
const fleet = connectFleet({ nodes: { a: addresses[0]!, b: addresses[1]!, c: addresses[2]! }, defaults: { namespace: NS } });
const one: number[] = [];
const three: number[] = [];
const ratios: number[] = [];
try {
  // keep both arms' streams open and live throughout: only the events differ between them
  const keep = [client.hub.state$.subscribe(), fleet.state$.subscribe()];
  await firstValueFrom(client.hub.live$);
  await firstValueFrom(fleet.state$.pipe(filter((s) => s.health === 'live')));
  await measure(client.events$, 600, addresses.slice(0, 1)); // warm-up of both paths
  await measure(fleet.events$, 600, addresses);
  for (let rep = 0; rep < REPS; rep++) {
    const order = rep % 2 === 0 ? ['one', 'three'] : ['three', 'one'];
    let a = 0;
    let b = 0;
    for (const arm of order) {
      if (arm === 'one') a = await measure(client.events$, EVENTS, addresses.slice(0, 1));
      else b = await measure(fleet.events$, EVENTS, addresses);
    }
    one.push(a);
    three.push(b);
    ratios.push(b / a);
    console.log(`rep ${rep + 1}: one client ${a.toFixed(1)} µs/event, fleet of 3 ${b.toFixed(1)} µs/event, ratio ${(b / a).toFixed(2)}`);
  }
  keep.forEach((s) => s.unsubscribe());
  console.log(`\n${EVENTS} events a run, ${REPS} repetitions interleaved; CPU of this process per event received`);
  console.log(`one client:   median ${median(one).toFixed(1)} µs/event`);
  console.log(`fleet of 3:   median ${median(three).toFixed(1)} µs/event`);
  console.log(`fleet/client: median ratio ${median(ratios).toFixed(2)} (min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)})`);
} finally {
  client.close();
  fleet.close();
  await Promise.all(daemons.map((d) => d.stop()));
}
