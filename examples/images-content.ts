import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { lastValueFrom, toArray } from 'rxjs';
import { connect, DigestMismatchError, NotFoundError } from '../src/index.js';
import { startDaemon } from '../src/testing/index.js';

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'content' });
const digestOf = (bytes: Uint8Array): string => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
try {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux' }));
  const digest = digestOf(config);

  // write from any Readable (or AsyncIterable, or bytes): STAT, WRITE, COMMIT, the digest checked on our side
  const steps = await lastValueFrom(client.content.write$(Readable.from([config]), { digest, size: config.length, labels: { 'containerd.io/gc.root': 'true' } }).pipe(toArray()));
  assert.deepEqual(steps.map((s) => s.phase), ['writing', 'committed']);

  // the same blob again: found by Content.Info, not a byte read from the source
  const again = await client.content.write(Readable.from([]), { digest, size: config.length, mediaType: 'application/vnd.oci.image.config.v1+json' });
  assert.deepEqual(again, { mediaType: 'application/vnd.oci.image.config.v1+json', digest, size: config.length });

  // read back: as chunks (read$) or as a Node Readable
  assert.deepEqual(await buffer(client.content.readStream(digest)), config);

  // labels: set some, remove one (null or ''), as containerd's field paths do
  const info = await client.content.updateLabels(digest, { 'example.com/owner': 'docs', 'containerd.io/gc.root': null });
  assert.deepEqual(info.labels, { 'example.com/owner': 'docs' });

  // bytes that do not match their digest: a typed error, nothing committed, no ingest left behind
  const wrong = await client.content.write(Buffer.from('not the config'), { digest: digestOf(Buffer.from('x')), size: 14 }).catch((e: unknown) => e);
  assert.ok(wrong instanceof DigestMismatchError);
  console.log(wrong.message);   // Content.Write: blob sha256:2d71…: unexpected digest sha256:65dc… (14 bytes)
  assert.deepEqual(await lastValueFrom(client.content.statuses$()), []);

  assert.deepEqual((await client.content.list()).map((i) => i.digest), [digest]);
  await client.content.delete(digest);
  assert.ok((await client.content.info(digest).catch((e: unknown) => e)) instanceof NotFoundError);
} finally {
  client.close();
  await daemon.stop();
}
