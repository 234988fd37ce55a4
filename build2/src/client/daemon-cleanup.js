/**
 * Ending what a private containerd leaves behind when it is gone or cannot be asked: its shims and their
 * containers (found by the daemon's address in their arguments), and the mounts under its folder.
 * @module
 */
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
/** SIGKILLs every shim started for the daemon at `address`, its processes, and runc's record of each container. */
export function killShimsOf(address) {
    for (const shim of processesWithArg('-address', address)) {
        const ns = argAfter(shim.args, '-namespace');
        const id = argAfter(shim.args, '-id');
        if (ns !== undefined && id !== undefined) {
            spawnSync('runc', ['--root', join('/run/containerd/runc', ns), 'delete', '--force', id], { stdio: 'ignore' });
        }
        killAll([...descendants(shim.pid), shim.pid]);
    }
}
/**
 * Ends every containerd whose socket is under `dir` (a program that started one and died without stopping it),
 * with its shims and containers, and unmounts what is mounted under `dir`. Returns how many daemons it ended.
 */
export function reapDaemonsUnder(dir) {
    const daemons = allPids().flatMap((pid) => {
        const args = cmdline(pid);
        const address = args && basename(args[0] ?? '') === 'containerd' ? argAfter(args, '--address') : undefined;
        return address !== undefined && address.startsWith(`${dir}/`) ? [{ pid, address }] : [];
    });
    for (const daemon of daemons) {
        killAll([daemon.pid]);
        killShimsOf(daemon.address);
    }
    unmountUnder(dir);
    return daemons.length;
}
function allPids() {
    return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
}
function processesWithArg(flag, value) {
    const found = [];
    for (const pid of allPids()) {
        try {
            const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
            if (argAfter(args, flag) === value)
                found.push({ pid, args });
        }
        catch {
            // exited meanwhile
        }
    }
    return found;
}
function argAfter(args, flag) {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
}
function descendants(root) {
    const children = new Map();
    for (const pid of allPids()) {
        try {
            const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
            const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
            children.set(ppid, [...(children.get(ppid) ?? []), pid]);
        }
        catch {
            // exited meanwhile
        }
    }
    const out = [];
    const walk = (pid) => {
        for (const child of children.get(pid) ?? []) {
            walk(child);
            out.push(child);
        }
    };
    walk(root);
    return out;
}
/** Lazily unmounts every mount point under `dir`, deepest first. */
export function unmountUnder(dir) {
    let points;
    try {
        points = readFileSync('/proc/self/mountinfo', 'utf8')
            .split('\n')
            .map((line) => line.split(' ')[4] ?? '')
            .map((p) => p.replace(/\\(\d{3})/g, (_, oct) => String.fromCharCode(parseInt(oct, 8))))
            .filter((p) => p === dir || p.startsWith(`${dir}/`));
    }
    catch {
        return;
    }
    for (const point of points.sort((a, b) => b.length - a.length)) {
        spawnSync('umount', ['-l', point], { stdio: 'ignore' });
    }
}
function cmdline(pid) {
    try {
        return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    }
    catch {
        return undefined; // exited meanwhile
    }
}
function killAll(pids) {
    for (const pid of pids) {
        try {
            process.kill(pid, 'SIGKILL');
        }
        catch {
            // already gone
        }
    }
}
//# sourceMappingURL=daemon-cleanup.js.map