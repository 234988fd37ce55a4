import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { filter, firstValueFrom, mergeMap, tap } from 'rxjs';
import { connect } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'outages' });
const rootfs = await busyboxRootfs();
try {
  const known = new Set<string>();                          // what this app tracks from the events
  client.events$.pipe(filter((e) => e.topic === '/containers/create'))
    .subscribe((e) => known.add((e.event as { id: string }).id));
  const reconciled = firstValueFrom(client.hub.outages$.pipe(
    tap(({ from, to }) => console.log(`events from ${from.toISOString()} to ${to.toISOString()} were missed`)),
    mergeMap(() => client.containers$()),                   // reconcile: ask the daemon for the truth
    tap((containers) => containers.forEach((c) => known.add(c.id))),
  ));
  await firstValueFrom(client.hub.live$);

  await daemon.kill();                                      // the daemon crashes...
  await firstValueFrom(client.hub.state$.pipe(filter((s) => s === 'down'))); // a call already on the wire would fail
  const made = client.newContainer('made-meanwhile', { rootfs, args: ['/bin/true'] }); // waits for the daemon
  await daemon.restart();                                   // ...and comes back
  await made;
  await reconciled;                                         // live again, the gap known and reconciled
  assert.ok(known.has('made-meanwhile'));                   // seen as an event or by reconciling
  console.log('tracked:', [...known].join(', '));
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
