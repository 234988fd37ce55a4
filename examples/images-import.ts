import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { filter, lastValueFrom, tap } from 'rxjs';
import { connect, DigestMismatchError } from '../src/index.js';
import { buildFixtureImage, startDaemon, writeArchiveWithCorruptBlob, writeDockerArchive, writeOciArchive } from '../src/testing/index.js';

const work = mkdtempSync(join(tmpdir(), 'import-example-'));
const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'import' });
const fixture = await buildFixtureImage({ dir: join(work, 'image'), names: ['example.test/app:1'] });
try {
  // an OCI image layout tar (what `ctr images export` or `docker save` of Docker 25 writes)
  const archive = await writeOciArchive(fixture, join(work, 'app-oci.tar'));
  const done = await lastValueFrom(client.importImage$(archive).pipe(
    tap((p) => {
      if (p.phase === 'blob' && p.state !== 'writing') console.log(`${p.state} ${p.digest.slice(0, 19)} ${p.total} bytes`);
      if (p.phase === 'unpacking') console.log(`layer ${p.layer + 1}/${p.of} unpacked into ${p.chainId.slice(0, 19)}`);
    }),
    filter((p) => p.phase === 'done'),
  ));
  assert.deepEqual(done.images.map((i) => i.name), ['example.test/app:1']);
  assert.equal(await done.images[0]!.isUnpacked(), true);

  // a `docker save` tar: the manifest is made from manifest.json, the layers digested as they stream
  const saved = await client.importImage(await writeDockerArchive(fixture, join(work, 'app-docker.tar')), { name: 'example.test/app:saved' });
  console.log(saved.images.map((i) => `${i.name} -> ${i.target.mediaType}`));

  // a blob that does not match its digest: a typed error naming it, and nothing of the import stays
  const corrupt = await writeArchiveWithCorruptBlob(fixture, join(work, 'corrupt.tar'));
  const error = await client.importImage(corrupt.file, { name: 'example.test/app:corrupt' }).catch((e: unknown) => e);
  assert.ok(error instanceof DigestMismatchError);
  assert.equal(error.expectedDigest, corrupt.digest);
  assert.deepEqual((await client.images()).map((i) => i.name).sort(), ['example.test/app:1', 'example.test/app:saved']);
} finally {
  client.close();
  fixture.remove();
  await daemon.stop();
  rmSync(work, { recursive: true, force: true });
}
