import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import { connect } from '../../src/process/client.js';
import type { ConnectionState, StreamNotice } from '../../src/streams/connection-state.js';
import { openSubscribes, privateDaemon, sharedRootfs, track, unique } from '../support/daemon.js';
import { collect, eventually, sleep } from './daemon-support.js';

/** The daemon handles a cancelled Subscribe asynchronously: poll its goroutines for a while. */
async function settledSubscribes(d: Parameters<typeof openSubscribes>[0], limitMs = 3_000): Promise<number> {
  const deadline = Date.now() + limitMs;
  let open = await openSubscribes(d);
  while (open > 0 && Date.now() < deadline) {
    await sleep(50);
    open = await openSubscribes(d);
  }
  return open;
}

describe('the shared stream against the real daemon', () => {
  it('opens one Subscribe for many subscribers, and 1,000 subscribe/unsubscribe cycles leave no Subscribe open once the linger is over', async () => {
    const d = await privateDaemon();
    const client = track(connect({ address: d.address, namespace: unique('cycles'), streamLingerMs: 200 }));
    // the count sees our Subscribe, and many subscribers share one
    const many = Array.from({ length: 20 }, () => client.events$.subscribe());
    const listeners = Array.from({ length: 20 }, (_, i) => client.hub.listen$(`c${i}`).subscribe());
    await firstValueFrom(client.hub.live$);
    expect(await openSubscribes(d)).to.equal(1);
    for (const s of [...many, ...listeners]) s.unsubscribe();
    expect(await settledSubscribes(d)).to.equal(0);

    for (let i = 0; i < 1_000; i++) {
      const s = client.events$.subscribe();
      // most cycles leave at once or after the call reached the daemon; some after the stream went live
      if (i % 100 === 0) await firstValueFrom(client.hub.live$);
      else if (i % 2 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
      else await sleep(1);
      s.unsubscribe();
    }
    await sleep(400);
    expect(client.hub.state).to.equal('connecting');
    expect(client.hub.listenerCount).to.equal(0);
    expect(await settledSubscribes(d)).to.equal(0);
  });

  it('the default linger keeps the Subscribe open for 2 s after the last listener left: a wait right after finds it live, with no second Subscribe', async () => {
    const d = await privateDaemon();
    const client = track(connect({ address: d.address, namespace: unique('linger') }));
    const first = client.events$.subscribe();
    await firstValueFrom(client.hub.live$);
    first.unsubscribe();
    await sleep(300);
    expect(client.hub.state).to.equal('live');
    expect(await openSubscribes(d)).to.equal(1);
    const second = client.hub.listen$('later').subscribe();
    expect(client.hub.state).to.equal('live');
    second.unsubscribe();
    expect(await settledSubscribes(d, 5_000)).to.equal(0);
    expect(client.hub.state).to.equal('connecting');
  });

  it('a daemon killed with SIGKILL and restarted: subscribers are not errored, the state goes down then live, and later events arrive', async () => {
    const d = await privateDaemon();
    const client = track(connect({
      address: d.address,
      namespace: unique('restart'),
      reconnectBackoff: { initialMs: 50, factor: 2, maxMs: 400, jitter: 0, resetAfterMs: 0 },
    }));
    const rootfs = await sharedRootfs();
    const states = collect(client.hub.state$);
    const events = collect(client.events$);
    const listener = collect(client.hub.listen$('after'));
    await firstValueFrom(client.hub.live$);
    await (await client.newContainer('before', { rootfs, args: ['/bin/true'] })).delete();
    await eventually(() => events.items.length === 2, 'the events before the kill');

    await d.kill();
    await eventually(() => states.items.includes('down'), 'the state down');
    await sleep(300); // a few failed reconnects while the daemon is away
    await d.restart();
    await eventually(() => states.items.lastIndexOf('live') > states.items.indexOf('down'), 'live again', 15_000);
    const created = await client.newContainer('after', { rootfs, args: ['/bin/true'] });
    await created.delete();
    await eventually(() => events.items.some((e) => e.topic === '/containers/delete' && (e.event as { id: string }).id === 'after'), 'the events after the restart');
    for (const c of [states, events, listener]) c.subscription.unsubscribe();

    for (const c of [states, events, listener]) {
      expect(c.error).to.equal(undefined);
      expect(c.completed).to.equal(false);
    }
    expect(events.items.map((e) => `${e.topic} ${(e.event as { id: string }).id}`)).to.deep.equal([
      '/containers/create before', '/containers/delete before', '/containers/create after', '/containers/delete after',
    ]);
    // connecting, live, then down and connecting while away (a retry waits for the daemon), then live again
    const s = states.items;
    expect(s.slice(0, 3)).to.deep.equal(['connecting', 'live', 'down']);
    expect(s.at(-1)).to.equal('live');
    expect(s.at(-2)).to.equal('connecting');
    expect(s.slice(2, -1).every((x) => x === 'down' || x === 'connecting')).to.equal(true);
    // the process listener was told too
    const told = listener.items.filter((x): x is Extract<StreamNotice, { kind: 'state' }> => x.kind === 'state').map((x) => x.state);
    expect(told).to.deep.equal(s satisfies ConnectionState[]);
  });
});
