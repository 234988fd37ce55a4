import { expect } from 'chai';
import { map, type Observable } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { ContainerdError, InvalidArgumentError, UnavailableError, UnknownError } from '../../src/client/errors.js';
import { EVENT_TYPES, eventTypeUrl } from '../../src/proto/any.js';
import type { Envelope } from '../../src/proto/events.js';
import type { EnvelopeMessage } from '../../src/proto/messages.js';
import type { Backoff } from '../../src/streams/backoff.js';
import type { ConnectionState, StreamNotice } from '../../src/streams/connection-state.js';
import { EventHub, type EventHubOptions } from '../../src/streams/event-hub.js';
import { env, FakePort, fence, fences, GARBAGE, NS, raw, rawAny, testScheduler } from './support.js';

const states = { c: 'connecting', l: 'live', d: 'down' } satisfies Record<string, ConnectionState>;
const backoff: Backoff = { initialMs: 10, factor: 2, maxMs: 40, jitter: 0, resetAfterMs: 0 };
const unavailable = new UnavailableError({ code: 14, daemonMessage: 'connection refused', call: '/containerd.services.events.v1.Events/Subscribe' });

const start = env('/tasks/start', { type: 'TaskStart', containerId: 'c', pid: 10 });
const execStart = env('/tasks/exec-started', { type: 'TaskExecStarted', containerId: 'c', execId: 'x', pid: 11 });
const exitInit = env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: 'c', pid: 10, exitStatus: 7, exitedAt: new Date('2024-05-01T10:00:01.000Z') });
const exitExec = env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: 'x', pid: 11, exitStatus: 3, exitedAt: new Date('2024-05-01T10:00:02.000Z') });
const exitOther = env('/tasks/exit', { type: 'TaskExit', containerId: 'd', id: 'd', pid: 20, exitStatus: 0, exitedAt: new Date('2024-05-01T10:00:03.000Z') });
const created = env('/containers/create', { type: 'ContainerCreate', id: 'c', image: '', runtime: { name: 'io.containerd.runc.v2' } });

/** A hub over `port` in the virtual time of `ts`. */
function hubOf(port: FakePort, options: EventHubOptions = {}): EventHub {
  return new EventHub(port, { newFence: fences(), fenceIntervalMs: 5, backoff, ...options });
}

function portOf(ts: TestScheduler, scripts: ReadonlyArray<Observable<EnvelopeMessage>> | (() => Observable<EnvelopeMessage>), echo = true): FakePort {
  return new FakePort(scripts, { echo, now: () => ts.now() });
}

const event = (envelope: Envelope): StreamNotice => ({ kind: 'event', envelope });
const state = (s: ConnectionState): StreamNotice => ({ kind: 'state', state: s });

