import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { connect, InvalidArgumentError } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'labels' });
const rootfs = await busyboxRootfs();
try {
  await using container = await client.newContainer('web', { rootfs, args: ['/bin/sleep', '60'], labels: { app: 'web', tier: 'front' } });
  const task = await container.newTask({ stdio: 'ignore' });
  await task.start();

  // labels change at once, even while the task runs; '' or null removes one, the others stay
  await container.update({ labels: { tier: 'back', release: '2' } });
  await container.update({ labels: { release: null }, annotations: { 'org.example/owner': 'team-a' } });
  console.log(container.labels.app, container.labels.tier, container.labels.release); // web back undefined
  assert.deepEqual((await client.containers('labels."tier"==back')).map((c) => c.id), ['web']);

  // the whole record, as `ctr containers info web` shows it
  const info = await container.info();
  console.log(info.runtime.name, info.spec?.annotations); // io.containerd.runc.v2 { 'org.example/owner': 'team-a' }
  assert.ok(info.updatedAt! >= info.createdAt!);

  // containerd's limit: a label's key and value together at most 4096 bytes; refused before any call
  const tooLong = await container.update({ labels: { note: 'x'.repeat(5000) } }).catch((e: unknown) => e);
  assert.ok(tooLong instanceof InvalidArgumentError);

  await task.delete({ kill: true });
} finally {
  client.close();
  await daemon.stop();
  rmSync(rootfs, { recursive: true, force: true });
}
