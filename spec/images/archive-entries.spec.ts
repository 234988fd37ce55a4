import { expect } from 'chai';
import { gzipSync } from 'node:zlib';
import { concatMap, defer, lastValueFrom, toArray } from 'rxjs';
import { ImageArchiveError } from '../../src/client/errors.js';
import { archiveEntries, forEachArchiveEntry$, type ArchiveEntry } from '../../src/images/archive-entries.js';
import { chunked, tarOf } from './archive-support.js';

const big = new Uint8Array(300_000).map((_, i) => i % 251);

/** Each entry's name, type and body as read, consuming every body before the next entry. */
async function readAll(source: AsyncIterable<Uint8Array>, memoryLimit?: number): Promise<Array<{ name: string; type: string; body: Buffer; kept: boolean; target?: string }>> {
  const out = [];
  for await (const e of archiveEntries(source, memoryLimit === undefined ? {} : { memoryLimit })) {
    const parts: Uint8Array[] = [];
    for await (const c of e.body) parts.push(c);
    out.push({ name: e.name, type: e.type, body: Buffer.concat(parts), kept: e.bytes !== undefined, ...(e.target ? { target: e.target } : {}) });
  }
  return out;
}

async function failure(source: AsyncIterable<Uint8Array>): Promise<ImageArchiveError> {
  const error = await readAll(source).then(() => undefined, (e: unknown) => e);
  expect(error).to.be.instanceOf(ImageArchiveError);
  return error as ImageArchiveError;
}

