import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { connect, lines } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'stdin' });
const rootfs = await busyboxRootfs();
try {
  const container = await client.newContainer('upper', { rootfs, args: ['/bin/tr', 'a-z', 'A-Z'] });
  const task = await container.newTask({ stdio: 'pipe' });   // stdin, stdout and stderr
  const out = lastValueFrom(task.io.stdout$.pipe(lines(), toArray()));
  const exit = firstValueFrom(task.wait$());
  await task.start();
  task.io.stdin!.write('hello\n');
  task.io.stdin!.write('world\n');
  await task.closeIO();                                     // EOF: tr finishes
  assert.equal((await exit).code, 0);
  await task.delete();
  assert.deepEqual(await out, ['HELLO', 'WORLD']);
  await container.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
