import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { connect, forContainer } from '../src/index.js';
import { busyboxRootfs, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();                         // a private containerd (root needed)
const rootfs = await busyboxRootfs();                       // a busybox root filesystem in a temp directory
try {
  await using client = connect({ address: daemon.address, namespace: 'tour' }); // closed at the end of the block
  client.events$.pipe(forContainer('hello')).subscribe((e) => console.log(e.topic));
  await firstValueFrom(client.hub.live$);                   // the stream is live: no event is missed from here

  await using container = await client.newContainer('hello', { rootfs, args: ['/bin/sh', '-c', 'echo hi; exit 7'] });
  await using task = await container.newTask({ stdio: 'inherit' }); // disposed of first: killed if running, deleted
  const exit = task.wait({ timeoutMs: 10_000 });            // safe before start: the exit cannot slip through
  console.log(`pid ${await task.start()}`);
  const { code, exitedAt } = await exit;
  console.log(`exited with ${code} at ${exitedAt.toISOString()}`);
  assert.equal(code, 7);
  assert.equal(typeof task.pid, 'number');                  // number | undefined, undefined before the start
} finally {
  await daemon.stop();                                      // ends shims, unmounts, removes its temp directories
  rmSync(rootfs, { recursive: true, force: true });
}
