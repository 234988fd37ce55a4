import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { lastValueFrom, takeWhile, toArray } from 'rxjs';
import { connect, describeExit, isFinal, supervise } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const MiB = 1024 * 1024;
const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'oom' });
const rootfs = await busyboxRootfs();
try {
  // a shell that reads 100 MiB into a variable, under a 32 MiB limit: the kernel's OOM killer ends it
  const hog = await client.newContainer('hog', {
    rootfs, args: ['/bin/sh', '-c', "x=$(head -c 104857600 /dev/zero | tr '\\0' a)"], memory: { limit: 32 * MiB },
  });
  const events = await lastValueFrom(
    supervise(() => hog.newTask({ stdio: 'ignore' }), { restart: 'no' }).pipe(takeWhile(e => !isFinal(e), true), toArray()),
  );
  const exited = events.find(e => e.type === 'exited');
  assert.ok(exited?.type === 'exited');
  assert.equal(exited.reason, 'oom');
  assert.equal(exited.status.oomKilled, true);
  console.log(describeExit(exited.status)); // killed by the OOM killer (SIGKILL, 137)
  await hog.delete();
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
