/**
 * Reproducible tar and gzip for the fixture images: entries sorted by path, mtime 0, owner 0:0 unless an entry
 * says otherwise, no user or group names; gzip with a fixed header (mtime 0, OS byte 255 "unknown", as Go's
 * compress/gzip writes it), so equal inputs give equal bytes, hence equal digests, on every run.
 * @module
 */
import { once } from 'node:events';
import { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pack, type Header, type Pack } from 'tar-stream';

/** One entry of a fixture tar; paths are relative (`etc/passwd`), without a leading `/` or `./`. */
export type TarEntry =
  | { readonly type: 'directory'; readonly path: string; readonly mode?: number; readonly uid?: number; readonly gid?: number }
  | { readonly type: 'file'; readonly path: string; readonly content: Buffer | string; readonly mode?: number; readonly uid?: number; readonly gid?: number }
  | { readonly type: 'stream'; readonly path: string; readonly size: number; readonly chunks: () => AsyncIterable<Buffer>; readonly mode?: number }
  | { readonly type: 'symlink'; readonly path: string; readonly target: string };

const EPOCH = new Date(0);

/** A tar header for `entry`: mtime 0, no user or group names, owner 0:0 unless the entry sets one. */
function header(entry: TarEntry): Partial<Header> & Pick<Header, 'name'> {
  const base = { name: entry.path, mtime: EPOCH, uname: '', gname: '' };
  switch (entry.type) {
    case 'directory':
      return { ...base, type: 'directory', mode: entry.mode ?? 0o755, uid: entry.uid ?? 0, gid: entry.gid ?? 0 };
    case 'file':
      return { ...base, type: 'file', mode: entry.mode ?? 0o644, uid: entry.uid ?? 0, gid: entry.gid ?? 0, size: Buffer.byteLength(entry.content) };
    case 'stream':
      return { ...base, type: 'file', mode: entry.mode ?? 0o644, uid: 0, gid: 0, size: entry.size };
    case 'symlink':
      return { ...base, type: 'symlink', mode: 0o777, uid: 0, gid: 0, linkname: entry.target };
  }
}

/**
 * The bytes of a tar holding `entries` sorted by path (byte order), streamed: a `stream` entry's chunks are
 * pulled as the reader asks, so a large entry never sits in memory.
 * @throws Error when a `stream` entry yields a number of bytes other than its `size`.
 */
export async function* tarBytes(entries: readonly TarEntry[]): AsyncGenerator<Buffer> {
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  const tar = pack();
  const feeding = feed(tar, sorted).catch((error: unknown) => tar.destroy(error as Error));
  try {
    for await (const chunk of tar) yield chunk as Buffer;
    await feeding;
  } finally {
    tar.destroy(); // a reader that stops early also stops the feeding
  }
}

async function feed(tar: Pack, entries: readonly TarEntry[]): Promise<void> {
  for (const entry of entries) {
    if (entry.type === 'stream') await feedStream(tar, entry);
    else {
      const content = entry.type === 'file' ? Buffer.from(entry.content) : undefined;
      await new Promise<void>((resolve, reject) => {
        const done = (error?: Error | null): void => (error ? reject(error) : resolve());
        if (content === undefined) tar.entry(header(entry), done);
        else tar.entry(header(entry), content, done);
      });
    }
  }
  tar.finalize();
}

async function feedStream(tar: Pack, entry: Extract<TarEntry, { type: 'stream' }>): Promise<void> {
  let settle: (error?: Error | null) => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => (settle = (error) => (error ? reject(error) : resolve())));
  const writable = tar.entry(header(entry), (error) => settle(error));
  let written = 0;
  for await (const chunk of entry.chunks()) {
    written += chunk.length;
    if (!writable.write(chunk)) await once(writable, 'drain');
  }
  if (written !== entry.size) throw new Error(`tar entry ${entry.path}: ${written} bytes written, ${entry.size} declared`);
  writable.end(undefined);
  await finished;
}

/**
 * `source` gzipped (zlib's default level), with the 10-byte gzip header made fixed: mtime 0 and OS byte 255,
 * whatever the platform's zlib writes there. Streamed, with the reader's backpressure.
 */
export async function* gzipBytes(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const gzip = createGzip();
  const input = Readable.from(source);
  input.on('error', (error) => gzip.destroy(error));
  input.pipe(gzip);
  let offset = 0;
  for await (const chunk of gzip) {
    const bytes = chunk as Buffer;
    if (offset < 10) {
      for (let i = offset; i < Math.min(10, offset + bytes.length); i++) {
        if ((i >= 4 && i < 8) || i === 9) bytes[i - offset] = i === 9 ? 255 : 0;
      }
    }
    offset += bytes.length;
    yield bytes;
  }
}
