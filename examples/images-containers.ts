import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { connect, lines, NotFoundError } from '../src/index.js';
import { buildFixtureImage, startDaemon, writeOciArchive } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'from-images' });
const folder = mkdtempSync(join(tmpdir(), 'image-'));
try {
  // a test image: busybox, Entrypoint /bin/sh -c, User app (uid 1000), WorkingDir /srv/app, Env GREETING=hello,
  // StopSignal SIGINT; imported (and unpacked) as `ctr images import` does it
  const name = 'docker.io/library/hello:1';
  const image = await buildFixtureImage({ dir: join(folder, 'layout'), names: [name] });
  await client.importImage(await writeOciArchive(image, join(folder, 'hello.tar')));

  // args replace the image's Cmd (the Entrypoint stays); env overrides its Env by name
  const container = await client.newContainer('hello', { image: name, args: ['echo "$GREETING from $(id -un) in $(pwd)"'], env: { GREETING: 'hi' } });
  assert.deepEqual(container.snapshot, { snapshotter: 'overlayfs', key: 'hello' });
  assert.equal(container.stopSignal, 'SIGINT');             // what a graceful stop sends unless told otherwise

  const task = await container.newTask();                   // its rootfs: the snapshot's mounts
  const out = lastValueFrom(task.io.stdout$.pipe(lines(), toArray()));
  const exit = task.wait();
  await task.start();
  assert.equal((await exit).code, 0);
  await task.delete();
  assert.deepEqual(await out, ['hi from app in /srv/app']);

  await container.delete();                                 // the snapshot goes too ({ keepSnapshot: true } keeps it)
  const gone = await client.snapshots('overlayfs').stat('hello').catch((e: unknown) => e);
  assert.ok(gone instanceof NotFoundError);
  console.log('ran as the image says, and left nothing');
} finally {
  client.close();
  await daemon.stop();
  rmSync(folder, { recursive: true, force: true });
}
