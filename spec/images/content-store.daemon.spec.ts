import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { createReadStream, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { filter, first, firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { NotFoundError, InvalidArgumentError } from '../../src/client/errors.js';
import { DigestMismatchError } from '../../src/client/errors.js';
import { ContentStore } from '../../src/images/content-store.js';
import { testClient, unique } from '../support/daemon.js';
import { countingPort, generatedBlob, generatedDigest, until } from './generated-blob.js';

const digestOf = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const MiB = 1024 * 1024;

describe('the content store (real daemon)', () => {
  it('write$ streams a Readable in STAT, WRITE, COMMIT and the blob reads back equal, as read$ chunks and as a Readable', async () => {
    const client = await testClient();
    const blob = Buffer.alloc(3 * MiB + 5, unique('blob'));
    const digest = digestOf(blob);
    const steps = await lastValueFrom(client.content.write$(Readable.from([blob.subarray(0, 1000), blob.subarray(1000)]), { digest, size: blob.length, labels: { a: '1' } }).pipe(toArray()));
    expect(steps[0]).to.deep.equal({ digest, ref: `rxc-${digest}`, phase: 'writing', offset: 0, total: blob.length });
    expect(steps.at(-1)).to.deep.equal({ digest, ref: `rxc-${digest}`, phase: 'committed', offset: blob.length, total: blob.length });
    const chunks = await lastValueFrom(client.content.read$(digest).pipe(toArray()));
    expect(chunks.every((c) => c.byteLength <= MiB)).to.equal(true);
    expect(Buffer.concat(chunks).equals(blob)).to.equal(true);
    expect((await buffer(client.content.readStream(digest))).equals(blob)).to.equal(true);
    expect((await buffer(client.content.readStream(digest, { offset: 10, size: 20 }))).equals(blob.subarray(10, 30))).to.equal(true);
    const info = await client.content.info(digest);
    expect([info.size, info.labels]).to.deep.equal([blob.length, { a: '1' }]);
    expect(await firstValueFrom(client.content.statuses$())).to.deep.equal([]);
  });

  it('write resolves the descriptor; a blob of unknown digest is written under the given ref and committed under its computed digest', async () => {
    const client = await testClient();
    const blob = Buffer.from(unique('unknown-digest'));
    const written = await client.content.write(generatedOnce(blob), { ref: unique('layer'), mediaType: 'application/vnd.oci.image.layer.v1.tar' });
    expect(written).to.deep.equal({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: digestOf(blob), size: blob.length });
    expect((await client.content.info(digestOf(blob))).size).to.equal(blob.length);
  });

  it('a blob the namespace has is not written again: only "exists", no byte read from the source, its labels added', async () => {
    const client = await testClient();
    const blob = Buffer.from(unique('twice'));
    const digest = digestOf(blob);
    await client.content.write(blob, { digest, size: blob.length, labels: { a: '1' } });
    const read = { bytes: 0 };
    const steps = await lastValueFrom(client.content.write$(generatedBlob(blob.length, 'unused', read), { digest, size: blob.length, labels: { b: '2' } }).pipe(toArray()));
    expect(steps).to.deep.equal([{ digest, ref: `rxc-${digest}`, phase: 'exists', offset: blob.length, total: blob.length }]);
    expect(read.bytes).to.equal(0);
    expect((await client.content.info(digest)).labels).to.deep.equal({ a: '1', b: '2' });
  });

  it('bytes that do not match the digest fail with DigestMismatchError naming the blob: nothing committed, no ingest left', async () => {
    const client = await testClient();
    const blob = Buffer.alloc(2 * MiB + 3, 1);
    const digest = digestOf(Buffer.from('something else'));
    const error = await client.content.write(blob, { digest, size: blob.length }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DigestMismatchError);
    expect((error as DigestMismatchError).message).to.include(digest);
    expect((error as DigestMismatchError).actualDigest).to.equal(digestOf(blob));
    expect(await client.content.info(digest).catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    expect(await firstValueFrom(client.content.statuses$())).to.deep.equal([]);
  });

  it('a source longer or shorter than the size fails with DigestMismatchError: nothing committed, no ingest left', async () => {
    const client = await testClient();
    const blob = Buffer.from(unique('sized'));
    const digest = digestOf(blob);
    for (const size of [blob.length - 1, blob.length + 1]) {
      const error = await client.content.write(blob, { digest, size }).catch((e: unknown) => e);
      expect(error, `size ${size}`).to.be.instanceOf(DigestMismatchError);
      expect((error as DigestMismatchError).message).to.include(`expected ${size}`);
    }
    expect(await client.content.info(digest).catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    expect(await firstValueFrom(client.content.statuses$())).to.deep.equal([]);
  });

  it('an unfinished write resumes at the offset the daemon reports: ListStatuses shows the ingest, the second write sends only the rest', async function () {
    this.timeout(120_000);
    const client = await testClient();
    const size = 24 * MiB;
    const seed = unique('resume');
    const digest = await generatedDigest(size, seed);
    const firstRead = { bytes: 0 };
    await firstValueFrom(client.content.write$(generatedBlob(size, seed, firstRead), { digest, size, progress: { intervalMs: 0 } }).pipe(first((p) => p.offset >= 5 * MiB)));
    const ref = `rxc-${digest}`;
    let left = 0;
    await until(async () => {
      const statuses = await firstValueFrom(client.content.statuses$());
      left = statuses.find((s) => s.ref === ref)?.offset ?? 0;
      return statuses.length === 1 && statuses[0]!.total === size && left >= 5 * MiB;
    }, 'the unfinished ingest');
    expect(left).to.be.below(size);
    const sent = { bytes: 0 };
    const again = new ContentStore(countingPort(client.conn, sent));
    const steps = await lastValueFrom(again.write$(generatedBlob(size, seed), { digest, size }).pipe(toArray()));
    expect(steps[0]).to.deep.include({ phase: 'writing', offset: left });
    expect(steps.at(-1)).to.deep.include({ phase: 'committed', digest, offset: size });
    expect(sent.bytes).to.equal(size - left);
    expect((await client.content.info(digest)).size).to.equal(size);
    expect(await firstValueFrom(client.content.statuses$())).to.deep.equal([]);
  });

  it('a write of a ref another write holds is tried again until the ref is free, then resumes where the other stopped', async () => {
    const client = await testClient();
    const size = 4 * MiB;
    const seed = unique('locked');
    const digest = await generatedDigest(size, seed);
    async function* stalling(): AsyncGenerator<Uint8Array> {
      let sent = 0;
      for await (const piece of generatedBlob(size, seed)) {
        if (sent >= 2 * MiB) await new Promise(() => undefined);
        sent += piece.byteLength;
        yield piece;
      }
    }
    const holder = client.content.write$(stalling(), { digest, size, progress: { intervalMs: 0 } }).subscribe();
    await until(async () => (await firstValueFrom(client.content.statuses$())).some((s) => s.offset >= MiB), 'the first write under way');
    const sent = { bytes: 0 };
    const second = new ContentStore(countingPort(client.conn, sent)).write(generatedBlob(size, seed), { digest, size });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(sent.bytes).to.equal(0);
    const held = (await firstValueFrom(client.content.statuses$()))[0]!.offset;
    holder.unsubscribe();
    expect(await second).to.deep.include({ digest, size });
    expect(sent.bytes).to.equal(size - held);
  });

  it('unsubscribing a write cancels it and destroys a Readable source; nothing is committed', async () => {
    const client = await testClient();
    const size = 16 * MiB;
    const seed = unique('cancel');
    const digest = await generatedDigest(size, seed);
    const source = Readable.from(generatedBlob(size, seed));
    await firstValueFrom(client.content.write$(source, { digest, size, progress: { intervalMs: 0 } }).pipe(first((p) => p.offset >= MiB)));
    await until(async () => source.destroyed, 'the source destroyed');
    expect(await client.content.info(digest).catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
  });

  it('a file stream given to write$ is closed however the write ends: the blob already there, a bad option refused, an unsubscribe, a mismatch', async () => {
    const client = await testClient();
    const dir = mkdtempSync(join(tmpdir(), 'rxc-source-'));
    try {
      const blob = Buffer.from(unique('file-source'));
      const path = join(dir, 'blob');
      writeFileSync(path, blob);
      const digest = digestOf(blob);
      await client.content.write(blob, { digest, size: blob.length });
      const opened = (): number => readdirSync('/proc/self/fd').filter((fd) => {
        try {
          return readlinkSync(`/proc/self/fd/${fd}`) === path;
        } catch {
          return false;
        }
      }).length;
      const ends: Array<[string, (s: ReturnType<typeof createReadStream>) => Promise<unknown>]> = [
        ['exists', (s) => client.content.write(s, { digest, size: blob.length })],
        ['bad option', (s) => client.content.write(s, { digest: 'sha256:nothex', size: blob.length }).catch((e: unknown) => e)],
        ['unsubscribed before any answer', async (s) => client.content.write$(s, { digest: digestOf(Buffer.from('never')), size: 5 }).subscribe().unsubscribe()],
        ['mismatch', (s) => client.content.write(s, { digest: digestOf(Buffer.from('other')), size: blob.length }).catch((e: unknown) => e)],
      ];
      for (const [how, end] of ends) {
        const source = createReadStream(path);
        await once(source, 'open');
        expect(opened(), `${how}: open before`).to.equal(1);
        await end(source);
        await until(async () => opened() === 0, `${how}: the file closed`);
        expect(source.destroyed, how).to.equal(true);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('updateLabels$ sets and removes labels by name (null or empty removes), or replaces them all', async () => {
    const client = await testClient();
    const blob = Buffer.from(unique('labels'));
    const digest = digestOf(blob);
    await client.content.write(blob, { digest, size: blob.length, labels: { a: '1', b: '2', c: '3' } });
    expect((await client.content.updateLabels(digest, { a: 'x', b: null, c: '', d: '4' })).labels).to.deep.equal({ a: 'x', d: '4' });
    expect((await client.content.info(digest)).labels).to.deep.equal({ a: 'x', d: '4' });
    expect((await client.content.updateLabels(digest, {})).labels).to.deep.equal({ a: 'x', d: '4' });
    expect((await client.content.updateLabels(digest, { e: '5' }, { replace: true })).labels).to.deep.equal({ e: '5' });
  });

  it('list$ gives every blob of the namespace (filters too); delete removes one; a bad digest is refused before any call', async () => {
    const client = await testClient();
    const blobs = [Buffer.from(unique('one')), Buffer.from(unique('two'))];
    for (const b of blobs) await client.content.write(b, { digest: digestOf(b), size: b.length, labels: { kind: b === blobs[0] ? 'first' : 'second' } });
    expect((await client.content.list()).map((i) => i.digest).sort()).to.deep.equal(blobs.map(digestOf).sort());
    expect((await client.content.list(['labels.kind==second'])).map((i) => i.digest)).to.deep.equal([digestOf(blobs[1]!)]);
    await client.content.delete(digestOf(blobs[0]!));
    expect((await client.content.list()).map((i) => i.digest)).to.deep.equal([digestOf(blobs[1]!)]);
    expect(await client.content.delete(digestOf(blobs[0]!)).catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    expect(await client.content.write(blobs[0]!, { digest: 'sha256:nothex', size: 1 }).catch((e: unknown) => e)).to.be.instanceOf(InvalidArgumentError);
  });

  it('an ingest is listed by status$ and statuses$ and removed by abort$', async () => {
    const client = await testClient();
    const ref = unique('abandoned');
    const size = 4 * MiB;
    await firstValueFrom(client.content.write$(generatedBlob(size, ref), { ref, size, progress: { intervalMs: 0 } }).pipe(filter((p) => p.offset >= MiB)));
    await until(async () => (await firstValueFrom(client.content.statuses$())).some((s) => s.ref === ref), 'the ingest');
    expect((await firstValueFrom(client.content.status$(ref))).ref).to.equal(ref);
    await until(async () => {
      try {
        await firstValueFrom(client.content.abort$(ref));
        return true;
      } catch {
        return false;
      }
    }, 'the abort');
    expect(await firstValueFrom(client.content.statuses$())).to.deep.equal([]);
  });
});

async function* generatedOnce(bytes: Buffer): AsyncGenerator<Uint8Array> {
  yield bytes;
}
