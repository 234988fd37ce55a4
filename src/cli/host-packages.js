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
 * The packages whose programs are not on this machine, among those a private daemon and the busybox rootfs
 * need: `containerd`, `runc`, `busybox-static`.
 * @returns {string[]}
 */
export function missingPackages() {
  return needed.filter(([, present]) => !present()).map(([name]) => name);
}
