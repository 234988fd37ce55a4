/**
 * The life of a process's FIFOs: made in a subdirectory of the client's IO directory (or found again from the
 * paths the daemon reports), our ends opened, then closed and the FIFOs removed.
 *
 * Terminal: the shim reads a console and writes it to the stdout FIFO only; it never opens stderr (containerd's
 * own client leaves the stderr FIFO uncreated too). So with `terminal` we make no stderr FIFO and pass stderr ''.
 * @module
 */
import { mkdtemp, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { firstValueFrom } from 'rxjs';
import { mkfifo$ } from './fifo.js';
import { openFifoReader, type FifoReader } from './reader.js';
import { openFifoWriter } from './stdin.js';

/** The strings Tasks.Create / Tasks.Exec take (and Tasks.Get gives back); '' means none. */
export interface StdioPaths {
  /** The stdin FIFO's path; `''` when the process has no stdin. */
  readonly stdin: string;
  /** The stdout FIFO's path; `''` when its output goes nowhere. */
  readonly stdout: string;
  /** The stderr FIFO's path; `''` with a terminal (stderr goes to stdout) or none. */
  readonly stderr: string;
  /** Whether the process has a terminal. */
  readonly terminal: boolean;
}

/** A process's FIFOs on disk, not opened yet. */
export interface ProcessFifos {
  /** The FIFOs to open; '' for none. */
  readonly fifos: StdioPaths;
  /** The paths to report: as made, or as the daemon gave them (with their `fifo://` prefix, say). */
  readonly reported: StdioPaths;
  /** Removes the FIFOs and their directory. */
  readonly remove: () => Promise<void>;
}

/** Our open ends of a process's FIFOs. */
export interface FifoEnds {
  readonly stdout: FifoReader | undefined;
  readonly stderr: FifoReader | undefined;
  readonly stdin: Writable | undefined;
}

const NO_PATHS: StdioPaths = { stdin: '', stdout: '', stderr: '', terminal: false };

/** A process without FIFOs (null IO): nothing to open, nothing to remove. */
export const noFifos: ProcessFifos = { fifos: NO_PATHS, reported: NO_PATHS, remove: () => Promise.resolve() };

/**
 * Makes a new process's FIFOs, mode 0600, in a new subdirectory `<key>-XXXXXX` of `dir`: stdout always, stderr
 * unless `terminal`, stdin if asked. On failure nothing is left behind.
 */
export async function makeProcessFifos(
  dir: string,
  processKey: string,
  options: { readonly stdin: boolean; readonly terminal: boolean },
): Promise<ProcessFifos> {
  const own = await mkdtemp(join(dir, `${safeKey(processKey)}-`));
  const remove = (): Promise<void> => rm(own, { recursive: true, force: true });
  const paths: StdioPaths = {
    stdin: options.stdin ? join(own, 'stdin') : '',
    stdout: join(own, 'stdout'),
    stderr: options.terminal ? '' : join(own, 'stderr'),
    terminal: options.terminal,
  };
  try {
    await firstValueFrom(mkfifo$(...present(paths)));
  } catch (error) {
    await remove();
    throw error;
  }
  return { fifos: paths, reported: paths, remove };
}

/**
 * The FIFOs of a running process, from the paths Tasks.Get reports. Paths that are not FIFOs (`file://`,
 * `binary://` URIs) are left out. With `removeOnDispose`, `remove` deletes the FIFOs and then their directory
 * if it is empty.
 */
export function existingFifos(paths: StdioPaths, removeOnDispose: boolean): ProcessFifos {
  const fifos: StdioPaths = {
    stdin: fifoPath(paths.stdin),
    stdout: fifoPath(paths.stdout),
    stderr: paths.terminal ? '' : fifoPath(paths.stderr),
    terminal: paths.terminal,
  };
  const own = present(fifos);
  const remove = async (): Promise<void> => {
    if (!removeOnDispose || own.length === 0) return;
    await Promise.all(own.map((p) => rm(p, { force: true })));
    await rmdir(dirname(fifos.stdout || own[0])).catch(() => undefined); // only if now empty
  };
  return { fifos, reported: paths, remove };
}

/**
 * Opens our ends, now and synchronously: readers of stdout and stderr, and the write end of stdin when
 * `withStdin`. On failure, closes what it opened and throws.
 */
export function openFifoEnds(fifos: StdioPaths, withStdin: boolean): FifoEnds {
  const opened: { stdout?: FifoReader; stderr?: FifoReader; stdin?: Writable } = {};
  try {
    if (fifos.stdout !== '') opened.stdout = openFifoReader(fifos.stdout);
    if (fifos.stderr !== '' && !fifos.terminal) opened.stderr = openFifoReader(fifos.stderr);
    if (fifos.stdin !== '' && withStdin) opened.stdin = openFifoWriter(fifos.stdin);
  } catch (error) {
    opened.stdout?.detach();
    opened.stderr?.detach();
    opened.stdin?.destroy();
    throw error;
  }
  return { stdout: opened.stdout, stderr: opened.stderr, stdin: opened.stdin };
}

/**
 * Closes our ends. `'finish'` takes what is left in the pipes first (after the process is deleted); `'detach'`
 * leaves it there for a later reader.
 */
export function closeFifoEnds(ends: FifoEnds, how: 'finish' | 'detach'): void {
  ends.stdout?.[how]();
  ends.stderr?.[how]();
  ends.stdin?.destroy();
}

/** The FIFOs of `paths` that exist ('' is none). */
function present(paths: StdioPaths): string[] {
  return [paths.stdin, paths.stdout, paths.stderr].filter((p) => p !== '');
}

/** A plain path or `fifo://` path stays; other URIs (file://, binary://) and '' are not FIFOs of ours. */
function fifoPath(path: string): string {
  if (path.startsWith('fifo://')) return path.slice('fifo://'.length);
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? '' : path;
}

/** A form of a process key (`web`, `web-exec1`) that is safe in a directory name. */
function safeKey(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 100);
  if (safe === '' || safe === '.' || safe === '..') throw new TypeError(`bad process key: ${JSON.stringify(key)}`);
  return safe;
}
