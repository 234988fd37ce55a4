import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { firstValueFrom, from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { DigestMismatchError, InvalidArgumentError } from '../../src/client/errors.js';
import { checkDigest, digester, digestOf, isDigest, parseDigest, verifyDigest } from '../../src/images/digest.js';

const EMPTY = 'sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('images/digest: digests, computed and checked while streaming', () => {
  it('accepts sha256 with 64 lowercase hex, and sha384 and sha512 with theirs, as go-digest does', () => {
    expect(parseDigest(EMPTY)).to.deep.equal({ algorithm: 'sha256', encoded: EMPTY.slice(7) });
    expect(parseDigest(`sha384:${'a'.repeat(96)}`).algorithm).to.equal('sha384');
    expect(parseDigest(`sha512:${'0'.repeat(128)}`).algorithm).to.equal('sha512');
  });

  it('refuses anything else with an InvalidArgumentError naming the text', () => {
    for (const bad of ['', 'sha256', `sha256:${'A'.repeat(64)}`, `sha256:${'a'.repeat(63)}`, `sha512:${'a'.repeat(64)}`, `md5:${'a'.repeat(32)}`, `SHA256:${'a'.repeat(64)}`, `sha256:${'g'.repeat(64)}`]) {
      expect(() => parseDigest(bad), bad).to.throw(InvalidArgumentError, JSON.stringify(bad));
      expect(isDigest(bad), bad).to.equal(false);
    }
    expect(() => checkDigest('nope')).to.throw(InvalidArgumentError, 'invalid digest "nope"');
  });

  it('digestOf gives the sha256 of the bytes (known vector: the empty blob)', () => {
    expect(digestOf(new Uint8Array())).to.equal(EMPTY);
    expect(digestOf('abc', 'sha512')).to.equal(`sha512:${createHash('sha512').update('abc').digest('hex')}`);
  });

  it('a digester fed chunks gives the digest and size of the whole', () => {
    const d = digester();
    for (const chunk of ['hel', 'lo ', 'world']) d.update(bytes(chunk));
    expect(d.size).to.equal(11);
    expect(d.verify()).to.deep.equal({ digest: digestOf('hello world'), size: 11 });
  });

  it('verify passes for the expected digest and size, and raises DigestMismatchError naming both digests otherwise', () => {
    const ok = digester({ digest: digestOf('abc'), size: 3 });
    ok.update(bytes('abc'));
    expect(ok.verify().digest).to.equal(digestOf('abc'));
    const wrong = digester({ digest: digestOf('abd'), size: 3 });
    wrong.update(bytes('abc'));
    const error = catchError(() => wrong.verify()) as DigestMismatchError;
    expect(error).to.be.instanceOf(DigestMismatchError);
    expect(error.code).to.equal('ERR_CONTAINERD_DIGEST_MISMATCH');
    expect([error.expectedDigest, error.actualDigest, error.size]).to.deep.equal([digestOf('abd'), digestOf('abc'), 3]);
    expect(error.message).to.contain(digestOf('abd')).and.contain(digestOf('abc'));
  });

  it('a blob shorter than its size fails at verify, one longer fails at the first byte too many', () => {
    const short = digester({ digest: digestOf('ab'), size: 3 });
    short.update(bytes('ab'));
    expect(() => short.verify()).to.throw(DigestMismatchError, 'unexpected size 2 bytes, expected 3');
    const long = digester({ digest: digestOf('abcd'), size: 3 });
    long.update(bytes('ab'));
    expect(() => long.update(bytes('cd'))).to.throw(DigestMismatchError, 'unexpected size 4 bytes, expected 3');
  });

  it('checks with the algorithm of the expected digest', () => {
    const d = digester({ digest: digestOf('x', 'sha512') });
    d.update(bytes('x'));
    expect(d.verify().digest).to.equal(digestOf('x', 'sha512'));
  });

  it('verifyDigest passes the chunks through and completes when they match', async () => {
    const chunks = [bytes('a'), bytes('bc')];
    expect(await lastValueFrom(from(chunks).pipe(verifyDigest({ digest: digestOf('abc'), size: 3 }), toArray()))).to.deep.equal(chunks);
  });

  it('verifyDigest errors instead of completing on a mismatch, and at once past the size (marbles)', () => {
    new TestScheduler((a, b) => { expect(a).to.deep.equal(b); }).run(({ cold, expectObservable }) => {
      const values = { a: bytes('a'), b: bytes('b'), c: bytes('c') };
      const mismatch = new DigestMismatchError({ expectedDigest: digestOf('ab'), actualDigest: digestOf('ac'), expectedSize: 2, size: 2 });
      expectObservable(cold('-a-c-|', values).pipe(verifyDigest({ digest: digestOf('ab'), size: 2 }))).toBe('-a-c-#', values, mismatch);
      const tooLong = new DigestMismatchError({ expectedDigest: digestOf('ab'), actualDigest: digestOf('abc'), expectedSize: 2, size: 3 });
      expectObservable(cold('-a-b-c-|', values).pipe(verifyDigest({ digest: digestOf('ab'), size: 2 }))).toBe('-a-b-#', values, tooLong);
    });
  });

  it('verifyDigest checks each subscription afresh: a second run does not count the first one\'s bytes', async () => {
    const checked = from([bytes('abc')]).pipe(verifyDigest({ digest: digestOf('abc') }));
    await firstValueFrom(checked);
    expect(await lastValueFrom(checked.pipe(toArray()))).to.have.length(1);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
