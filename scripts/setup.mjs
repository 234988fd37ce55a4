// Makes a bare machine ready for the tests and the demo: npm packages, then Debian's containerd, runc,
// busybox-static, docker-registry and openssl when they are missing and we are root. docker-registry's own system
// service is of no use to us (the registry specs start the registry by hand, with their own config and port). Prints what it did and how long it took.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { missingTestPackages } from '../src/cli/host-packages.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function timed(label, fn) {
  const t0 = Date.now();
  fn();
  console.log(`setup: ${label} took ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  timed('npm ci', () => execFileSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' }));
}

const missing = missingTestPackages();

if (missing.length > 0) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.warn(`setup: missing ${missing.join(', ')}; as root run: apt-get install -y ${missing.join(' ')}`);
  } else {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    timed(`apt-get install ${missing.join(' ')}`, () => {
      execFileSync('apt-get', ['update', '-q'], { stdio: 'inherit', env });
      execFileSync('apt-get', ['install', '-y', '-q', ...missing], { stdio: 'inherit', env });
    });
  }
}
