import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { connect, lines } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'tty' });
const rootfs = await busyboxRootfs();
try {
  const container = await client.newContainer('tty', { rootfs, args: ['/bin/stty', 'size'], terminal: true });
  const task = await container.newTask();                   // with a terminal, all output comes on stdout$
  const out = lastValueFrom(task.io.stdout$.pipe(lines(), toArray()));
  const exit = firstValueFrom(task.wait$());
  await task.resize(100, 30);                               // width, height: before or after the start
  await task.start();
  assert.equal((await exit).code, 0);
  await task.delete();
  assert.deepEqual(await out, ['30 100']);                  // stty prints rows, columns; lines() drops the '\r'
  await container.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
