import { connectivityState } from '@grpc/grpc-js';
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { UnavailableError } from '../../src/client/errors.js';
import { connect } from '../../src/process/client.js';
import type { Outage } from '../../src/streams/outages.js';
import { privateDaemon, sharedRootfs, track, unique } from '../support/daemon.js';
import { collect, eventually, sleep } from './daemon-support.js';

/** Runs `fn` and tells how long it took, in ms. */
async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

describe('reconnecting after a daemon restart (real daemon)', () => {
  // the daemon answers again after outages of these lengths (ms)
  for (const outageMs of [300, 2_000, 6_000]) {
    it(`after a ${outageMs} ms outage the stream is live within 1 s of the daemon answering, a call made then succeeds, and no event after that is missed`, async () => {
      const d = await privateDaemon();
      const client = track(connect({ address: d.address, namespace: unique('reconnect') }));
      const rootfs = await sharedRootfs();
      const created = collect(client.events$.pipe(filter((e) => e.topic === '/containers/create')));
      const outages = collect(client.hub.outages$);
      await firstValueFrom(client.hub.live$);

      await d.kill();
      await eventually(() => client.hub.state !== 'live', 'the stream noticing the outage');
      await sleep(outageMs);
      let liveAt: number | undefined;
      const live = client.hub.state$.pipe(filter((s) => s === 'live')).subscribe(() => (liveAt ??= performance.now()));
      await d.restart(); // resolves once the daemon answers a Version call on a new connection
      const answeredAt = performance.now();
      // the first call after the daemon answers is not refused
      await client.newContainer('right-after', { rootfs, args: ['/bin/true'] });
      await eventually(() => liveAt !== undefined, 'the stream live again', 5_000);
      live.unsubscribe();
      expect(liveAt! - answeredAt, 'ms from the daemon answering to the stream live').to.be.below(1_000);
      // from live on, nothing is missed
      await client.newContainer('after-live', { rootfs, args: ['/bin/true'] });
      await eventually(() => created.items.some((e) => (e.event as { id: string }).id === 'after-live'), 'the create event after live');
      // subscribers can tell that there was a gap, and when
      expect(outages.items).to.have.length(1);
      const [gap] = outages.items as [Outage];
      expect(gap.error).to.be.instanceOf(UnavailableError);
      expect(gap.to.getTime() - gap.from.getTime()).to.be.at.least(outageMs);
      created.subscription.unsubscribe();
      outages.subscription.unsubscribe();
    });
  }

  it('a call made while the daemon is away waits for it and succeeds once it answers again', async () => {
    const d = await privateDaemon();
    const client = track(connect({ address: d.address, namespace: unique('waits'), connectTimeoutMs: 10_000 }));
    await client.version();
    await d.kill();
    await eventually(() => client.conn.connectivityState() !== connectivityState.READY, 'the connection noticing');
    const pending = client.newContainer('made-during-outage', { rootfs: await sharedRootfs(), args: ['/bin/true'] });
    await sleep(1_000);
    await d.restart();
    const container = await pending;
    expect(container.id).to.equal('made-during-outage');
    expect((await client.containers()).map((c) => c.id)).to.deep.equal(['made-during-outage']);
  });

  it("with the 'rpc' wait strategy, a Tasks.Wait pending across a restart is made again once the daemon answers, and gives the exit that follows", async () => {
    const d = await privateDaemon();
    const client = track(connect({ address: d.address, namespace: unique('rpc-wait'), waitStrategy: 'rpc' }));
    const c = await client.newContainer('later', { rootfs: await sharedRootfs(), args: ['/bin/sh', '-c', 'sleep 3; exit 5'] });
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const exit = firstValueFrom(task.wait$());
    await d.kill();
    await sleep(1_000);
    await d.restart();
    expect((await exit).code).to.equal(5);
    await task.delete();
  });

  it('a call while the daemon stays away fails after the connect timeout with an UnavailableError naming the address', async () => {
    const d = await privateDaemon();
    const client = track(connect({ address: d.address, namespace: unique('away'), connectTimeoutMs: 400 }));
    await client.version();
    await d.kill();
    // away, as the client knows it: a call made in the instant before the connection notices fails at once
    await eventually(() => client.conn.connectivityState() !== connectivityState.READY, 'the connection noticing');
    const [error, ms] = await timed(() => client.containers().then(() => undefined, (e: unknown) => e));
    expect(error).to.be.instanceOf(UnavailableError);
    const message = (error as Error).message;
    expect(message).to.include(d.address).and.include('no answer within 400 ms');
    expect(message).not.to.match(/Resolution note/);
    expect(ms, 'it waited for the daemon').to.be.at.least(390);
    await d.restart();
  });

  describe('an address where nothing ever answers', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'rxc-nobody-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('a call fails within the connect timeout, saying there is no socket there', async () => {
      const address = join(dir, 'missing.sock');
      const client = track(connect({ address, connectTimeoutMs: 300 }));
      const error = await client.version().then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(UnavailableError);
      expect((error as Error).message).to.equal(`containerd is not reachable at ${address}: no answer within 300 ms (no socket there)`);
    });

    it('a call fails within the connect timeout, saying nothing accepts connections on a socket file nobody serves', async () => {
      const address = join(dir, 'stale.sock');
      writeFileSync(address, ''); // a file where a socket was: what a crashed daemon can leave
      const client = track(connect({ address, connectTimeoutMs: 300 }));
      const error = await client.version().then(() => undefined, (e: unknown) => e);
      expect(error).to.be.instanceOf(UnavailableError);
      expect((error as Error).message).to.match(/no answer within 300 ms \(the socket exists but nothing accepts connections on it\)$/);
    });

    it('the shared stream reports down with that error and keeps trying, without erroring its subscribers', async () => {
      const client = track(connect({ address: join(dir, 'never.sock'), connectTimeoutMs: 200 }));
      const states = await firstValueFrom(client.hub.state$.pipe(take(4), toArray()));
      expect(states).to.deep.equal(['connecting', 'down', 'connecting', 'down']);
    });
  });
});
