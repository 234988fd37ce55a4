import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { concat, lastValueFrom, NEVER } from 'rxjs';
import { connect, NotFoundError } from '../src/index.js';
import { startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'leases' });
const digestOf = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
try {
  const layer = Buffer.from('a layer');
  const manifest = Buffer.from('a manifest');
  const scratch = Buffer.from('scratch');

  // everything written inside carries the lease: the garbage collector cannot take it halfway through
  await lastValueFrom(client.withLease$((images, lease) => concat(
    images.content.write$(layer, { digest: digestOf(layer), size: layer.length }),
    images.content.write$(scratch, { digest: digestOf(scratch), size: scratch.length }),
    // the manifest is a root (an image record makes one), and its gc.ref label keeps the layer
    images.content.write$(manifest, {
      digest: digestOf(manifest),
      size: manifest.length,
      labels: { 'containerd.io/gc.root': 'true', 'containerd.io/gc.ref.content.l.0': digestOf(layer) },
    }),
    client.leases.resources$(lease.id),
  ), { sync: true }));                               // delete the lease and wait for the collector

  // the lease is gone; what a root references stayed, the rest was collected
  assert.deepEqual(await client.leases.list(), []);
  assert.equal((await client.content.info(digestOf(layer))).size, layer.length);
  assert.ok((await client.content.info(digestOf(scratch)).catch((e: unknown) => e)) instanceof NotFoundError);

  // the lease is deleted on error and on unsubscription too
  const running = client.withLease$(() => NEVER, { expireMs: 60_000 }).subscribe();
  while ((await client.leases.list()).length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
  running.unsubscribe();
  while ((await client.leases.list()).length > 0) await new Promise((resolve) => setTimeout(resolve, 10));
  console.log('no lease left');
} finally {
  client.close();
  await daemon.stop();
}
