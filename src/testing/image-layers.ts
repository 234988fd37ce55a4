/**
 * What the fixture image's layers hold: a busybox base, a second layer with a whiteout, an opaque directory and
 * a new file, and the caller's extra layers (files, or a large file of seeded pseudo-random bytes).
 * @module
 */
import { createCipheriv, createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { posix } from 'node:path';
import { busyboxApplets, findBusybox } from './rootfs.js';
import type { TarEntry } from './image-tar.js';

/** The texts of the fixture's files, for specs to compare what a container prints. */
export const FIXTURE_FILES = {
  /** `/etc/motd` of the base layer, deleted by the second layer's whiteout `etc/.wh.motd`. */
  motd: 'welcome to the rx-containerd fixture\n',
  /** `/srv/data/old.txt` of the base layer, hidden by the second layer's opaque `srv/data`. */
  oldData: 'old data from the base layer\n',
  /** `/srv/data/new.txt` of the second layer, the only file left in `srv/data`. */
  newData: 'new data from the second layer\n',
  /** `/srv/app/hello.txt`, added by the second layer. */
  hello: 'hello from the rx-containerd fixture image\n',
} as const;

/** A layer added after the fixture's two: files by path, or one large file of seeded pseudo-random bytes. */
export type FixtureLayer =
  | {
    /** Files by relative path (`opt/x.txt`); their parent directories are added (0755, root). */
    readonly files: Readonly<Record<string, string | Buffer>>;
    /** Whether the layer blob is gzip-compressed. Default true. */
    readonly gzip?: boolean;
  }
  | {
    /** The size in bytes of the one file of the layer (its tar is 1.5 KiB larger). */
    readonly randomBytes: number;
    /** The seed of the pseudo-random bytes (AES-256-CTR over zeros): the same seed gives the same bytes. Default 1. */
    readonly seed?: number;
    /** The file's path in the layer. Default `data/random-<seed>.bin`. */
    readonly path?: string;
    /** Whether the layer blob is gzip-compressed. Default false: random bytes do not compress. */
    readonly gzip?: boolean;
  };

const dir = (path: string, mode = 0o755, uid = 0, gid = 0): TarEntry => ({ type: 'directory', path, mode, uid, gid });
const file = (path: string, content: string | Buffer, mode = 0o644): TarEntry => ({ type: 'file', path, content, mode });

/** The base layer: busybox with a symlink per applet, users and groups, system folders, `etc/motd`, `srv/data`. */
export function baseLayer(): TarEntry[] {
  const busybox = findBusybox();
  const applets = busyboxApplets(busybox);
  return [
    ...['bin', 'dev', 'etc', 'home', 'proc', 'srv', 'srv/data', 'sys'].map((d) => dir(d)),
    dir('root', 0o700),
    dir('tmp', 0o1777),
    dir('home/app', 0o755, 1000, 1000),
    file('bin/busybox', readFileSync(busybox), 0o755),
    ...applets.map((a): TarEntry => ({ type: 'symlink', path: `bin/${a}`, target: 'busybox' })),
    file('etc/passwd', lines([
      'root:x:0:0:root:/root:/bin/sh',
      'app:x:1000:1000:app:/home/app:/bin/sh',
      'nobody:x:65534:65534:nobody:/nonexistent:/bin/false',
    ])),
    file('etc/group', lines(['root:x:0:', 'staff:x:50:app', 'app:x:1000:', 'nogroup:x:65534:'])),
    file('etc/motd', FIXTURE_FILES.motd),
    file('srv/data/old.txt', FIXTURE_FILES.oldData),
    file('srv/data/readme.txt', 'also hidden by the opaque directory\n'),
  ];
}

/** The second layer: the whiteout `etc/.wh.motd`, `srv/data` made opaque with a new file, and `srv/app/hello.txt`. */
export function changesLayer(): TarEntry[] {
  return [
    dir('etc'),
    dir('srv'),
    dir('srv/app', 0o755, 1000, 1000),
    dir('srv/data'),
    file('etc/.wh.motd', ''),
    file('srv/data/.wh..wh..opq', ''),
    file('srv/data/new.txt', FIXTURE_FILES.newData),
    file('srv/app/hello.txt', FIXTURE_FILES.hello),
  ];
}

/** The entries of an extra layer, and whether to gzip it. */
export function extraLayer(layer: FixtureLayer): { entries: TarEntry[]; gzip: boolean } {
  if ('files' in layer) {
    const paths = Object.keys(layer.files);
    const parents = new Set(paths.flatMap(ancestors));
    return {
      entries: [...[...parents].map((d) => dir(d)), ...paths.map((p) => file(p, layer.files[p]!))],
      gzip: layer.gzip ?? true,
    };
  }
  const seed = layer.seed ?? 1;
  const path = layer.path ?? `data/random-${seed}.bin`;
  return {
    entries: [
      ...ancestors(path).map((d) => dir(d)),
      { type: 'stream', path, size: layer.randomBytes, chunks: () => randomBytes(seed, layer.randomBytes) },
    ],
    gzip: layer.gzip ?? false,
  };
}

/** `count` pseudo-random bytes from `seed`, in chunks of 64 KiB: AES-256-CTR over zeros, key = sha256(seed). */
export async function* randomBytes(seed: number, count: number): AsyncGenerator<Buffer> {
  const key = createHash('sha256').update(`rx-containerd fixture ${seed}`).digest();
  const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  const zeros = Buffer.alloc(64 * 1024);
  for (let left = count; left > 0; left -= zeros.length) {
    yield cipher.update(left >= zeros.length ? zeros : zeros.subarray(0, left));
  }
}

function ancestors(path: string): string[] {
  const out: string[] = [];
  for (let d = posix.dirname(path); d !== '.' && d !== '/'; d = posix.dirname(d)) out.unshift(d);
  return out;
}

function lines(list: readonly string[]): string {
  return list.map((l) => `${l}\n`).join('');
}
