import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { lastValueFrom, toArray } from 'rxjs';
import { connect, lines } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const rootfs = await busyboxRootfs();
try {
  await using client = connect({ address: daemon.address, namespace: 'exec' });
  await using container = await client.newContainer('box', { rootfs, args: ['/bin/sleep', '60'], hostname: 'box' });
  await using task = await container.newTask({ stdio: 'ignore' }); // at the end: SIGKILL, wait, delete (137)
  await task.start();

  // An exec: a second process in the running container, with its own stdio, wait and exit code. Its options
  // are its process and its stdio, as newTask's are.
  const probe = await task.exec('probe', { args: ['/bin/sh', '-c', 'hostname; exit 3'], env: { MODE: 'check' }, stdio: 'pipe' });
  const out = lastValueFrom(probe.io.stdout$.pipe(lines(), toArray()));
  const exit = probe.wait();
  const pid = await probe.start();
  assert.equal(probe.pid, pid);
  assert.equal((await exit).code, 3);
  assert.equal((await probe.delete()).code, 3);
  assert.deepEqual(await out, ['box']);
  console.log(`exec pid ${pid} exited with 3`);
} finally {
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
