import assert from 'node:assert/strict';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { connect, forContainer } from '../src/index.js';
import { buildFixtureImage, startDaemon, writeOciArchive } from '../src/testing/index.js';

const daemon = await startDaemon();                         // a private containerd (root needed)
const built = await buildFixtureImage({ names: ['docker.io/library/hello:1'] }); // a busybox image, made offline
try {
  await using client = connect({ address: daemon.address, namespace: 'tour' }); // closed at the end of the block
  await client.importImage(await writeOciArchive(built, join(built.dir, 'hello.tar'))); // as `ctr images import`
  client.events$.pipe(forContainer('hello')).subscribe((e) => console.log(e.topic));
  await firstValueFrom(client.hub.live$);                   // the stream is live: no event is missed from here

  // the image's Entrypoint (/bin/sh -c) with these args for its Cmd, its Env, WorkingDir and user
  await using container = await client.newContainer('hello', { image: 'docker.io/library/hello:1', args: ['echo "hi from $(id -un)"; exit 7'] });
  await using task = await container.newTask({ stdio: 'inherit' }); // disposed of first: killed if running, deleted
  const exit = task.wait({ timeoutMs: 10_000 });            // safe before start: the exit cannot slip through
  console.log(`pid ${await task.start()}`);
  const { code, exitedAt } = await exit;
  console.log(`exited with ${code} at ${exitedAt.toISOString()}`);
  assert.equal(code, 7);
  assert.equal(typeof task.pid, 'number');                  // number | undefined, undefined before the start
} finally {
  await daemon.stop();                                      // ends shims, unmounts, removes its temp directories
  built.remove();
}
