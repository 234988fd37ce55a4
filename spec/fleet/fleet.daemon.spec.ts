import { expect } from 'chai';
import { filter, firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { UnavailableError } from '../../src/client/errors.js';
import { connectFleet, type Fleet } from '../../src/fleet/fleet.js';
import type { NodeEnvelope } from '../../src/fleet/fleet-streams.js';
import { encodeEvent } from '../../src/proto/any.js';
import { Events } from '../../src/proto/services.js';
import { startDaemon, type Daemon } from '../../src/testing/daemon.js';
import { privateDaemon, sharedRootfs, unique } from '../support/daemon.js';
import { collect, eventually, sleep } from '../streams/daemon-support.js';

const TICK = '/fleet-spec/tick';

/** Publishes a numbered event on a node every `everyMs` until stopped; resolves how many it published. */
function ticker(fleet: Fleet, node: string, everyMs: number): { stop(): Promise<number> } {
  let n = 0;
  let running = true;
  const done = (async () => {
    while (running) {
      const event = encodeEvent({ type: 'TaskOOM', containerId: `${node}-${n}` });
      await firstValueFrom(fleet.node(node).conn.call$(Events.publish, { topic: TICK, event }));
      n++;
      await sleep(everyMs);
    }
    return n;
  })();
  return {
    stop: () => {
      running = false;
      return done;
    },
  };
}

const ticksOf = (items: readonly NodeEnvelope[], node: string): string[] =>
  items.filter((e) => e.node === node && e.topic === TICK).map((e) => (e.event as { containerId: string }).containerId);

describe('a fleet of three daemons (real daemons)', function () {
  this.timeout(120_000);
  const daemons: Record<string, Daemon> = {};
  let fleet: Fleet;

  before(async () => {
    // node c over TCP with TLS (a CA, a server and a client certificate made with openssl by the harness)
    const [a, b, c] = await Promise.all([privateDaemon(), privateDaemon(), startDaemon({ tls: true })]);
    Object.assign(daemons, { a, b, c });
  });
  after(async () => {
    await daemons['c']?.stop();
  });
  beforeEach(() => {
    fleet = connectFleet({ nodes: { a: daemons['a']!.address, b: daemons['b']!.address, c: { address: daemons['c']!.tcp!.address, tls: daemons['c']!.tcp!.tls } }, defaults: { namespace: unique('fleet'), connectTimeoutMs: 2_000 } });
  });
  afterEach(async () => {
    fleet.close();
    for (const d of Object.values(daemons)) if (!(await answers(d))) await d.restart();
  });

  it("merges every node's events, each tagged with its own node", async () => {
    const created = collect(fleet.events$.pipe(filter((e) => e.topic === '/containers/create')));
    await firstValueFrom(fleet.state$.pipe(filter((s) => s.health === 'live')));
    expect(fleet.nodes.map((n) => fleet.node(n).conn.tls)).to.deep.equal([false, false, true]);
    const rootfs = await sharedRootfs();
    for (const node of ['a', 'b', 'c']) await fleet.node(node).newContainer(`on-${node}`, { rootfs, args: ['/bin/true'] });
    await eventually(() => created.items.length === 3, 'three create events');
    expect(created.items.map((e) => [e.node, (e.event as { id: string }).id]).sort()).to.deep.equal([['a', 'on-a'], ['b', 'on-b'], ['c', 'on-c']]);
    const { items, failures } = await fleet.containers();
    expect(failures).to.deep.equal([]);
    expect(items.map((x) => [x.node, x.container.id])).to.deep.equal([['a', 'on-a'], ['b', 'on-b'], ['c', 'on-c']]);
    created.subscription.unsubscribe();
  });

  it('a node SIGKILLed and restarted is reported down and reconnects, while the other two stream on without a gap', async () => {
    const seen = collect(fleet.events$);
    const states = collect(fleet.state$);
    const outages = collect(fleet.outages$);
    await firstValueFrom(fleet.state$.pipe(filter((s) => s.health === 'live')));
    const ticks = { b: ticker(fleet, 'b', 20), c: ticker(fleet, 'c', 20) };
    await sleep(300);
    await daemons['a']!.kill();
    await firstValueFrom(fleet.state$.pipe(filter((s) => s.nodes['a'] === 'down')));
    expect((await firstValueFrom(fleet.state$)).health).to.equal('partial');
    await sleep(1_000);
    await daemons['a']!.restart();
    await firstValueFrom(fleet.state$.pipe(filter((s) => s.health === 'live')));
    await sleep(300);
    const published = { b: await ticks.b.stop(), c: await ticks.c.stop() };
    for (const node of ['b', 'c'] as const) {
      await eventually(() => ticksOf(seen.items, node).length === published[node], `every tick of ${node}`);
      expect(ticksOf(seen.items, node), `${node}'s ticks in order, none missing`).to.deep.equal(Array.from({ length: published[node] }, (_, i) => `${node}-${i}`));
      expect(states.items.every((s) => s.nodes[node] === 'live' || s.nodes[node] === 'connecting'), `${node} never down`).to.equal(true);
    }
    expect(published.b).to.be.above(20);
    expect(outages.items.map((o) => o.node)).to.deep.equal(['a']);
    expect(outages.items[0]!.error).to.be.instanceOf(UnavailableError);
    for (const c of [seen, states, outages]) c.subscription.unsubscribe();
  });

  it("a wait on node b's process resolves while node a is down; listing reports a as a failure beside b's and c's answers", async () => {
    const rootfs = await sharedRootfs();
    const container = await fleet.node('b').newContainer('short', { rootfs, args: ['/bin/sh', '-c', 'sleep 1; exit 4'] });
    const task = await container.newTask({ stdio: 'ignore' });
    const exit = firstValueFrom(task.wait$());
    await task.start();
    await daemons['a']!.kill();
    const { code } = await exit;
    expect(code).to.equal(4);
    expect(await answers(daemons['a']!), 'node a still down').to.equal(false);
    const { items, failures } = await fleet.tasks();
    expect(items.map((t) => [t.node, t.containerId, t.status, t.exitStatus])).to.deep.equal([['b', 'short', 'stopped', 4]]);
    expect(failures.map((f) => f.node)).to.deep.equal(['a']);
    expect(failures[0]!.error).to.be.instanceOf(UnavailableError);
    await task.delete();
    await container.delete();
  });

  it('a node that never answers is reported down; the others are live', async () => {
    const lone = connectFleet({ nodes: { b: daemons['b']!.address, nowhere: '/nonexistent/containerd.sock' }, defaults: { namespace: unique('fleet'), connectTimeoutMs: 500 } });
    try {
      const state = await firstValueFrom(lone.state$.pipe(filter((s) => s.nodes['nowhere'] === 'down' && s.nodes['b'] === 'live')));
      expect(state.health).to.equal('partial');
    } finally {
      lone.close();
    }
  });

  it('adds and removes nodes while running: a removed node leaves the streams and closes, an added one joins them', async () => {
    const seen = collect(fleet.events$.pipe(filter((e) => e.topic === TICK)));
    await firstValueFrom(fleet.state$.pipe(filter((s) => s.health === 'live')));
    const c = fleet.node('c');
    fleet.removeNode('c');
    expect(fleet.nodes).to.deep.equal(['a', 'b']);
    expect(c.conn.isClosed).to.equal(true);
    expect(() => fleet.node('c')).to.throw(/no node named "c"/);
    const again = fleet.addNode('c2', daemons['c']!.address);
    expect(fleet.nodes).to.deep.equal(['a', 'b', 'c2']);
    await firstValueFrom(fleet.state$.pipe(filter((s) => s.health === 'live' && s.nodes['c2'] === 'live'), take(1)));
    expect(Object.keys((await firstValueFrom(fleet.state$)).nodes).sort()).to.deep.equal(['a', 'b', 'c2']);
    for (const node of ['a', 'c2']) await firstValueFrom(fleet.node(node).conn.call$(Events.publish, { topic: TICK, event: encodeEvent({ type: 'TaskOOM', containerId: node }) }));
    await eventually(() => seen.items.length === 2, 'the ticks of a and c2');
    expect(seen.items.map((e) => e.node).sort()).to.deep.equal(['a', 'c2']);
    expect(again).to.equal(fleet.node('c2'));
    seen.subscription.unsubscribe();
  });

  it("closing the fleet closes every node's client and completes its streams", async () => {
    const clients = fleet.nodes.map((n) => fleet.node(n));
    const events = lastValueFrom(fleet.events$.pipe(toArray()));
    await firstValueFrom(fleet.state$.pipe(filter((s) => s.health === 'live')));
    fleet.close();
    expect(await events).to.deep.equal([]);
    expect(clients.every((c) => c.conn.isClosed)).to.equal(true);
    expect(fleet.nodes).to.deep.equal([]);
  });
});

/** Whether the daemon answers a Version call now. */
async function answers(d: Daemon): Promise<boolean> {
  const { connect } = await import('../../src/process/client.js');
  const client = connect({ address: d.address, connectTimeoutMs: 300 });
  try {
    await client.version();
    return true;
  } catch {
    return false;
  } finally {
    client.close();
  }
}
