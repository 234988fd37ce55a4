/**
 * Installing what a private containerd needs, when the CLI can: as root, with Debian's apt-get.
 * @module
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
/** The Debian packages a private daemon and the busybox rootfs need. */
/** Whether this process may install packages itself (root, apt-get on the PATH). */
export function canInstall() {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    return root && spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0;
}
/** `apt-get update` then `apt-get install -y` the packages; rejects with apt's last lines on failure. */
export async function installDebianPackages(packages) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const args of [['update', '-q'], ['install', '-y', '-q', ...packages]]) {
        await new Promise((resolve, reject) => {
            const child = spawn('apt-get', args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
            let out = '';
            child.stdout.on('data', (c) => (out += c.toString()));
            child.stderr.on('data', (c) => (out += c.toString()));
            child.on('error', reject);
            child.on('exit', (code) => code === 0 ? resolve() : reject(new Error(`apt-get ${args[0]} failed (${code}): ${out.trim().split('\n').slice(-3).join(' / ')}`)));
        });
    }
}
/** The packages whose programs are not on this machine. */
export function missingPackages() {
    const has = (binary) => spawnSync('sh', ['-c', `command -v ${binary}`], { stdio: 'ignore' }).status === 0;
    return [
        ['containerd', has('containerd')],
        ['runc', has('runc')],
        ['busybox-static', existsSync('/bin/busybox') || existsSync('/usr/bin/busybox')],
    ].filter(([, present]) => !present).map(([name]) => name);
}
//# sourceMappingURL=install.js.map