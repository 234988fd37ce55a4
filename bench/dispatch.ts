/**
 * Per-event dispatch cost of the shared stream with 10 and with 10,000 per-process listeners.
 *
 * Modes:
 * - demux: N listeners through EventHub.listen$ (the index keyed by container and process);
 * - naive: N subscribers to events$, each with forProcess (one filter per listener per event);
 * - baseline: one events$ subscriber and no listener, over the same N distinct events: what every event costs
 *   anyway (protobuf decode of the payload, envelope, share).
 *
 * Part 1, end to end: raw envelopes (TaskExit, encoded once up front) pushed synchronously by a fake EventPort
 * into a real EventHub, each addressed to one listener's process, cycling over all N processes.
 * Part 2, dispatch alone: the same events already decoded, handed straight to the hub's dispatch (demux), or
 * to a Subject with N forProcess subscribers (naive): no decode cost to subtract, so the numbers are steadier.
 *
 * Every run checks that each event reached exactly one listener.
 *
 * Run: npx tsc -p tsconfig.json && node build/bench/dispatch.js
 */
import { EMPTY, Subject, type Observable, type Subscription } from 'rxjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { encodeEvent, toEnvelope } from '../src/proto/any.js';
import type { Envelope } from '../src/proto/events.js';
import type { EnvelopeMessage } from '../src/proto/messages.js';
import type { StreamNotice } from '../src/streams/connection-state.js';
import type { DemuxIndex } from '../src/streams/demux-index.js';
import { EventHub, type EventPort } from '../src/streams/event-hub.js';
import { forProcess } from '../src/streams/for-process.js';

const NS = 'bench';

class SyncPort implements EventPort {
  readonly namespace = NS;
  readonly source = new Subject<EnvelopeMessage>();
  subscribe$(): Observable<EnvelopeMessage> {
    return this.source;
  }
  publishFence$(): Observable<unknown> {
    return EMPTY;
  }
}

function rawExits(n: number): EnvelopeMessage[] {
  return Array.from({ length: n }, (_, i) => ({
    timestamp: { seconds: 1_700_000_000 + i, nanos: 0 },
    namespace: NS,
    topic: '/tasks/exit',
    event: encodeEvent({ type: 'TaskExit', containerId: `c${i}`, id: `c${i}`, pid: 1000 + i, exitStatus: i % 256, exitedAt: new Date(1_700_000_000_000) }),
  }));
}

function decoded(raw: EnvelopeMessage[]): Envelope[] {
  return raw.map((r) => {
    const e = toEnvelope(r);
    if (isLeft(e)) throw new Error(e.left.message);
    return e.right;
  });
}

type Mode = 'baseline' | 'demux' | 'naive';
type Part = 'end-to-end' | 'dispatch';

interface Result {
  readonly nsPerEvent: number;
  readonly delivered: number;
  readonly events: number;
}

/**
 * One measurement: `events` events cycling over `processes` distinct processes, one listener per process in
 * `mode` (none for the baseline).
 */
function measure(part: Part, mode: Mode, processes: number, events: number): Result {
  const port = new SyncPort();
  const hub = new EventHub(port, { fenceIntervalMs: 1e9 });
  const raws = rawExits(processes);
  const envelopes = decoded(raws);
  const notices: StreamNotice[] = envelopes.map((envelope) => ({ kind: 'event', envelope }));
  const direct = new Subject<Envelope>(); // naive, dispatch alone
  const events$ = part === 'end-to-end' ? hub.envelopes$ : direct;
  let delivered = 0;
  const subs: Subscription[] = [];
  if (mode === 'baseline') subs.push(events$.subscribe(() => delivered++));
  for (let i = 0; mode !== 'baseline' && i < processes; i++) {
    if (mode === 'demux') {
      subs.push(hub.listen$(`c${i}`).subscribe((s) => {
        if (s.kind === 'event') delivered++;
      }));
    } else {
      subs.push(events$.pipe(forProcess(`c${i}`)).subscribe(() => delivered++));
    }
  }
  // the index's own entry point, private: reached here to time it without the decode in front of it
  const { index } = hub as unknown as { index: DemuxIndex };
  const dispatch = index.dispatch.bind(index);
  const n = processes;
  const start = process.hrtime.bigint();
  if (part === 'end-to-end') for (let i = 0; i < events; i++) port.source.next(raws[i % n]!);
  else if (mode === 'demux') for (let i = 0; i < events; i++) dispatch(notices[i % n]!);
  else for (let i = 0; i < events; i++) direct.next(envelopes[i % n]!);
  const elapsed = Number(process.hrtime.bigint() - start);
  for (const s of subs) s.unsubscribe();
  return { nsPerEvent: elapsed / events, delivered, events };
}

