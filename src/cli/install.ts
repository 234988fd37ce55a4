/**
 * Installing what a private containerd needs, when the CLI can: as root, with Debian's apt-get.
 * @module
 */
import { spawn } from 'node:child_process';
import { onPath } from './host-packages.js';

/** Whether this process may install packages itself (root, apt-get on the PATH). */
export function canInstall(): boolean {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return root && onPath('apt-get');
}

/** `apt-get update` then `apt-get install -y` the packages; rejects with apt's last lines on failure. */
export async function installDebianPackages(packages: readonly string[]): Promise<void> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-q'], ['install', '-y', '-q', ...packages]]) {
    await new Promise<void>((resolve, reject) => {
      const child = spawn('apt-get', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.on('data', (c: Buffer) => (out += c.toString()));
      child.stderr.on('data', (c: Buffer) => (out += c.toString()));
      child.on('error', reject);
      child.on('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`apt-get ${args[0]} failed (${code}): ${out.trim().split('\n').slice(-3).join(' / ')}`)));
    });
  }
}
