import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { connect } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'wait' });
const rootfs = await busyboxRootfs();
try {
  const container = await client.newContainer('answer', { rootfs, args: ['/bin/sh', '-c', 'exit 42'] });
  const task = await container.newTask({ stdio: 'ignore' });
  const exit$ = task.wait$();                               // nothing happens yet
  const first = firstValueFrom(exit$);                      // armed before the start
  await task.start();
  const { code, exitedAt } = await first;
  assert.equal(code, 42);

  const late = await firstValueFrom(task.wait$());          // after the exit: the same result, replayed
  assert.deepEqual(late, { code, exitedAt });
  assert.equal(task.wait$(), exit$);                        // one shared Observable per process

  await task.delete();
  await container.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