/** The median of several runs of about `budgetMs` each, after warm-up runs. */
function bench(part: Part, mode: Mode, processes: number, budgetMs = 200, runs = 5): Result {
  measure(part, mode, processes, 500);
  const probe = measure(part, mode, processes, 500);
  const events = Math.max(500, Math.round((budgetMs * 1e6) / probe.nsPerEvent));
  measure(part, mode, processes, events);
  const results = Array.from({ length: runs }, () => measure(part, mode, processes, events)).sort((a, b) => a.nsPerEvent - b.nsPerEvent);
  const median = results[Math.floor(runs / 2)]!;
  if (median.delivered !== median.events) throw new Error(`${part} ${mode} ${processes}: ${median.delivered} deliveries for ${median.events} events`);
  return median;
}

const fmt = (ns: number): string => (ns >= 10_000 ? `${(ns / 1000).toFixed(1)} µs` : `${ns.toFixed(0)} ns`);
const ratio = (a: number, b: number): string => `${(a / b).toFixed(2)}x`;

console.log(`node ${process.version}, ${process.arch}; TaskExit events, one listener per process, median of 5 runs`);

console.log('\n1. end to end: fake port -> decode -> EventHub -> listeners');
const e2e = new Map<string, number>();
for (const mode of ['baseline', 'demux', 'naive'] as const) {
  for (const n of [10, 10_000]) {
    const r = bench('end-to-end', mode, n);
    e2e.set(`${mode} ${n}`, r.nsPerEvent);
    const extra = mode === 'baseline' ? '' : `   (${fmt(Math.max(0, r.nsPerEvent - e2e.get(`baseline ${n}`)!))} over baseline)`;
    console.log(`   ${mode.padEnd(8)} N=${String(n).padEnd(6)} ${fmt(r.nsPerEvent).padStart(10)}/event${extra}`);
  }
}
console.log(`   demux 10,000 vs 10: ${ratio(e2e.get('demux 10000')!, e2e.get('demux 10')!)}   naive 10,000 vs 10: ${ratio(e2e.get('naive 10000')!, e2e.get('naive 10')!)}`);

console.log('\n2. dispatch alone (events already decoded)');
const alone = new Map<string, number>();
for (const [mode, sizes] of [['demux', [10, 100, 1_000, 10_000, 100_000]], ['naive', [10, 10_000]]] as const) {
  for (const n of sizes) {
    const r = bench('dispatch', mode, n);
    alone.set(`${mode} ${n}`, r.nsPerEvent);
    console.log(`   ${mode.padEnd(8)} N=${String(n).padEnd(6)} ${fmt(r.nsPerEvent).padStart(10)}/event`);
  }
}
console.log(`   demux 10,000 vs 10: ${ratio(alone.get('demux 10000')!, alone.get('demux 10')!)}   naive 10,000 vs 10: ${ratio(alone.get('naive 10000')!, alone.get('naive 10')!)}`);
console.log(`   at N=10,000 the naive filter-per-listener costs ${ratio(alone.get('naive 10000')!, alone.get('demux 10000')!)} the demux`);
