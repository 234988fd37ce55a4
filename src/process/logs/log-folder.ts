/**
 * The log folder checked on this host before the daemon is asked for anything: made if missing, then written
 * to. The shim cannot tell us: a logger that fails to open its file ends before it signals ready, which the shim
 * takes as ready all the same, and the process would run with its output going nowhere.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { defer, from, type Observable } from 'rxjs';
import { LogFolderError } from '../../client/log-error-classes.js';

/** Makes `dir` (and its parents) and proves it writable with a file made and removed; LogFolderError otherwise. */
export function prepareLogFolder$(dir: string, call: string): Observable<void> {
  return defer(() => from(prepareLogFolder(dir, call)));
}

async function prepareLogFolder(dir: string, call: string): Promise<void> {
  try {
    await makeFolder(dir);
    // a name no other check can hold: two checks of one folder in the same millisecond (two containers logging
    // there, created at once) must not find each other's probe
    const probe = join(dir, `.probe-${process.pid}-${randomBytes(6).toString('hex')}`);
    const handle = await open(probe, 'wx', 0o600);
    await handle.close();
    await rm(probe, { force: true });
  } catch (error) {
    throw new LogFolderError(dir, call, error);
  }
}

/**
 * `mkdir -p`, one level at a time: Node's own `recursive` loops forever where a parent exists but refuses
 * children with ENOENT (a folder under /proc).
 */
async function makeFolder(dir: string): Promise<void> {
  try {
    await mkdir(dir, { mode: 0o750 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    if (code !== 'ENOENT' || dirname(dir) === dir) throw error;
    await makeFolder(dirname(dir));
    await mkdir(dir, { mode: 0o750 }).catch((again: NodeJS.ErrnoException) => {
      if (again.code !== 'EEXIST') throw again;
    });
  }
}
