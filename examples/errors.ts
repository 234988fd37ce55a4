import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import {
  AlreadyExistsError, connect, ContainerdError, FailedPreconditionError, InvalidArgumentError, NotFoundError,
  UnavailableError,
} from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'errors' });
const rootfs = await busyboxRootfs();
const failure = (p: Promise<unknown>) => p.then(() => assert.fail('expected a failure'), (e: unknown) => e);
try {
  const bad = await failure(client.newContainer('no spaces allowed', { rootfs, args: ['/bin/true'] }));
  assert.ok(bad instanceof InvalidArgumentError);           // checked by the client: no call was made

  const container = await client.newContainer('box', { rootfs, args: ['/bin/sleep', '60'] });
  assert.ok(await failure(client.newContainer('box', { rootfs, args: ['/bin/true'] })) instanceof AlreadyExistsError);

  const task = await container.newTask({ stdio: 'ignore' });
  await task.start();
  const busy = await failure(container.delete());
  assert.ok(busy instanceof FailedPreconditionError && busy instanceof ContainerdError);
  console.log(busy.codeName, busy.call, busy.daemonMessage);   // data to branch on, not text to parse

  await task.delete({ kill: true });
  assert.ok(await failure(task.kill()) instanceof NotFoundError);   // the process is gone
  await container.delete();

  const nowhere = connect({ address: '/run/nothing-here.sock' });
  assert.ok(await failure(nowhere.version()) instanceof UnavailableError);
  nowhere.close();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
