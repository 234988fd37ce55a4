/**
 * A busybox root filesystem for tests and the demo, built from Debian's busybox-static.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RootfsError } from './harness-errors.js';

export { RootfsError };

const busyboxCandidates = ['/bin/busybox', '/usr/bin/busybox'];

/**
 * The path of this machine's busybox (Debian's busybox-static).
 * @throws RootfsError when busybox is not installed.
 */
export function findBusybox(): string {
  const source = busyboxCandidates.find((p) => existsSync(p));
  if (source === undefined) throw new RootfsError('busybox was not found; install it: apt-get install -y busybox-static');
  return source;
}

/** The applets a busybox binary provides (`busybox --list`, without `busybox` itself), in its own order. */
export function busyboxApplets(busybox: string): string[] {
  const list = spawnSync(busybox, ['--list'], { encoding: 'utf8' });
  return list.stdout.split('\n').filter((a) => a !== '' && a !== 'busybox');
}

/**
 * Builds (or reuses) a rootfs directory: `bin/busybox` with a symlink per applet, and empty `proc`, `sys`,
 * `dev`, `tmp`, plus `etc/passwd` (root, app 1000, nobody 65534) and `etc/group` (app is also in staff 50 and
 * users 100, nobody in users). Returns the directory's path.
 *
 * @example
 * ```ts
 * const rootfs = await busyboxRootfs();   // a fresh temp directory
 * await client.newContainer('hello', { rootfs, args: ['/bin/echo', 'hello'] });
 * ```
 */
export async function busyboxRootfs(dir?: string): Promise<string> {
  try {
    return build(dir ?? mkdtempSync(join(tmpdir(), 'rxc-rootfs-')));
  } catch (error) {
    if (error instanceof RootfsError) throw error;
    throw new RootfsError(`cannot build a busybox rootfs in ${dir ?? tmpdir()}: ${(error as Error).message}`, { cause: error });
  }
}

function build(root: string): string {
  const busybox = join(root, 'bin', 'busybox');
  if (existsSync(busybox)) return root;
  const source = findBusybox();
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp', 'etc', 'root', 'home']) mkdirSync(join(root, d), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
  copyFileSync(source, busybox);
  chmodSync(busybox, 0o755);
  for (const applet of busyboxApplets(busybox)) {
    const link = join(root, 'bin', applet);
    if (!existsSync(link)) symlinkSync('busybox', link);
  }
  writeFileSync(join(root, 'etc', 'passwd'), [
    'root:x:0:0:root:/root:/bin/sh',
    'app:x:1000:1000:app:/home:/bin/sh',
    'nobody:x:65534:65534:nobody:/home:/bin/false',
  ].map((l) => `${l}\n`).join(''));
  writeFileSync(join(root, 'etc', 'group'), [
    'root:x:0:',
    'staff:x:50:app',
    'users:x:100:app,nobody',
    'app:x:1000:',
    'nogroup:x:65534:',
  ].map((l) => `${l}\n`).join(''));
  return root;
}
