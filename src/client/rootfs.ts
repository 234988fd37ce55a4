/**
 * A busybox root filesystem for tests and the demo, built from Debian's busybox-static.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const busyboxCandidates = ['/bin/busybox', '/usr/bin/busybox'];

/**
 * Builds (or reuses) a rootfs folder: `bin/busybox` with a symlink per applet, and empty `proc`, `sys`,
 * `dev`, `tmp`, plus a minimal `etc/passwd`. Returns the folder's path.
 *
 * @example
 * ```ts
 * const rootfs = await busyboxRootfs();   // a fresh temp folder
 * await client.newContainer('hello', { rootfs, args: ['/bin/echo', 'hello'] });
 * ```
 */
export async function busyboxRootfs(dir?: string): Promise<string> {
  const root = dir ?? mkdtempSync(join(tmpdir(), 'rxc-rootfs-'));
  const busybox = join(root, 'bin', 'busybox');
  if (existsSync(busybox)) return root;
  const source = busyboxCandidates.find((p) => existsSync(p));
  if (source === undefined) {
    throw new Error('busybox was not found; install it: apt-get install -y busybox-static');
  }
  for (const d of ['bin', 'proc', 'sys', 'dev', 'tmp', 'etc', 'root', 'home']) mkdirSync(join(root, d), { recursive: true });
  chmodSync(join(root, 'tmp'), 0o1777);
  copyFileSync(source, busybox);
  chmodSync(busybox, 0o755);
  const list = spawnSync(busybox, ['--list'], { encoding: 'utf8' });
  for (const applet of list.stdout.split('\n').filter((a) => a !== '' && a !== 'busybox')) {
    const link = join(root, 'bin', applet);
    if (!existsSync(link)) symlinkSync('busybox', link);
  }
  writeFileSync(join(root, 'etc', 'passwd'), 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n');
  writeFileSync(join(root, 'etc', 'group'), 'root:x:0:\nnogroup:x:65534:\n');
  return root;
}
