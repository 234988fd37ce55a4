/**
 * The files of a container's log, oldest first: `output.log.<n>` down to `output.log.1` (rotated, never written
 * again), then `output.log`, the one being written. Rotation renames, so a file keeps its inode: a reader that
 * holds `output.log` open finds it again among the rotated ones by its inode.
 * @module
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LOG_FILE } from './log-options.js';

/** A rotated log file: its path, its number (1 the newest) and its inode. */
export interface RotatedFile {
  /** Its path. */
  readonly path: string;
  /** Its number: 1 is the newest. */
  readonly n: number;
  /** Its inode, which it kept from when it was being written. */
  readonly ino: number;
}

const ROTATED = new RegExp(`^${LOG_FILE.replace('.', '\\.')}\\.(\\d+)$`);

/** The rotated files in `dir`, oldest (highest number) first; none when the folder is missing. */
export async function rotatedFiles(dir: string): Promise<RotatedFile[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const found: RotatedFile[] = [];
  for (const name of names) {
    const m = ROTATED.exec(name);
    if (!m) continue;
    const path = join(dir, name);
    // one rotated away (or out) since readdir is no longer ours to read
    const info = await stat(path).catch(() => undefined);
    if (info) found.push({ path, n: Number(m[1]), ino: info.ino });
  }
  return found.sort((a, b) => b.n - a.n);
}

/** The path of the file being written. */
export function currentFile(dir: string): string {
  return join(dir, LOG_FILE);
}
