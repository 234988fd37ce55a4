/**
 * Which containerd the suite runs on: `RXC_CONTAINERD=1.6|1.7|2` (a release line), or a folder holding a
 * `containerd` binary and its shim; unset, the `containerd` on the PATH. A line the machine does not have is
 * fetched from Debian's archive into a cache by scripts/containerd-versions.mjs (see docs/testing.md).
 *
 * The chosen binaries' folder goes first in this process's PATH, so that every daemon the suite starts, in
 * this process or in a child (the examples, the CLI), is of that line and runs the shim of that line.
 */
import { spawnSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
function choose(requested) {
    if (requested === undefined || requested === '')
        return { requested: undefined, binDir: undefined };
    const run = spawnSync(process.execPath, [join(root, 'scripts', 'containerd-versions.mjs'), 'resolve', requested], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (run.status !== 0)
        throw new Error(`RXC_CONTAINERD=${requested}: no such containerd could be had (see the message above)`);
    const { binDir } = JSON.parse(run.stdout);
    if (binDir !== undefined && !(process.env['PATH'] ?? '').startsWith(`${binDir}:`)) {
        process.env['PATH'] = `${binDir}:${process.env['PATH'] ?? ''}`;
    }
    return { requested, binDir };
}
export const containerdUnderTest = choose(process.env['RXC_CONTAINERD']);
/**
 * Fails when a daemon's answered version is not of the requested line: a run meant for 1.7 must not pass on
 * another containerd by accident.
 */
export function checkLine(answered) {
    const line = containerdUnderTest.requested;
    if (line === undefined || line.includes('/'))
        return;
    if (answered !== line && !answered.startsWith(`${line}.`)) {
        throw new Error(`RXC_CONTAINERD=${line} but the daemon started is containerd ${answered}`);
    }
}
/** The major and minor of a version ("1.7.24~ds1" gives [1, 7]). */
export function majorMinor(version) {
    const [major = 0, minor = 0] = version.split(/[.~+-]/).map(Number);
    return [major, minor];
}
/**
 * Whether containerd `version` deletes, when it restarts, the tasks whose process exited while it was down
 * ("cleaning leaked shim process"): 1.7 and later do, with no exit event; 1.6 keeps them stopped with their code.
 */
export function dropsExitsAcrossRestart(version) {
    const [major, minor] = majorMinor(version);
    return major > 1 || (major === 1 && minor >= 7);
}
//# sourceMappingURL=containerd-line.js.map