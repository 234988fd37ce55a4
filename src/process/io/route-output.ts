/**
 * Where a process's output goes, slot by slot: to whoever subscribes (`'pipe'`), nowhere, this Node process's
 * own stdout and stderr, a log file, or a Writable of the caller's.
 * @module
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { catchError, defaultIfEmpty, EMPTY, forkJoin, ignoreElements, map, Observable } from 'rxjs';
import type { FifoReader } from './reader.js';
import { lineChunks, pipeReaderTo$ } from './sink.js';
import { isFile, type OutputSlot, type StdioSlots } from './stdio-slots.js';

/** The readers of a process's output; undefined where it has none (stderr with a terminal). */
export interface OutputReaders {
  readonly stdout: FifoReader | undefined;
  readonly stderr: FifoReader | undefined;
}

/** The log files of the `{ file }` slots, opened for appending, by path (one handle when both name one file). */
export type LogFiles = ReadonlyMap<string, FileHandle>;

/** Opens the files of the `{ file }` slots for appending (0640); on failure closes those it opened. */
export async function openLogFiles(slots: StdioSlots): Promise<LogFiles> {
  const files = new Map<string, FileHandle>();
  try {
    for (const path of [fileOf(slots.stdout), fileOf(slots.stderr)]) {
      if (path !== undefined && !files.has(path)) files.set(path, await open(path, 'a', 0o640));
    }
  } catch (error) {
    await Promise.all([...files.values()].map((f) => f.close()));
    throw error;
  }
  return files;
}

/**
 * Routes each output into its slot's sink. Cold: subscribing starts the routing. Emits once and completes when
 * all of it has been written out (log files flushed and closed); errors if a reader or a file fails. `'pipe'`
 * slots are done at once: the caller's subscribers are their sink. An `'ignore'` slot that has a reader (the
 * FIFOs exist for stdin, a terminal or the other slot) is drained, so the process never blocks on it.
 */
export function routeOutput$(slots: StdioSlots, readers: OutputReaders, logFiles: LogFiles): Observable<void> {
  const routed = (['stdout', 'stderr'] as const).flatMap((name) => {
    const reader = readers[name];
    return reader === undefined ? [] : [{ reader, slot: slots[name], name }];
  });
  const toSinks = routed.flatMap(({ reader, slot, name }): Observable<void>[] => {
    if (slot === 'pipe' || fileOf(slot) !== undefined) return [];
    if (slot === 'ignore') return [reader.chunks$.pipe(ignoreElements(), catchError(() => EMPTY), defaultIfEmpty(undefined))];
    return [pipeReaderTo$(reader, slot === 'inherit' ? process[name] : (slot as Writable))];
  });
  const toFiles = [...logFiles].map(([path, handle]) => toFile$(routed.filter((r) => fileOf(r.slot) === path).map((r) => r.reader), handle));
  return allOf([...toSinks, ...toFiles]);
}

/**
 * What a subscriber of `stdout$` / `stderr$` gets: `'pipe'`: the reader's chunks, lazy and lossless;
 * `'inherit'`, `{ file }`, a Writable: a live view of what passes; `'ignore'`, or no reader: empty.
 */
export function outputView(slot: OutputSlot, reader: FifoReader | undefined): Observable<Buffer> {
  return reader === undefined || slot === 'ignore' ? EMPTY : reader.chunks$;
}

/** Outputs appended to one file by whole lines; emits when the file is closed. */
function toFile$(readers: readonly FifoReader[], logFile: FileHandle): Observable<void> {
  return new Observable<void>((subscriber) => {
    const file = logFile.createWriteStream();
    let failed = false;
    const fail = (error: unknown): void => {
      failed = true;
      file.destroy();
      subscriber.error(error);
    };
    file.once('error', fail);
    file.once('close', () => {
      subscriber.next();
      subscriber.complete(); // after an error, the subscriber is closed and ignores these
    });
    const writing = allOf(readers.map((r) => pipeReaderTo$(r, file, lineChunks()))).subscribe({ error: fail, complete: () => file.end() });
    // After a failure the readers keep going into the destroyed file (their chunks are dropped): a process
    // must not block on a full pipe because our log file failed.
    return () => {
      if (!failed) writing.unsubscribe();
    };
  });
}

/** Emits once when every one of `routes` has emitted (at once for none). */
function allOf(routes: readonly Observable<void>[]): Observable<void> {
  return forkJoin(routes).pipe(
    map(() => undefined),
    defaultIfEmpty(undefined),
  );
}

function fileOf(slot: OutputSlot): string | undefined {
  return typeof slot === 'object' && isFile(slot) ? slot.file : undefined;
}
