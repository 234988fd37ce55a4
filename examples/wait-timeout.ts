import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { CanceledError, connect, TimeoutError } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const rootfs = await busyboxRootfs();
try {
  await using client = connect({ address: daemon.address, namespace: 'wait-timeout' });
  await using container = await client.newContainer('slow', { rootfs, args: ['/bin/sleep', '60'] });
  await using task = await container.newTask({ stdio: 'ignore' });
  await task.start();

  // A time limit ends the wait, not the process: it keeps running, and a later wait still sees its exit.
  const late = await task.wait({ timeoutMs: 200 }).catch((e: unknown) => e);
  assert.ok(late instanceof TimeoutError);                  // a DeadlineExceededError, with its timeoutMs
  assert.equal((await task.status()).status, 'running');

  // An AbortSignal does the same on demand; the error's cause is the signal's reason.
  const controller = new AbortController();
  const waiting = task.wait({ signal: controller.signal }).catch((e: unknown) => e);
  controller.abort(new Error('the user went away'));
  const aborted = await waiting;
  assert.ok(aborted instanceof CanceledError);
  console.log(`${(aborted as Error).message} (cause: ${((aborted as Error).cause as Error).message})`);

  const exit = task.wait({ signal: AbortSignal.timeout(10_000) });
  await task.kill('SIGKILL');
  assert.equal((await exit).code, 137);
} finally {
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
