import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { connect } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'init' });
const rootfs = await busyboxRootfs();
// a PID 1 that never waits: the subshell's `sleep 0.2` is orphaned to it, and stays a zombie once it ends
const args = ['/bin/sh', '-c', '(sleep 0.2 &); exec sleep 60'];
const zombies = async (init: boolean): Promise<number> => {
  await using container = await client.newContainer(`web-${init}`, { rootfs, args, init });
  const task = await container.newTask({ stdio: 'ignore' });
  await task.start();
  await new Promise((r) => setTimeout(r, 1_000));
  const pids = await task.pids(); // [{ pid, zombie: false }, { pid, zombie: true }] without init
  await task.delete({ kill: true });
  return pids.filter((p) => p.zombie).length;
};
try {
  const [without, withInit] = [await zombies(false), await zombies(true)];
  console.log(without, withInit); // 1 0
  assert.deepEqual([without, withInit], [1, 0]);
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
