/**
 * The main job for now: start a private containerd, run a container that exits 7, print its exit status,
 * clean up. Run with `npm start` (as root).
 */
import { rmSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { connect } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'example' });
let rootfs: string | undefined;
try {
  console.log(`containerd ${(await client.version()).version} at ${daemon.address}`);
  rootfs = await busyboxRootfs();
  const container = await client.newContainer('exit-seven', { rootfs, args: ['/bin/sh', '-c', 'echo hello from the container; exit 7'] });
  const task = await container.newTask({ stdio: 'inherit' });
  const exit$ = task.wait$();
  const pid = await task.start();
  console.log(`started pid ${pid}`);
  const { code, exitedAt } = await firstValueFrom(exit$);
  console.log(`exited with status ${code} at ${exitedAt.toISOString()}`);
  await task.delete();
  await container.delete();
} finally {
  client.close();
  await daemon.stop();
  if (rootfs) rmSync(rootfs, { recursive: true, force: true });
}
