import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { connectFleet } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemons = await Promise.all([startDaemon(), startDaemon(), startDaemon()]);   // three nodes
const rootfs = await busyboxRootfs();
const fleet = connectFleet({
  nodes: { a: daemons[0]!.address, b: daemons[1]!.address, c: { address: daemons[2]!.address } },
  defaults: { namespace: 'fleet' },                          // every node's client takes these options
});
try {
  const created = firstValueFrom(fleet.events$.pipe(filter((e) => e.topic === '/containers/create'), take(3), toArray()));
  await firstValueFrom(fleet.state$.pipe(filter((s) => s.health === 'live')));  // every node's stream is live

  for (const node of fleet.nodes) await fleet.node(node).newContainer(`job-${node}`, { rootfs, args: ['/bin/sh', '-c', 'exit 5'] });
  for (const e of await created) console.log(e.node, e.topic, (e.event as { id: string }).id);   // a /containers/create job-a ...

  // a container the fleet lists is bound to its node: its task's start, wait and kill go there
  const { items } = await fleet.containers();
  const onB = items.find((x) => x.node === 'b')!.container;
  const task = await onB.newTask({ stdio: 'ignore' });
  const exit = firstValueFrom(task.wait$());

  await daemons[0]!.kill();                                  // node a goes away...
  await firstValueFrom(fleet.state$.pipe(filter((s) => s.nodes['a'] === 'down')));
  await task.start();
  assert.equal((await exit).code, 5);                        // ...node b's wait resolves all the same
  const tasks = await fleet.tasks();
  console.log(tasks.items.map((t) => `${t.node}/${t.containerId} ${t.status}`), 'failed:', tasks.failures.map((f) => f.node));
  await daemons[0]!.restart();                               // node a comes back and its stream reconnects on its own
  await firstValueFrom(fleet.state$.pipe(filter((s) => s.health === 'live')));
  await task.delete();
} finally {
  fleet.close();
  await Promise.all(daemons.map((d) => d.stop()));
  rmSync(rootfs, { recursive: true, force: true });
}
