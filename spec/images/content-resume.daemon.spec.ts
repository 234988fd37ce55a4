import { expect } from 'chai';
import { createHash, randomBytes } from 'node:crypto';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { DigestMismatchError, NotFoundError } from '../../src/client/errors.js';
import { testClient } from '../support/daemon.js';

const digestOf = (b: Uint8Array): string => `sha256:${createHash('sha256').update(b).digest('hex')}`;
const MiB = 1024 * 1024;

/** A source giving the first `bytes` of `blob` in 256 KiB chunks, then failing, as a connection lost mid-blob. */
async function* brokenAfter(blob: Buffer, bytes: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes; at += 256 * 1024) yield blob.subarray(at, Math.min(bytes, at + 256 * 1024));
  throw new Error('connection lost');
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

describe('content writes from a source that starts at an offset (a resumed download)', () => {
  it('an unfinished write resumes: the source is asked for the bytes from the daemon\'s offset only, and the blob commits whole', async () => {
    const client = await testClient();
    const blob = randomBytes(3 * MiB);
    const digest = digestOf(blob);
    const first = await rejection(client.content.write(brokenAfter(blob, 2 * MiB), { digest, size: blob.length }));
    expect(first.message).to.include('connection lost');
    const asked: number[] = [];
    const steps = await lastValueFrom(client.content.write$((offset) => (asked.push(offset), blob.subarray(offset)), { digest, size: blob.length }).pipe(toArray()));
    expect(asked).to.have.length(1);
    expect(asked[0]).to.be.greaterThan(0).and.at.most(2 * MiB);
    expect(steps[0]).to.include({ phase: 'writing', offset: asked[0] });
    expect(steps.at(-1)).to.include({ phase: 'committed', offset: blob.length });
    expect((await client.content.info(digest)).size).to.equal(blob.length);
  });

  it('a resumed tail that does not match the digest fails with a DigestMismatchError at the commit: nothing committed, the ingest gone', async () => {
    const client = await testClient();
    const blob = randomBytes(2 * MiB);
    const digest = digestOf(blob);
    await rejection(client.content.write(brokenAfter(blob, MiB), { digest, size: blob.length }));
    const wrong = Buffer.from(blob);
    wrong[wrong.length - 1] ^= 0xff;
    const error = await rejection(client.content.write((offset) => wrong.subarray(offset), { digest, size: blob.length }));
    expect(error).to.be.instanceOf(DigestMismatchError);
    expect(error.message).to.include(digest);
    expect(await rejection(client.content.info(digest))).to.be.instanceOf(NotFoundError);
    expect((await firstValueFrom(client.content.statuses$())).filter((s) => s.ref === `rxc-${digest}`)).to.deep.equal([]);
  });

  it('a fresh write asks the source for the whole blob, and checks the digest on our side', async () => {
    const client = await testClient();
    const blob = randomBytes(100_000);
    const asked: number[] = [];
    const written = await client.content.write((offset) => (asked.push(offset), blob.subarray(offset)), { digest: digestOf(blob), size: blob.length });
    expect(written.size).to.equal(blob.length);
    expect(asked).to.deep.equal([0]);
  });
});
