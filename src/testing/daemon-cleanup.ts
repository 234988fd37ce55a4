/**
 * Ending what a private containerd leaves behind: first through the daemon while it answers (every task killed
 * and deleted, every container deleted, so that shims clean up after themselves), then by force once it is gone
 * or cannot be asked (its shims and their containers, found by the daemon's address in their arguments; the
 * mounts under its directory; runc's state directories).
 * @module
 */
import { spawnSync } from 'node:child_process';
import { rmdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { firstValueFrom, timeout, type Observable } from 'rxjs';
import { Containers, Namespaces, Tasks } from '../proto/services.js';
import { Connection } from '../client/connection.js';
import { allPids, argAfter, cmdline, descendants, killAll, processesWithArg, unmountUnder } from './procfs.js';

/** Where runc keeps a state directory per namespace, whatever the daemon. */
const RUNC_ROOT = '/run/containerd/runc';

/**
 * Kills and deletes every task and deletes every container of every namespace of the daemon at `address`.
 * Resolves the namespaces it found (runc keeps a state directory for each outside the daemon's own); rejects
 * only when the namespaces cannot be listed. A call that fails is let go, and so is a namespace whose tasks or
 * containers cannot be listed.
 */
export async function emptyDaemon(address: string): Promise<string[]> {
  const admin = new Connection({ address, namespace: 'default', callTimeoutMs: 5_000 });
  try {
    const { namespaces } = await call(admin.call$(Namespaces.list, {}));
    for (const { name } of namespaces) {
      const conn = new Connection({ address, namespace: name, callTimeoutMs: 5_000 });
      try {
        await emptyNamespace(conn).catch(() => undefined);
      } finally {
        conn.close();
      }
    }
    return namespaces.map(({ name }) => name);
  } finally {
    admin.close();
  }
}

async function emptyNamespace(conn: Connection): Promise<void> {
  const { tasks } = await call(conn.call$(Tasks.list, {}));
  await Promise.all(tasks.filter((t) => t.id === t.containerId || t.id === '').map(async ({ containerId }) => {
    await call(conn.call$(Tasks.kill, { containerId, signal: 9, all: true })).catch(() => undefined);
    await call(conn.call$(Tasks.wait, { containerId })).catch(() => undefined);
    await call(conn.call$(Tasks.delete, { containerId })).catch(() => undefined);
  }));
  const { containers } = await call(conn.call$(Containers.list, {}));
  await Promise.all(containers.map((c) => call(conn.call$(Containers.delete, { id: c.id })).catch(() => undefined)));
}

function call<T>(call$: Observable<T>): Promise<T> {
  return firstValueFrom(call$.pipe(timeout(10_000)));
}

/**
 * After the daemon at `address` has ended: its shims and their containers ended, the mounts under `dir`
 * unmounted, `dir` removed, and runc's state directories of `namespaces` removed when empty.
 */
export function removeLeftovers(dir: string, address: string, namespaces: Iterable<string>): void {
  killShimsOf(address);
  unmountUnder(dir);
  rmSync(dir, { recursive: true, force: true });
  for (const ns of namespaces) {
    try {
      rmdirSync(join(RUNC_ROOT, ns));
    } catch {
      // not empty (another daemon's containers) or not there
    }
  }
}

/**
 * SIGKILLs every shim started for the daemon at `address`, its processes, and runc's record of each container.
 * Shims outlive the daemon by design: they are found by the address they were given.
 */
export function killShimsOf(address: string): void {
  for (const shim of processesWithArg('-address', address)) {
    const ns = argAfter(shim.args, '-namespace');
    const id = argAfter(shim.args, '-id');
    if (ns !== undefined && id !== undefined) {
      spawnSync('runc', ['--root', join(RUNC_ROOT, ns), 'delete', '--force', id], { stdio: 'ignore' });
    }
    killAll([...descendants(shim.pid), shim.pid]);
  }
}

/**
 * Ends every containerd whose socket is under `dir` (a program that started one and died without stopping it),
 * with its shims and containers, and unmounts what is mounted under `dir`. Returns how many daemons it ended.
 */
export function reapDaemonsUnder(dir: string): number {
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
