import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { connect, forContainer } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();                         // a private containerd (root needed)
const client = connect({ address: daemon.address, namespace: 'tour' });
const rootfs = await busyboxRootfs();                       // a busybox root filesystem in a temp directory
try {
  client.events$.pipe(forContainer('hello')).subscribe((e) => console.log(e.topic));
  await firstValueFrom(client.hub.live$);                   // the stream is live: no event is missed from here

  const container = await client.newContainer('hello', { rootfs, args: ['/bin/sh', '-c', 'echo hi; exit 7'] });
  const task = await container.newTask({ stdio: 'inherit' });
  const exit$ = task.wait$();                               // safe before start: the exit cannot slip through
  await task.start();
  const { code, exitedAt } = await firstValueFrom(exit$);
  console.log(`exited with ${code} at ${exitedAt.toISOString()}`);
  assert.equal(code, 7);
  await task.delete();
  await container.delete();                                 // refused while a task exists
} finally {
  client.close();
  await daemon.stop();                                      // ends shims, unmounts, removes its temp directories
  rmSync(rootfs, { recursive: true, force: true });
}