describe('images/archive-entries: an image archive read entry by entry', () => {
  it('yields each file with its body, small ones kept in memory, large ones streamed; directories skipped', async () => {
    const archive = await tarOf([['./oci-layout', '{"imageLayoutVersion":"1.0.0"}'], ['blobs/', { directory: true }], ['blobs/sha256/big', big], ['index.json', '{}']]);
    const entries = await readAll(chunked(archive), 100_000);
    expect(entries.map((e) => [e.name, e.kept, e.body.length])).to.deep.equal([['oci-layout', true, 30], ['blobs/sha256/big', false, big.length], ['index.json', true, 2]]);
    expect(entries[1]!.body.equals(Buffer.from(big))).to.equal(true);
  });

  it('reads a gzip-compressed archive the same', async () => {
    const archive = gzipSync(await tarOf([['manifest.json', '[]'], ['a/layer.tar', big]]));
    expect((await readAll(chunked(archive))).map((e) => [e.name, e.body.length])).to.deep.equal([['manifest.json', 2], ['a/layer.tar', big.length]]);
  });

  it('gives a symbolic link as a link to the path it points to in the archive', async () => {
    const archive = await tarOf([['a/layer.tar', 'x'], ['b/layer.tar', { symlink: '../a/layer.tar' }]]);
    expect((await readAll(chunked(archive)))[1]).to.deep.include({ name: 'b/layer.tar', type: 'link', target: 'a/layer.tar' });
  });

  it('skips what a consumer leaves unread of a body', async () => {
    const archive = await tarOf([['blobs/sha256/big', big], ['index.json', '{}']]);
    const names: string[] = [];
    for await (const e of archiveEntries(chunked(archive), { memoryLimit: 10 })) {
      names.push(e.name);
      for await (const _ of e.body) break;
    }
    expect(names).to.deep.equal(['blobs/sha256/big', 'index.json']);
  });

  it('something that is not a tar: ImageArchiveError not-a-tar', async () => {
    const e = await failure(chunked(new TextEncoder().encode('this is not a tar archive at all'.repeat(40))));
    expect(e.problem).to.equal('not-a-tar');
    expect(e.code).to.equal('ERR_CONTAINERD_IMAGE_ARCHIVE');
  });

  it('an archive cut in the middle of a body: ImageArchiveError truncated naming the entry', async () => {
    const archive = await tarOf([['index.json', '{}'], ['blobs/sha256/big', big]]);
    const e = await failure(chunked(archive.subarray(0, 50_000)));
    expect([e.problem, e.entry]).to.deep.equal(['truncated', 'blobs/sha256/big']);
    expect(e.message).to.contain('blobs/sha256/big');
  });

  it('a gzip archive cut short: truncated too', async () => {
    const archive = gzipSync(await tarOf([['blobs/sha256/big', big]]));
    expect((await failure(chunked(archive.subarray(0, archive.length - 100)))).problem).to.equal('truncated');
  });

  it('an empty archive (0 bytes, or a tar with no file) is empty, not no-index', async () => {
    const none = await failure(chunked(new Uint8Array(0)));
    expect([none.problem, none.detail]).to.deep.equal(['empty', 'the archive is empty (0 bytes)']);
    const nothing = await failure(chunked(gzipSync(await tarOf([]))));
    expect(nothing.problem).to.equal('empty');
    expect(nothing.message).to.match(/holds no files \(a gzip-compressed tar of \d+ bytes with no entries\)/);
  });

  it('gzip garbage (the magic number, then bytes zlib cannot read) is corrupt-gzip, zlib\'s error as cause', async () => {
    for (const bytes of [[0x1f, 0x8b, 0x42, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9], [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]]) {
      const e = await failure(chunked(new Uint8Array([...bytes, ...new Uint8Array(200).fill(0xab)])));
      expect(e.problem).to.equal('corrupt-gzip');
      expect(e.message).to.contain('a gzip-compressed archive that zlib cannot read');
      expect(e.cause).to.have.property('code').that.match(/^Z_/);
    }
  });

  it('a few bytes that are no tar are not-a-tar (too short for a header), not truncated', async () => {
    const e = await failure(chunked(new TextEncoder().encode('no tar here')));
    expect(e.problem).to.equal('not-a-tar');
    expect(e.detail).to.equal('not a tar archive: 11 bytes, fewer than one 512-byte tar header');
  });

  it('a gzip of something that is no tar says so', async () => {
    const e = await failure(chunked(gzipSync(new TextEncoder().encode('plain text, not a tar archive'.repeat(40)))));
    expect([e.problem, e.detail]).to.deep.equal(['not-a-tar', 'a gzip-compressed file whose content is not a tar archive']);
  });

  it('a metadata file over the memory limit: too-large, naming it', async () => {
    const archive = await tarOf([['index.json', '{"manifests":[]}']]);
    const error = await readAll(chunked(archive), 4).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ImageArchiveError).and.deep.include({ problem: 'too-large', entry: 'index.json' });
  });

  it('forEachArchiveEntry$ reads the next entry only once the handler of the previous one completes', async () => {
    const archive = await tarOf([['blobs/sha256/big', big], ['index.json', '{}']]);
    const log: string[] = [];
    const write = (e: ArchiveEntry) => defer(async () => {
      let n = 0;
      for await (const c of e.body) {
        n += c.length;
        await new Promise((r) => setTimeout(r, 1));
      }
      log.push(`wrote ${e.name}`);
      return `${e.name}:${n}`;
    });
    const results = await lastValueFrom(forEachArchiveEntry$(() => chunked(archive), (e) => { log.push(`got ${e.name}`); return write(e); }, { memoryLimit: 10 }).pipe(concatMap((x) => [x]), toArray()));
    expect(results).to.deep.equal([`blobs/sha256/big:${big.length}`, 'index.json:2']);
    expect(log).to.deep.equal(['got blobs/sha256/big', 'wrote blobs/sha256/big', 'got index.json', 'wrote index.json']);
  });

  it('forEachArchiveEntry$ unsubscribed stops reading its source', async () => {
    const archive = await tarOf([['a', big], ['b', big], ['c', big]]);
    let pulled = 0;
    let ended = false;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for await (const c of chunked(archive, 10_000)) {
          pulled++;
          yield c;
        }
      } finally {
        ended = true;
      }
    }
    await new Promise<void>((resolve) => {
      const sub = forEachArchiveEntry$(source, (e) => [e.name], { memoryLimit: 10 }).subscribe(() => {
        sub.unsubscribe();
        resolve();
      });
    });
    await new Promise((r) => setTimeout(r, 50));
    expect(ended).to.equal(true);
    expect(pulled).to.be.lessThan(archive.length / 10_000);
  });
});
