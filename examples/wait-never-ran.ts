import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { connect, NotFoundError, NotStartedError } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'never-ran' });
const rootfs = await busyboxRootfs();
const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected a failure'), (e: unknown) => e);
try {
  const container = await client.newContainer('box', { rootfs, args: ['/bin/sleep', '60'] });
  const task = await container.newTask({ stdio: 'ignore' });
  await task.start();

  const exec = await task.exec('missing', { args: ['/bin/no-such-binary'], stdio: 'ignore' });
  const exit = failure(firstValueFrom(exec.wait$()));         // pending before the start
  assert.ok(await failure(exec.start()) instanceof NotFoundError);   // the binary is missing
  const waited = await exit;
  assert.ok(waited instanceof NotStartedError);               // no exit: not a code 0 at a made-up time
  console.log((waited as NotStartedError).message);
  assert.ok(await failure(exec.delete()) instanceof NotStartedError); // deleted all the same, with no exit status

  await task.delete({ kill: true });
  await container.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
