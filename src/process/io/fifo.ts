/**
 * FIFOs on disk: creating them (Node has no mkfifo), the client's private folder for them, and their removal.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer, firstValueFrom, from, map, Observable } from 'rxjs';

/** mkfifo failed; `stderr` carries the tool's own words ("File exists", "Permission denied", ...). */
export class MkfifoError extends Error {
  override readonly name = 'MkfifoError';
  constructor(
    readonly paths: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`mkfifo failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || paths.join(' ')}`);
  }
}

/**
 * Creates FIFOs with mode 0600, all in one `mkfifo` process (Node cannot make a FIFO itself). Cold: runs on
 * subscribe; emits once, then completes.
 *
 * @example
 * await firstValueFrom(mkfifo$('/tmp/x/stdout', '/tmp/x/stderr'));
 */
export function mkfifo$(...paths: string[]): Observable<void> {
  return new Observable<void>((subscriber) => {
    if (paths.length === 0) {
      subscriber.next();
      subscriber.complete();
      return;
    }
    const child = spawn('mkfifo', ['-m', '0600', '--', ...paths], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    child.on('error', (error) => subscriber.error(error));
    child.on('close', (code) => {
      if (code === 0) {
        subscriber.next();
        subscriber.complete();
      } else {
        subscriber.error(new MkfifoError(paths, code, stderr));
      }
    });
    return () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    };
  });
}

/**
 * Promise twin of {@link mkfifo$}.
 *
 * @example
 * await mkfifo('/tmp/x/stdout');
 */
export function mkfifo(...paths: string[]): Promise<void> {
  return firstValueFrom(mkfifo$(...paths));
}

/** The client's private folder for FIFOs (mode 0700). Remove it when the client closes. */
export interface IoDir {
  readonly path: string;
  /** Removes the folder and everything left in it. Idempotent. */
  remove$(): Observable<void>;
  remove(): Promise<void>;
}

/**
 * Creates a private folder `rx-containerd-XXXXXX` (0700) under `base` (default: the OS temp folder, created if
 * missing). One per client: every process's FIFOs go in a subfolder of it.
 *
 * @example
 * const dir = await firstValueFrom(createIoDir$());
 * // ... openProcessIO(dir, 'web', { stdio: 'pipe' }) ...
 * await dir.remove();
 */
export function createIoDir$(base: string = tmpdir()): Observable<IoDir> {
  return defer(async () => {
    await mkdir(base, { recursive: true, mode: 0o700 });
    return ioDir(await mkdtemp(join(base, 'rx-containerd-')));
  });
}

/**
 * Promise twin of {@link createIoDir$}.
 *
 * @example
 * const dir = await createIoDir('/run/my-app');
 */
export function createIoDir(base?: string): Promise<IoDir> {
  return firstValueFrom(createIoDir$(base));
}

function ioDir(path: string): IoDir {
  const remove$ = (): Observable<void> => removePaths$(path);
  return { path, remove$, remove: () => firstValueFrom(remove$()) };
}

/**
 * Removes files or folders (recursively); a path that is already gone is not an error. Removing a FIFO that a
 * process still holds open is fine: the open ends keep working, only the name goes.
 *
 * @example
 * await firstValueFrom(removePaths$('/tmp/x/stdout', '/tmp/x/stderr'));
 */
export function removePaths$(...paths: string[]): Observable<void> {
  return defer(() => from(Promise.all(paths.map((p) => rm(p, { recursive: true, force: true }))))).pipe(
    map(() => undefined),
  );
}
