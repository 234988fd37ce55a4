import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { connect, lines } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'io' });
const rootfs = await busyboxRootfs();
try {
  const script = 'echo starting; echo "no config, using defaults" >&2; printf "done"';
  const container = await client.newContainer('talker', { rootfs, args: ['/bin/sh', '-c', script] });
  const task = await container.newTask();  // stdio ['ignore', 'pipe', 'pipe']
  const out = lastValueFrom(task.io.stdout$.pipe(lines(), toArray()));
  const err = lastValueFrom(task.io.stderr$.pipe(lines(), toArray()));
  const exit = firstValueFrom(task.wait$());
  await task.start();
  assert.equal((await exit).code, 0);
  await task.delete();                                      // takes the rest of the output, ends the streams
  assert.deepEqual(await out, ['starting', 'done']);        // a last line without '\n' is kept
  assert.deepEqual(await err, ['no config, using defaults']);
  await container.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
