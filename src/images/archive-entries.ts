/**
 * Reading an image archive (an OCI image layout or a `docker save` tar, plain or gzip-compressed) one entry at a
 * time with tar-stream: each file's body streams to the consumer, which writes it (to the content store) before
 * asking for the next entry; only small files are held in memory, so a 200 MB layer never is.
 * @module
 */
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { defer, Observable, type ObservableInput } from 'rxjs';
import tar from 'tar-stream';
import { ImageArchiveError } from '../client/image-error-classes.js';

/** One file (or link) of an image archive. */
export interface ArchiveEntry {
  /** The entry's path in the archive, without `./` or a leading `/`: `index.json`, `blobs/sha256/…`. */
  readonly name: string;
  /** `file`, or `link` for a symbolic or hard link (old `docker save` links a repeated layer.tar). */
  readonly type: 'file' | 'link';
  /** The link's target, as a path in the archive (links only). */
  readonly target?: string;
  /** The body's size in bytes (0 for a link). */
  readonly size: number;
  /** The whole body, when it is at most the memory limit (small JSON files, configs, manifests). */
  readonly bytes?: Uint8Array;
  /**
   * The body as it streams. Read it before asking for the next entry (what is left unread then is skipped).
   * A truncated archive fails it with an ImageArchiveError naming the entry.
   */
  readonly body: AsyncIterable<Uint8Array>;
}

/** Options of {@link archiveEntries}. */
export interface ArchiveReadOptions {
  /** Files of at most this many bytes come with their `bytes`. Default 4 MiB. */
  readonly memoryLimit?: number;
}

/** The archive's metadata files, which must fit in memory. */
const METADATA = new Set(['index.json', 'oci-layout', 'manifest.json', 'repositories']);

/** 4 MiB: larger than any index, manifest or config in practice. */
export const DEFAULT_MEMORY_LIMIT = 4 * 1024 * 1024;

/**
 * The entries of an image archive, one at a time, directories skipped. A gzip-compressed archive is
 * decompressed on the way, as containerd's import does. Stopping early (a `break`, a throw) destroys `source`.
 *
 * @throws ImageArchiveError: `empty` (0 bytes, or a tar with no file), `corrupt-gzip` (gzip's magic number, then
 * bytes zlib cannot read), `not-a-tar`, `truncated` (naming the entry cut short), `too-large` (a metadata file
 * over `memoryLimit`).
 *
 * @example
 * ```ts
 * for await (const entry of archiveEntries(createReadStream('app.tar'))) await writeBlob(entry.body);
 * ```
 */
export async function* archiveEntries(source: AsyncIterable<Uint8Array>, options: ArchiveReadOptions = {}): AsyncGenerator<ArchiveEntry> {
  const limit = options.memoryLimit ?? DEFAULT_MEMORY_LIMIT;
  const extract = tar.extract();
  const seen: Seen = { raw: 0, gzip: false, tar: 0, entries: 0 };
  const input = Readable.from(decompressed(source, seen), { objectMode: false });
  pipeline(input, extract, () => undefined); // its errors reach the loop below through `extract`
  let current: string | undefined;
  try {
    const entries = extract[Symbol.asyncIterator]();
    for (;;) {
      const next = await entries.next();
      if (next.done) {
        // no file at all: 0 bytes, or a tar of nothing but its end (or folders)
        if (seen.entries === 0) throw emptyArchive(seen);
        return;
      }
      const entry = next.value;
      const { header } = entry;
      const name = clean(header.name);
      current = name;
      const chunks = entry[Symbol.asyncIterator]();
      const pull = async (): Promise<IteratorResult<Uint8Array>> => {
        try {
          return (await chunks.next()) as IteratorResult<Uint8Array>;
        } catch (error) {
          throw archiveError(error, name, seen);
        }
      };
      if (header.type !== 'directory') seen.entries += 1;
      if (header.type === 'file' || header.type === 'contiguous-file') {
        const size = header.size ?? 0;
        if (METADATA.has(name) && size > limit) {
          throw new ImageArchiveError({ problem: 'too-large', entry: name, detail: `${size} bytes, over the ${limit}-byte limit of a metadata file` });
        }
        const bytes = size <= limit ? await readWhole(pull) : undefined;
        yield { name, type: 'file', size, ...(bytes ? { bytes } : {}), body: bytes ? once(bytes) : stream(pull) };
      } else if ((header.type === 'symlink' || header.type === 'link') && header.linkname) {
        const target = header.type === 'symlink' ? resolveLink(name, header.linkname) : clean(header.linkname);
        yield { name, type: 'link', target, size: 0, body: once(new Uint8Array()) };
      }
      while (!(await pull()).done); // skip what the consumer left unread
    }
  } catch (error) {
    throw archiveError(error, current, seen);
  } finally {
    extract.destroy();
    input.destroy();
  }
}

/**
 * Runs `handle` on each entry of an archive in turn, as one Observable of what the handlers emit: the next
 * entry is read only once the handler of the previous one completes (it has written its body). Unsubscribing
 * stops the read and destroys the source. This is the safe way to use the entries from RxJS: `from()` over
 * {@link archiveEntries} would ask for the next entry before a body is written.
 */
