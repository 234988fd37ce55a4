// @ts-check
/**
 * Which of the Debian packages a private containerd needs are missing on this machine. Plain JavaScript with no
 * dependency: `scripts/setup.mjs` runs it from the source tree before anything is installed or built, and the
 * CLI runs its built copy.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * Whether a program is on the PATH.
 * @param {string} program a program name, e.g. `'runc'`
 * @returns {boolean}
 */
export function onPath(program) {
  return spawnSync('sh', ['-c', `command -v ${program}`], { stdio: 'ignore' }).status === 0;
}

/** @type {ReadonlyArray<readonly [string, () => boolean]>} each package, and how to tell it is there */
const needed = [
  ['containerd', () => onPath('containerd')],
  ['runc', () => onPath('runc')],
  // the busybox rootfs copies the binary from one of these paths
  ['busybox-static', () => existsSync('/bin/busybox') || existsSync('/usr/bin/busybox')],
];

/**
 * What the tests need besides: a private registry (Debian's `docker-registry`, the distribution registry 2.8,
 * which the harness starts by hand with its own config; the package's own service is never used), openssl
 * (the self-signed certificate of the registry's token auth), tini (`/usr/bin/tini-static`, the init of
 * `init: true` containers) and tmux (the terminal the live view's spec reads).
 * @type {ReadonlyArray<readonly [string, () => boolean]>}
 */
const neededForTests = [
  ['docker-registry', () => onPath('docker-registry')],
  ['openssl', () => onPath('openssl')],
  ['tini', () => existsSync('/usr/bin/tini-static')],
  ['tmux', () => onPath('tmux')],
];

/**
 * The packages whose programs are not on this machine, among those a private daemon and the busybox rootfs
 * need: `containerd`, `runc`, `busybox-static`.
 * @returns {string[]}
 */
export function missingPackages() {
  return needed.filter(([, present]) => !present()).map(([name]) => name);
}

/**
 * The packages the test suite needs that are not on this machine: those of {@link missingPackages}, then
 * `docker-registry`, `openssl`, `tini` and `tmux`.
 * @returns {string[]}
 */
export function missingTestPackages() {
  return [...needed, ...neededForTests].filter(([, present]) => !present()).map(([name]) => name);
}
