import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { connect } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const rootfs = await busyboxRootfs();
let dir: string;
{
  await using daemon = await startDaemon();   // stopped, with all it started, when the block ends
  dir = daemon.dir;
  const client = connect({ address: daemon.address, namespace: 'my-test' });
  const container = await client.newContainer('hello', { rootfs, args: ['/bin/sh', '-c', 'exit 3'] });
  const task = await container.newTask({ stdio: 'ignore' });
  const exit = firstValueFrom(task.wait$());
  await task.start();
  assert.equal((await exit).code, 3);
  client.close();
}
assert.equal(existsSync(dir), false);
rmSync(rootfs, { recursive: true, force: true });
