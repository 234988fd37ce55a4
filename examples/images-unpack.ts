import assert from 'node:assert/strict';
import { connect } from '../src/index.js';
import { buildFixtureImage, loadFixtureImage, startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'unpack' });
const fixture = await buildFixtureImage();                   // an OCI image of busybox: two layers, two platforms
try {
  const image = await loadFixtureImage(client, fixture);  // its blobs in the content store, and its record

  // each layer applied on the one below it, committed as a snapshot named by its chain id
  const progress = await image.unpack({ snapshotter: 'overlayfs' });
  for (const p of progress) console.log(`layer ${p.layer + 1}/${p.of} ${p.digest.slice(0, 19)}… -> snapshot ${p.chainId.slice(0, 19)}…`);
  assert.equal(await image.isUnpacked({ snapshotter: 'overlayfs' }), true);
  const again = await image.unpack({ snapshotter: 'overlayfs' });
  assert.ok(again.every((p) => p.skipped));                  // what is there is not done twice

  // the top chain id holds the whole filesystem: a container's writable snapshot is prepared on it; a snapshot
  // nothing references (no container, no lease, no gc.root label) is the garbage collector's
  const snapshots = client.snapshots('overlayfs');
  const chainId = await image.chainId();
  const mounts = await snapshots.prepare('my-rootfs', { parent: chainId, labels: { 'containerd.io/gc.root': 'example' } });
  assert.equal(mounts[0]?.type, 'overlay');                  // lowerdir= the layers, upperdir= what gets written
  const info = await snapshots.stat('my-rootfs');
  assert.deepEqual([info.kind, info.parent], ['active', chainId]);
  const kinds = (await snapshots.list()).map((s) => s.kind).sort();
  assert.deepEqual(kinds, ['active', 'committed', 'committed']);
  const usage = await snapshots.usage('my-rootfs');          // bytes and inodes it holds of its own
  console.log(`my-rootfs on ${chainId.slice(0, 19)}…: ${usage.size} bytes, ${usage.inodes} inodes`);
  await snapshots.remove('my-rootfs');
} finally {
  client.close();
  fixture.remove();
  await daemon.stop();
}