describe('EventHub (marbles, fake port)', () => {
  describe('fence', () => {
    it('stays connecting until our own fence comes back, then goes live; fences never reach envelopes$', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const script = cold('--o--m--a--m--', { o: fence('someone-else'), m: fence('t1'), a: raw(start) });
        const port = portOf(ts, [script], false);
        const hub = hubOf(port);
        expectObservable(hub.state$, '^ 20ms !').toBe('c----l', states);
        expectObservable(hub.envelopes$, '^ 20ms !').toBe('--------a', { a: start });
        ts.flush();
        // fences were published (all this connection's own) until ours came back, and not after
        expect(port.published.length).to.be.within(1, 2);
        expect(new Set(port.published)).to.deep.equal(new Set(['t1']));
      });
    });

    it("another client's fence does not make the stream live, and ours keeps being published", () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const port = portOf(ts, [cold('--o--o--o-', { o: fence('t2') })], false);
        const hub = hubOf(port);
        expectObservable(hub.state$, '^ 21ms !').toBe('c', states);
        expectObservable(hub.live$, '^ 21ms !').toBe('');
        ts.flush();
        expect(port.published).to.deep.equal(['t1', 't1', 't1', 't1', 't1']); // at 0, 5, 10, 15, 20
      });
    });

    it('events before the fence returns are delivered; both fences are dropped', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const port = portOf(ts, [cold('-a-o-m-b', { a: raw(start), o: fence('x'), m: fence('t1'), b: raw(exitInit) })], false);
        const hub = hubOf(port);
        expectObservable(hub.envelopes$, '^ 10ms !').toBe('-a-----b', { a: start, b: exitInit });
        expectObservable(hub.state$, '^ 10ms !').toBe('c----l', states);
      });
    });

    it('live$ emits once per proven connection, and at once to a subscriber that arrives while live', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const port = portOf(ts, [cold<EnvelopeMessage>('---#', undefined, unavailable), cold<EnvelopeMessage>('-')]);
        const hub = hubOf(port);
        expectObservable(hub.live$, '^ 30ms !').toBe('a 12ms a', { a: undefined });
        expectObservable(hub.live$, '-----^ 20ms !').toBe('----- 8ms a', { a: undefined });
        expectObservable(hub.live$, '---------------^ 5ms !').toBe('--------------- a', { a: undefined });
      });
    });
  });

  describe('reconnect', () => {
    it('retries an UNAVAILABLE Subscribe after delays that double up to the cap, without erroring subscribers', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        // no fence comes back from a daemon that is away
        const port = portOf(ts, () => cold<EnvelopeMessage>('#', undefined, unavailable), false);
        const hub = hubOf(port);
        // attempts at 0, then +10, +20, +40, +40 (capped), +40
        expectObservable(hub.state$, '^ 160ms !').toBe('(cd) 6ms (cd) 16ms (cd) 36ms (cd) 36ms (cd) 36ms (cd)', states);
        expectObservable(hub.envelopes$, '^ 160ms !').toBe('');
        ts.flush();
        expect(port.subscribedAt).to.deep.equal([0, 10, 30, 70, 110, 150]);
      });
    });

    it('a connection that went live resets the backoff to its first delay', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const fail = cold<EnvelopeMessage>('#', undefined, unavailable);
        const live = (value: string, script: string) => cold(script, { m: fence(value) }, unavailable);
        const port = portOf(ts, [fail, fail, live('t3', 'm----#'), fail, fail, live('t6', 'm')], false);
        const hub = hubOf(port);
        // 0 fails, 10 fails, 30 goes live and fails at 35, 45 (+10 again) fails, 65 (+20) fails, 105 (+40) live
        expectObservable(hub.state$, '^ 120ms !').toBe('(cd) 6ms (cd) 16ms (cl)-d 9ms (cd) 16ms (cd) 36ms (cl)', states);
        ts.flush();
        expect(port.subscribedAt).to.deep.equal([0, 10, 30, 45, 65, 105]);
      });
    });

    it('a stream that is down reconnects the moment the port says the daemon is back, not when its backoff ends', () => {
      const ts = testScheduler();
      ts.run(({ cold }) => {
        const fail = cold<EnvelopeMessage>('#', undefined, unavailable);
        const port = portOf(ts, [fail, fail, fail, cold<EnvelopeMessage>('-')]);
        // the daemon is reachable again 3 ms after each failure: sooner than every backoff delay (10, 20, 40)
        const hub = hubOf(Object.assign(port, { reconnected$: () => cold('3ms r') }));
        const seen: Array<[number, ConnectionState]> = [];
        hub.state$.subscribe((s) => seen.push([ts.now(), s]));
        ts.flush();
        expect(port.subscribedAt).to.deep.equal([0, 3, 6, 9]);
        expect(seen.at(-1)).to.deep.equal([9, 'live']);
      });
    });

    it('without word from the port the backoff still paces the retries', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const fail = cold<EnvelopeMessage>('#', undefined, unavailable);
        const port = portOf(ts, [fail, fail, cold<EnvelopeMessage>('-')], false);
        const hub = hubOf(Object.assign(port, { reconnected$: () => cold('-') }));
        expectObservable(hub.state$, '^ 50ms !').toBe('(cd) 6ms (cd) 16ms c', states);
        ts.flush();
        expect(port.subscribedAt).to.deep.equal([0, 10, 30]);
      });
    });

    it('outages$ tells each span the stream was down after being live, with its error, and not the first connection', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const fail = cold<EnvelopeMessage>('#', undefined, unavailable);
        const live = (value: string, script: string) => cold(script, { m: fence(value) }, unavailable);
        const port = portOf(ts, [fail, live('t2', 'm----#'), fail, live('t4', 'm')], false);
        const hub = hubOf(port);
        // 0 fails (first connection: no outage), 10 live, 15 down, 25 fails again, 45 live: one outage 15..45
        expectObservable(hub.outages$, '^ 60ms !').toBe('45ms o', { o: { from: new Date(15), to: new Date(45), error: unavailable } });
      });
    });

    it('a Subscribe the daemon ends is retried like an outage', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const port = portOf(ts, [cold<EnvelopeMessage>('-----|'), cold<EnvelopeMessage>('-')]);
        const hub = hubOf(port);
        expectObservable(hub.state$, '^ 20ms !').toBe('(cl)-d 9ms (cl)', states);
        ts.flush();
        expect(port.subscribedAt).to.deep.equal([0, 15]);
      });
    });

    it('the down state carries the error, events before and after an outage arrive, the stream never errors', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const port = portOf(ts, [cold('-a---#', { a: raw(start) }, unavailable), cold('-b-', { b: raw(exitInit) })]);
        const hub = hubOf(port);
        expectObservable(hub.envelopes$, '^ 20ms !').toBe('-a 14ms b', { a: start, b: exitInit });
        expectObservable(hub.state$, '^ 20ms !').toBe('(cl)-d 9ms (cl)', states);
        const downs: unknown[] = [];
        hub.notices$.subscribe((s) => {
          if (s.kind === 'state' && s.state === 'down') downs.push(s.error);
        });
        ts.flush();
        expect(downs).to.deep.equal([unavailable]);
      });
    });

    it('state$ gives a late subscriber the current state first', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const port = portOf(ts, [cold<EnvelopeMessage>('-----#', undefined, unavailable), cold<EnvelopeMessage>('-')]);
        const hub = hubOf(port);
        expectObservable(hub.envelopes$, '^ 30ms !').toBe('');
        expectObservable(hub.state$, '--^ 20ms !').toBe('--l--d 9ms (cl)', states);
        expectObservable(hub.state$, '-------^ 5ms !').toBe('-------d', states);
        ts.flush();
        expect(hub.state).to.equal('connecting'); // nobody listens any more
      });
    });
  });

  describe('permanent errors', () => {
    it('an INVALID_ARGUMENT Subscribe errors envelopes$, state$ and listeners with a typed error, is not retried, and leaves the state down', () => {
      const ts = testScheduler();
      ts.run(({ cold }) => {
        const port = portOf(ts, [cold('-a-#', { a: raw(start) }, { code: 3, details: 'bad filter' })]);
        const hub = hubOf(port);
        const seen: Array<[string, number, unknown]> = [];
        const record = (name: string) => ({
          next: (v: unknown) => seen.push([name, ts.now(), v]),
          error: (e: unknown) => seen.push([`${name} error`, ts.now(), e]),
        });
        hub.envelopes$.subscribe(record('event'));
        hub.state$.subscribe(record('state'));
        hub.listen$('c').subscribe(record('listener'));
        ts.flush();
        const errors = seen.filter(([name]) => name.endsWith('error'));
        expect(errors.map(([name, at]) => [name, at])).to.deep.equal([['event error', 3], ['state error', 3], ['listener error', 3]]);
        for (const [, , e] of errors) {
          expect(e).to.be.instanceOf(InvalidArgumentError);
          expect(e).to.include({ grpcCode: 3, code: 'ERR_CONTAINERD_INVALID_ARGUMENT', daemonMessage: 'bad filter', call: '/containerd.services.events.v1.Events/Subscribe' });
        }
        expect(seen.filter(([name]) => name === 'state').map(([, , v]) => v)).to.deep.equal(['connecting', 'live', 'down']);
        expect(seen.filter(([name]) => name === 'event').map(([, , v]) => v)).to.deep.equal([start]);
        expect(port.opened).to.equal(1);
        expect(port.open).to.equal(0);
        expect(hub.listenerCount).to.equal(0);
        expect(hub.state).to.equal('down');
      });
    });

    it('an UNKNOWN error about the filter is permanent, an UNKNOWN error about anything else is retried', () => {
      const ts = testScheduler();
      ts.run(({ cold }) => {
        const badFilter = hubOf(portOf(ts, [cold<EnvelopeMessage>('#', undefined, { code: 2, details: 'failed parsing subscription filters: unexpected input' })]));
        const other = portOf(ts, [cold<EnvelopeMessage>('#', undefined, { code: 2, details: 'something broke' }), cold<EnvelopeMessage>('-')]);
        let error: unknown;
        badFilter.envelopes$.subscribe({ error: (e: unknown) => (error = e) });
        let otherError: unknown;
        const sub = hubOf(other).envelopes$.subscribe({ error: (e: unknown) => (otherError = e) });
        ts.schedule(() => sub.unsubscribe(), 50);
        ts.flush();
        expect(error).to.be.instanceOf(UnknownError);
        expect(error).to.be.instanceOf(ContainerdError);
        expect(otherError).to.equal(undefined);
        expect(other.subscribedAt).to.deep.equal([0, 10]);
      });
    });

    it('after a permanent error, a new subscriber opens a new Subscribe', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const port = portOf(ts, [cold<EnvelopeMessage>('--#', undefined, { code: 3, details: 'bad' }), cold('-a', { a: raw(start) })]);
        const hub = hubOf(port);
        hub.envelopes$.subscribe({ error: () => undefined });
        expectObservable(hub.envelopes$, '-----^ 5ms !').toBe('------a', { a: start });
        ts.flush();
        expect(port.subscribedAt).to.deep.equal([0, 5]);
      });
    });
  });

  describe('sharing', () => {
    it('opens one Subscribe for many subscribers and closes it when the last one leaves; the next subscriber opens a new one', () => {
      const ts = testScheduler();
      ts.run(({ hot, expectObservable, expectSubscriptions }) => {
        const values = { a: raw(start), b: raw(execStart), c: raw(exitExec), d: raw(exitInit), e: raw(exitOther), h: raw(created) };
        const source = hot('-a-b-c-d-e-f-g-h-', { ...values, f: raw(start), g: raw(start) });
        const port = portOf(ts, () => source);
        const hub = hubOf(port);
        expectObservable(hub.envelopes$, '^---!').toBe('-a-b', { a: start, b: execStart });
        expectObservable(hub.envelopes$, '--^------!').toBe('---b-c-d-', { b: execStart, c: exitExec, d: exitInit });
        expectObservable(hub.state$, '---^-!').toBe('---l', states);
        expectObservable(hub.envelopes$, '--------------^--!').toBe('---------------h', { h: created });
        expectSubscriptions(source.subscriptions).toBe(['^--------!', '--------------^--!']);
        ts.flush();
        expect(port.opened).to.equal(2);
        expect(port.open).to.equal(0);
      });
    });

    it('with lingerMs, the Subscribe stays open that long after the last subscriber left: one coming back within it finds the stream live, with no new Subscribe', () => {
      const ts = testScheduler();
      ts.run(({ hot, expectObservable, expectSubscriptions }) => {
        const source = hot('-a-------h-----------', { a: raw(start), h: raw(created) });
        const port = portOf(ts, () => source);
        const hub = hubOf(port, { lingerMs: 5, scheduler: ts });
        expectObservable(hub.envelopes$, '^--!').toBe('-a', { a: start });
        expectObservable(hub.state$, '-----^-!').toBe('-----l', states);
        expectObservable(hub.envelopes$, '-------^--!').toBe('---------h', { h: created });
        // the last subscriber leaves at 10: the Subscribe closes 5 ms later
        expectSubscriptions(source.subscriptions).toBe('^--------------!');
        ts.flush();
        expect(port.opened).to.equal(1);
      });
    });

    it('listen$ and envelopes$ share the one Subscribe', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const port = portOf(ts, [cold('-a', { a: raw(start) })]);
        const hub = hubOf(port);
        expectObservable(hub.envelopes$, '^ 5ms !').toBe('-a', { a: start });
        expectObservable(hub.listen$('c'), '--^ 8ms !').toBe('--l', { l: state('live') });
        ts.flush();
        expect(port.subscribedAt).to.deep.equal([0]);
      });
    });
  });

  describe('payloads', () => {
    it('an unknown type_url arrives as an UnknownEvent on envelopes$ and as a diagnostic', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const bytes = new Uint8Array([1, 2, 3]);
        const port = portOf(ts, [cold('-u-a', { u: rawAny('/images/create', 'containerd.events.ImageCreate', bytes), a: raw(start) })]);
        const hub = hubOf(port);
        const unknown = env('/images/create', { type: 'Unknown', typeUrl: 'containerd.events.ImageCreate', value: bytes });
        expectObservable(hub.envelopes$, '^ 5ms !').toBe('-u-a', { u: unknown, a: start });
        expectObservable(hub.diagnostics$.pipe(map((d) => `${d.kind} ${d.topic} ${d.typeUrl}`)), '^ 5ms !').toBe('-x', {
          x: 'unknown-type /images/create containerd.events.ImageCreate',
        });
      });
    });

    it('a malformed payload under every known type_url is dropped with a diagnostic, and the stream goes on', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const bad = Object.fromEntries(EVENT_TYPES.map((t, i) => [String.fromCharCode(65 + i), rawAny('/tasks/exit', eventTypeUrl(t), GARBAGE)]));
        const letters = Object.keys(bad).join('');
        const port = portOf(ts, [cold(`-${letters}-a`, { ...bad, a: raw(start) })]);
        const hub = hubOf(port);
        expectObservable(hub.envelopes$, '^ 30ms !').toBe(`-${'-'.repeat(letters.length)}-a`, { a: start });
        const expected = Object.fromEntries(EVENT_TYPES.map((t, i) => [String.fromCharCode(65 + i), `malformed ${eventTypeUrl(t)}`]));
        expectObservable(hub.diagnostics$.pipe(map((d) => `${d.kind} ${d.typeUrl}`)), '^ 30ms !').toBe(`-${letters}`, expected);
      });
    });

    it('an envelope without a payload is dropped with a diagnostic', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const empty: EnvelopeMessage = { timestamp: null, namespace: NS, topic: '/tasks/exit', event: null };
        const port = portOf(ts, [cold('-n-a', { n: empty, a: raw(start) })]);
        const hub = hubOf(port);
        expectObservable(hub.envelopes$, '^ 5ms !').toBe('---a', { a: start });
        expectObservable(hub.diagnostics$.pipe(map((d) => d.kind)), '^ 5ms !').toBe('-m', { m: 'malformed' });
      });
    });

    it("an event of another namespace is dropped with a diagnostic (the daemon's filter should never let one through)", () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const foreign = raw(env('/tasks/start', { type: 'TaskStart', containerId: 'c', pid: 99 }, 'other-ns'));
        const port = portOf(ts, [cold('-f-a', { f: foreign, a: raw(start) })]);
        const hub = hubOf(port);
        expectObservable(hub.envelopes$, '^ 5ms !').toBe('---a', { a: start });
        expectObservable(hub.diagnostics$.pipe(map((d) => d.kind)), '^ 5ms !').toBe('-f', { f: 'foreign-namespace' });
      });
    });
  });

  describe('demux index', () => {
    it('dispatches each event only to the listeners of its (container, process) and every state change to all', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const script = cold('-s-x-o-k-m-e-y-#', { s: raw(start), x: raw(execStart), o: raw(exitOther), k: raw(created), m: fence('t1'), e: raw(exitInit), y: raw(exitExec) }, unavailable);
        const port = portOf(ts, [script, cold<EnvelopeMessage>('-')], false);
        const hub = hubOf(port);
        const v = {
          c: state('connecting'), l: state('live'), d: { kind: 'state', state: 'down', error: unavailable },
          s: event(start), x: event(execStart), o: event(exitOther), e: event(exitInit), y: event(exitExec),
        };
        expectObservable(hub.listen$('c'), '^ 30ms !').toBe('cs-------l-e---d 9ms c', v);
        expectObservable(hub.listen$('c', 'x'), '^ 30ms !').toBe('c--x-----l---y-d 9ms c', v);
        expectObservable(hub.listen$('c', 'c'), '^ 12ms !').toBe('cs-------l-e', v);
        expectObservable(hub.listen$('d'), '^ 30ms !').toBe('c----o---l-----d 9ms c', v);
        expectObservable(hub.listen$('nobody'), '--^ 30ms !').toBe('--c------l-----d 9ms c', v);
        const counts: number[] = [];
        for (const at of [0, 5, 20, 40]) ts.schedule(() => counts.push(hub.listenerCount), at);
        ts.flush();
        expect(counts).to.deep.equal([4, 5, 4, 0]);
        expect(port.open).to.equal(0);
      });
    });

    it('a listener arriving while the stream reconnects after an outage is told down first, then connecting', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const port = portOf(ts, [cold<EnvelopeMessage>('m-#', { m: fence('t1') }, unavailable), cold<EnvelopeMessage>('-')], false);
        const hub = hubOf(port);
        const v = { c: state('connecting'), d: state('down') };
        // the first connection goes live at 0, fails at 2 and reconnects at 12, never live again here
        const keepOpen = hub.state$.subscribe();
        ts.schedule(() => keepOpen.unsubscribe(), 20);
        expectObservable(hub.listen$('late'), '---- 10ms ^ 5ms !').toBe('---- 10ms (dc)', v);
      });
    });

    it('a listener arriving while live gets live first, with no duplicate state', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const port = portOf(ts, [cold<EnvelopeMessage>('-')]);
        const hub = hubOf(port);
        expectObservable(hub.listen$('c'), '^ 3ms !').toBe('(cl)', { c: state('connecting'), l: state('live') });
        expectObservable(hub.listen$('c'), '--^ 3ms !').toBe('--l', { l: state('live') });
      });
    });

    it('the last listener leaving closes the Subscribe when envelopes$ has no subscriber', () => {
      const ts = testScheduler();
      ts.run(({ hot, expectSubscriptions }) => {
        const source = hot('-a-a-a-a-a', { a: raw(start) });
        const port = portOf(ts, () => source);
        const hub = hubOf(port);
        const subs = [hub.listen$('c'), hub.listen$('c'), hub.listen$('c', 'x')].map((l) => l.subscribe());
        ts.schedule(() => subs[0]!.unsubscribe(), 2);
        ts.schedule(() => subs[2]!.unsubscribe(), 4);
        ts.schedule(() => subs[1]!.unsubscribe(), 6);
        expectSubscriptions(source.subscriptions).toBe('^-----!');
        ts.flush();
        expect(hub.listenerCount).to.equal(0);
      });
    });
  });

  describe('names kept for one release', () => {
    it('a port with publishMarker$ only and the newToken option still go live, and the old members are the new streams', () => {
      const ts = testScheduler();
      ts.run(({ cold, expectObservable }) => {
        const fake = portOf(ts, [cold<EnvelopeMessage>('-')]);
        const legacy = {
          namespace: fake.namespace,
          subscribe$: () => fake.subscribe$(),
          publishMarker$: (token: string) => fake.publishFence$(token),
        };
        const hub = new EventHub(legacy, { newToken: fences(), fenceIntervalMs: 5, backoff });
        expectObservable(hub.state$, '^ 3ms !').toBe('(cl)', states);
        expect(hub.events$).to.equal(hub.envelopes$);
        expect(hub.live$).to.equal(hub.live$);
        expect(hub.signals$).to.equal(hub.notices$);
        ts.flush();
        expect(fake.published).to.deep.equal(['t1']);
      });
    });
  });
});
