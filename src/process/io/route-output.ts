/**
 * Where a process's output goes, by stdio mode: to whoever subscribes (`'pipe'`), nowhere, this Node process's
 * own stdout and stderr, a log file, or Writables of the caller's.
 * @module
 */
import { open, type FileHandle } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { catchError, defaultIfEmpty, EMPTY, forkJoin, ignoreElements, map, Observable, of } from 'rxjs';
import type { FifoReader } from './reader.js';
import { lineChunks, pipeReaderTo$ } from './sink.js';

/**
 * Where a process's output goes.
 * - `'pipe'`: FIFOs we read; `stdout$` / `stderr$` deliver it (unread output blocks the process once the pipe is
 *   full, as with any pipe).
 * - `'ignore'`: nowhere (null IO: no FIFOs at all, unless stdin or a terminal needs them; then we drain them).
 * - `'inherit'`: this Node process's own stdout / stderr.
 * - `{ file }`: appended to that file, stdout and stderr interleaved by whole lines. We read the FIFOs and write
 *   the file ourselves: containerd's `file://` URI loses lines.
 * - `{ stdout, stderr }`: into Writables of yours (not ended at the end; pass the same one twice to merge).
 */
export type Stdio =
  | 'pipe'
  | 'ignore'
  | 'inherit'
  | {
      /** The log file's path: stdout and stderr are appended to it. */
      readonly file: string;
    }
  | {
      /** Where stdout goes (not ended at the end). */
      readonly stdout: Writable;
      /** Where stderr goes (the same Writable as stdout to merge them). */
      readonly stderr: Writable;
    };

/** The readers of a process's output; undefined where it has none (stderr with a terminal). */
export interface OutputReaders {
  readonly stdout: FifoReader | undefined;
  readonly stderr: FifoReader | undefined;
}

/** Opens the log file of a `{ file }` mode for appending (0640); undefined for the other modes. */
export async function openLogFile(mode: Stdio): Promise<FileHandle | undefined> {
  return isFileMode(mode) ? open(mode.file, 'a', 0o640) : undefined;
}

/**
 * Routes the output into the mode's sinks. Cold: subscribing starts the routing. Emits once and completes when
 * all of it has been written out (for `{ file }`: the file flushed and closed, `logFile` with it); errors if a
 * reader or the file fails. `'pipe'` emits at once: the caller's subscribers are the sink.
 */
export function routeOutput$(mode: Stdio, readers: OutputReaders, logFile: FileHandle | undefined): Observable<void> {
  const present = [readers.stdout, readers.stderr].filter((r): r is FifoReader => r !== undefined);
  if (mode === 'pipe') return of(undefined);
  // a terminal or stdin needs FIFOs, nobody wants output: take it and drop it, so the process never blocks
  if (mode === 'ignore') return allOf(present, (r) => r.chunks$.pipe(ignoreElements(), catchError(() => EMPTY), defaultIfEmpty(undefined)));
  if (mode === 'inherit') return allOf(present, (r) => pipeReaderTo$(r, r === readers.stdout ? process.stdout : process.stderr));
  if (isFileMode(mode)) {
    if (logFile === undefined) throw new TypeError(`the log file ${mode.file} was not opened`);
    return toFile$(present, logFile);
  }
  return allOf(present, (r) => pipeReaderTo$(r, r === readers.stdout ? mode.stdout : mode.stderr));
}

/**
 * What a subscriber of `stdout$` / `stderr$` gets: `'pipe'`: the reader's chunks, lazy and lossless;
 * `'inherit'`, `{ file }`, `{ stdout, stderr }`: a live view of what passes; `'ignore'`, or no reader: empty.
 */
export function outputView(mode: Stdio, reader: FifoReader | undefined): Observable<Buffer> {
  return reader === undefined || mode === 'ignore' ? EMPTY : reader.chunks$;
}

/** Both outputs appended to one file by whole lines; emits when the file is closed. */
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
    const writing = allOf(readers, (r) => pipeReaderTo$(r, file, lineChunks())).subscribe({ error: fail, complete: () => file.end() });
    // After a failure the readers keep going into the destroyed file (their chunks are dropped): a process
    // must not block on a full pipe because our log file failed.
    return () => {
      if (!failed) writing.unsubscribe();
    };
  });
}

/** Runs `route` for every reader at once; emits once when all have ended (at once for none). */
function allOf(readers: readonly FifoReader[], route: (reader: FifoReader) => Observable<void>): Observable<void> {
  return forkJoin(readers.map(route)).pipe(
    map(() => undefined),
    defaultIfEmpty(undefined),
  );
}

function isFileMode(mode: Stdio): mode is { readonly file: string } {
  return typeof mode === 'object' && 'file' in mode;
}