export function forEachArchiveEntry$<T>(
  open: () => AsyncIterable<Uint8Array>,
  handle: (entry: ArchiveEntry) => ObservableInput<T>,
  options: ArchiveReadOptions = {},
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const entries = archiveEntries(open(), options);
    let closed = false;
    const step = (): void => {
      entries.next().then((next) => {
        if (closed) return;
        if (next.done) return subscriber.complete();
        defer(() => handle(next.value)).subscribe({
          next: (v) => subscriber.next(v),
          error: (e: unknown) => subscriber.error(e),
          complete: step,
        });
      }, (error: unknown) => subscriber.error(error));
    };
    step();
    return () => {
      closed = true;
      void entries.return(undefined).catch(() => undefined);
    };
  });
}

async function readWhole(pull: () => Promise<IteratorResult<Uint8Array>>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for (let r = await pull(); !r.done; r = await pull()) parts.push(r.value);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}

async function* once(bytes: Uint8Array): AsyncGenerator<Uint8Array> {
  yield bytes;
}

/** The chunks of an entry; leaving early does not end the entry (the reader skips the rest). */
async function* stream(pull: () => Promise<IteratorResult<Uint8Array>>): AsyncGenerator<Uint8Array> {
  for (let r = await pull(); !r.done; r = await pull()) yield r.value;
}

/** What the reader has seen of an archive, to say what a failure is: its bytes, in and out of gzip, its files. */
interface Seen {
  /** Bytes of the archive as given. */
  raw: number;
  /** Whether it starts with gzip's magic number. */
  gzip: boolean;
  /** Bytes of tar: after gunzip, or `raw`. */
  tar: number;
  /** Entries other than folders. */
  entries: number;
}

/** `source`, gunzipped when it starts with gzip's magic number; ending early ends `source` too. */
async function* decompressed(source: AsyncIterable<Uint8Array>, seen: Seen): AsyncGenerator<Uint8Array> {
  const it = source[Symbol.asyncIterator]();
  try {
    const first = await it.next();
    if (first.done) return;
    const head = first.value;
    async function* all(): AsyncGenerator<Uint8Array> {
      seen.raw += head.length;
      yield head;
      for (let r = await it.next(); !r.done; r = await it.next()) {
        seen.raw += r.value.length;
        yield r.value;
      }
    }
    if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) {
      seen.gzip = true;
      for await (const chunk of pipeline(Readable.from(all()), createGunzip(), () => undefined) as AsyncIterable<Uint8Array>) {
        seen.tar += chunk.length;
        yield chunk;
      }
    } else {
      for await (const chunk of all()) {
        seen.tar += chunk.length;
        yield chunk;
      }
    }
  } finally {
    await it.return?.();
  }
}

function clean(name: string): string {
  return name.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
}

/** A symbolic link's target as a path in the archive, relative to the link's folder. */
function resolveLink(name: string, linkname: string): string {
  const parts = linkname.startsWith('/') ? [] : name.split('/').slice(0, -1);
  for (const part of linkname.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.' && part !== '') parts.push(part);
  }
  return parts.join('/');
}

/** An archive with no file in it: 0 bytes, or a tar (or a gzip of one) holding nothing. */
function emptyArchive(seen: Seen): ImageArchiveError {
  const detail = seen.raw === 0
    ? 'the archive is empty (0 bytes)'
    : `the archive holds no files (${seen.gzip ? `a gzip-compressed tar of ${seen.tar} bytes` : `a tar of ${seen.tar} bytes`} with no entries)`;
  return new ImageArchiveError({ problem: 'empty', detail });
}

/** The size of a tar header: anything shorter, with no entry read, is not a tar. */
const TAR_BLOCK = 512;

/**
 * tar-stream's and zlib's errors as ImageArchiveErrors saying what the archive is, naming the entry being read:
 * a gzip stream zlib cannot read (corrupt, or cut before its first block) is `corrupt-gzip`; bytes that are no
 * tar header (or too few for one) `not-a-tar`; a tar cut in the middle of an entry `truncated`.
 */
function archiveError(error: unknown, entry: string | undefined, seen: Seen): unknown {
  if (error instanceof ImageArchiveError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const at = entry === undefined ? {} : { entry };
  const zlib = typeof code === 'string' && code.startsWith('Z_');
  if (zlib && (code === 'Z_DATA_ERROR' || seen.tar === 0)) {
    return new ImageArchiveError({ problem: 'corrupt-gzip', ...at, detail: `a gzip-compressed archive that zlib cannot read (${message}${seen.tar === 0 ? ', before any byte of its content' : `, after ${seen.tar} bytes of content`})`, cause: error });
  }
  const cut = /Unexpected end of data/i.test(message) || zlib || /unexpected end of file/i.test(message);
  if (cut && seen.entries === 0 && seen.tar < TAR_BLOCK) {
    return new ImageArchiveError({ problem: 'not-a-tar', detail: `not a tar archive: ${seen.tar} bytes${seen.gzip ? ' (gunzipped)' : ''}, fewer than one ${TAR_BLOCK}-byte tar header`, cause: error });
  }
  if (cut) {
    return new ImageArchiveError({ problem: 'truncated', ...at, detail: 'the archive ends in the middle of an entry', cause: error });
  }
  if (/Invalid tar header/i.test(message)) {
    return new ImageArchiveError({ problem: 'not-a-tar', ...at, detail: seen.gzip ? 'a gzip-compressed file whose content is not a tar archive' : 'not a tar archive (nor a gzip-compressed one)', cause: error });
  }
  return error;
}
