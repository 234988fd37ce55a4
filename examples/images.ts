import assert from 'node:assert/strict';
import { connect, NotFoundError, PlatformNotFoundError } from '../src/index.js';
import { buildFixtureImage, loadFixtureImage, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'images' });
const fixture = await buildFixtureImage({ names: ['example.test/app:1'] });
try {
  await loadFixtureImage(client, fixture);

  const [image] = await client.images(['name==example.test/app:1']);   // containerd's filter syntax
  assert.ok(image);
  console.log(image.name, image.target.mediaType);           // an image index: one manifest per platform

  // the manifest and config of this machine's platform
  const manifest = await image.manifest();
  assert.equal(manifest.layers.length, 2);
  const { config } = await image.config();
  assert.deepEqual(config?.Entrypoint, ['/bin/sh', '-c']);
  console.log({ env: config?.Env, workingDir: config?.WorkingDir, user: config?.User, stopSignal: config?.StopSignal });
  console.log(`${await image.size()} bytes: index, manifest, config and layers, as ctr images ls counts them`);

  // a platform the image lacks, a name that is not there: typed errors that say what is wrong
  const lacking = await image.manifest('linux/s390x').catch((e: unknown) => e);
  assert.ok(lacking instanceof PlatformNotFoundError);
  console.log(lacking.message);                              // … (it has: linux/amd64, linux/arm64/v8)
  const unknown = await client.getImage('example.test/nothing:1').catch((e: unknown) => e);
  assert.ok(unknown instanceof NotFoundError);

  // deleting the record lets the garbage collector take the content (sync: it has run on return)
  await image.delete({ sync: true });
  assert.deepEqual(await client.images(), []);
  assert.deepEqual(await client.content.list(), []);
} finally {
  client.close();
  fixture.remove();
  await daemon.stop();
}
