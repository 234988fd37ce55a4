import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFixtureImage, writeDockerArchive, writeOciArchive } from '../src/testing/index.js';

const out = mkdtempSync(join(tmpdir(), 'fixture-'));
const image = await buildFixtureImage({
  names: ['docker.io/library/hello:1'],
  config: { Cmd: ['echo "$GREETING from $(id -un)"'] },
  extraLayers: [{ files: { 'opt/hello/README': 'made by the fixture builder\n' } }],
});
const oci = await writeOciArchive(image, join(out, 'hello-oci.tar'));      // ctr images import hello-oci.tar
await writeDockerArchive(image, join(out, 'hello-docker.tar'));           // docker load -i hello-docker.tar
console.log(oci, image.target.digest);

// The same options give the same digests, on every run.
const again = await buildFixtureImage({
  names: ['docker.io/library/hello:1'],
  config: { Cmd: ['echo "$GREETING from $(id -un)"'] },
  extraLayers: [{ files: { 'opt/hello/README': 'made by the fixture builder\n' } }],
});
assert.deepEqual(again.blobs, image.blobs);
assert.equal(image.layers.length, 3);
for (const i of [image, again]) i.remove();
rmSync(out, { recursive: true, force: true });
