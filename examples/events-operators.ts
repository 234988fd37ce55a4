import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { filter, firstValueFrom, map, takeWhile, toArray } from 'rxjs';
import { connect, exits, forContainer, ofTopic } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'events' });
const rootfs = await busyboxRootfs();
try {
  const topics = firstValueFrom(client.events$.pipe(
    forContainer('job'),
    ofTopic('/tasks/'),                                     // a prefix: every task event
    map((e) => e.topic),
    takeWhile((topic) => topic !== '/tasks/delete', true),
    toArray(),
  ));
  const exit = firstValueFrom(client.events$.pipe(exits(), filter((x) => x.containerId === 'job')));
  await firstValueFrom(client.hub.live$);                   // the stream is live: no event from now on is missed

  const container = await client.newContainer('job', { rootfs, args: ['/bin/sh', '-c', 'exit 3'] });
  const task = await container.newTask({ stdio: 'ignore' });
  await task.start();
  const { code, pid } = await exit;                         // from the event alone
  assert.equal(code, 3);
  await task.delete();
  assert.deepEqual(await topics, ['/tasks/create', '/tasks/start', '/tasks/exit', '/tasks/delete']);
  console.log(`job (pid ${pid}) exited with ${code}`);
  await container.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
