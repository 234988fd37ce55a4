import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { connect, lines } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'exec' });
const rootfs = await busyboxRootfs();
try {
  const container = await client.newContainer('box', { rootfs, args: ['/bin/sleep', '60'], hostname: 'box' });
  const task = await container.newTask({ stdio: 'ignore' });
  await task.start();

  // An exec: a second process in the running container, with its own stdio, wait$ and exit code.
  const probe = await task.exec('probe', { args: ['/bin/sh', '-c', 'hostname; exit 3'], env: { MODE: 'check' } });
  const out = lastValueFrom(probe.io.stdout$.pipe(lines(), toArray()));
  const exit = firstValueFrom(probe.wait$());
  const pid = await probe.start();
  assert.equal((await exit).code, 3);
  assert.equal((await probe.delete()).code, 3);
  assert.deepEqual(await out, ['box']);
  console.log(`exec pid ${pid} exited with 3`);

  await task.delete({ kill: true });                        // SIGKILL, wait for the exit, delete: 137
  await container.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
