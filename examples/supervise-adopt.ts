import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { bufferCount, filter, firstValueFrom, lastValueFrom, map, type Observable, share, Subject, toArray } from 'rxjs';
import {
  connect, containerSupervisor, SupervisorClaimedError, type ContainerSupervisorSpec, type SupervisorEvent, type SupervisorEventOf,
} from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'adopt-example' });
const rootfs = await busyboxRootfs();

/** The first two events with a running pid (`started`, or `adopted` when a supervisor took it over), by child. */
const running = (events$: Observable<SupervisorEvent>) => firstValueFrom(events$.pipe(
  filter((e): e is SupervisorEventOf<'started' | 'adopted'> => e.type === 'started' || (e.type === 'adopted' && e.state === 'running')),
  bufferCount(2),
  map(events => Object.fromEntries(events.map(e => [e.child!, e]))),
));
try {
  const spec = (notifiers: Pick<ContainerSupervisorSpec, 'detach' | 'stop'>): ContainerSupervisorSpec => ({
    name: 'shop',                                                    // the claim, and the owner label
    children: [
      { id: 'db', container: { id: 'shop-db', rootfs, args: ['/bin/sleep', '3600'] }, gracePeriodMs: 200 },
      { id: 'api', container: { id: 'shop-api', rootfs, args: ['/bin/sleep', '3600'] }, gracePeriodMs: 200 },
    ],
    ...notifiers,
  });

  // the first release of the app: creates and labels the containers, starts their tasks
  const detach = new Subject<void>();
  const first$ = containerSupervisor(client, spec({ detach })).pipe(share());
  const firstEnd = lastValueFrom(first$);
  const { db: db1, api: api1 } = await running(first$);
  detach.next();                                                     // a deploy: let go, stop nothing
  assert.deepEqual(await firstEnd, { type: 'stopped', cause: 'detached', at: (await firstEnd).at });

  // the next release adopts them: the same pids, nothing restarted
  const stop = new Subject<void>();
  const second$ = containerSupervisor(client, spec({ stop })).pipe(share());
  const secondAll = lastValueFrom(second$.pipe(toArray()));
  const { db: db2, api: api2 } = await running(second$);
  assert.deepEqual([db2?.type, db2?.pid, api2?.type, api2?.pid], ['adopted', db1?.pid, 'adopted', api1?.pid]);
  assert.equal((await client.loadContainer('shop-db')).labels['rx-containerd/supervisor'], 'shop');

  // a second copy of the app is refused while this one runs, and touches nothing
  const refused = await lastValueFrom(containerSupervisor(client, spec({}))).catch((e: unknown) => e);
  assert.ok(refused instanceof SupervisorClaimedError);

  stop.next();                                                       // a real stop: processes and containers go
  assert.equal((await secondAll).at(-1)?.type, 'stopped');
  assert.deepEqual(await client.containers(), []);
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
