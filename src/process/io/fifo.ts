/**
 * FIFOs on disk: creating them (Node has no mkfifo), the client's private directory for them, and their removal.
 * @module
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defer, firstValueFrom, from, map, Observable } from 'rxjs';
import { nameErrorClass, RxContainerdError } from '../../client/error-base.js';
import { makeFifos } from './fifo-maker.js';

/** mkfifo failed; `stderr` carries the tool's own words ("File exists", "Permission denied", ...). */
export class MkfifoError extends RxContainerdError {
  /**
   * @param paths - the FIFOs asked for.
   * @param exitCode - mkfifo's exit code; `null` when a signal ended it.
   * @param stderr - what mkfifo wrote on its stderr.
   */
  constructor(
    readonly paths: readonly string[],
    readonly exitCode: number | null,
    readonly stderr: string,
  ) {
    super(`mkfifo failed (exit ${exitCode ?? 'signal'}): ${stderr.trim() || paths.join(' ')}`);
  }
}
nameErrorClass(MkfifoError, 'MkfifoError', 'ERR_CONTAINERD_MKFIFO');

/**
 * Creates FIFOs with mode 0600 (Node cannot make a FIFO itself: a shared shell runs `mkfifo`, so Node forks
 * once per process, not once per FIFO). Cold: runs on subscribe; emits once, then completes.
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
    makeFifos(paths).then((error) => {
      if (error === undefined) {
        subscriber.next();
        subscriber.complete();
      } else {
        subscriber.error(new MkfifoError(paths, 1, error));
      }
    }, (error: unknown) => subscriber.error(error));
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

/** The client's private directory for FIFOs (mode 0700). Remove it when the client closes. */
export interface IoDir {
  readonly path: string;
  /** Removes the directory and everything left in it. Idempotent. */
  remove$(): Observable<void>;
  remove(): Promise<void>;
}

/**
 * Creates a private directory `rx-containerd-XXXXXX` (0700) under `base` (default: the OS temp directory,
 * created if missing). One per client: every process's FIFOs go in a subdirectory of it.
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
 * Removes files or directories (recursively); a path that is already gone is not an error. Removing a FIFO that a
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
