/**
 * A container's log read as lines: the rotated files oldest first, then the current one, optionally followed
 * as it grows and turns over (as `docker logs -f` and `kubectl logs -f` do). Reading is on this host, from the
 * files the logger writes: nothing goes through the daemon.
 * @module
 */
import type { FileHandle } from 'node:fs/promises';
import { open, readFile, stat } from 'node:fs/promises';
import { Observable, type Subscription } from 'rxjs';
import { currentFile, rotatedFiles } from './log-files.js';
import { LineJoiner, RecordSplitter, type LogLine, type LogStream } from './log-line.js';
import type { LogLocation } from './log-options.js';
import { loggerState } from './logger-state.js';

/** What to read of a log. */
export interface LogsOptions {
  /**
   * Keep reading new lines as they are written, across rotations, until the task exits and its last lines are
   * read (or until unsubscribed). Default false: the lines there are now, then complete.
   */
  readonly follow?: boolean;
  /** Only lines written at or after this time (a Date, or milliseconds since the epoch). */
  readonly since?: Date | number;
  /** Only the last `tail` lines of what is there now (of the stream asked for, after `since`); following goes on from there. */
  readonly tail?: number;
  /** Only this stream's lines. Default both, in the order they were logged. */
  readonly stream?: LogStream;
  /** While following, how often to look for new lines, in ms. Default 100. */
  readonly pollMs?: number;
  /**
   * While following, once the task exited: how long the log must stay still before the reader ends (the
   * logger may still be writing the last lines), in ms. Default 300.
   */
  readonly drainMs?: number;
}

/** Options checked: a TypeError naming the bad one. */
export function checkLogsOptions(options: LogsOptions): void {
  if (typeof options !== 'object' || options === null) throw new TypeError(`logs options must be an object, got ${String(options)}`);
  const { follow, since, tail, stream, pollMs, drainMs } = options;
  if (follow !== undefined && typeof follow !== 'boolean') throw new TypeError(`logs option follow must be a boolean, got ${String(follow)}`);
  if (since !== undefined && !(since instanceof Date ? !Number.isNaN(since.getTime()) : Number.isFinite(since))) {
    throw new TypeError(`logs option since must be a Date or milliseconds since the epoch, got ${String(since)}`);
  }
  if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw new TypeError(`logs option tail must be an integer >= 0, got ${String(tail)}`);
  if (stream !== undefined && stream !== 'stdout' && stream !== 'stderr') throw new TypeError(`logs option stream must be 'stdout' or 'stderr', got ${String(stream)}`);
  for (const [name, value] of [['pollMs', pollMs], ['drainMs', drainMs]] as const) {
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) throw new TypeError(`logs option ${name} must be a positive number of ms, got ${String(value)}`);
  }
}

const CHUNK = 1 << 20;

/**
 * The lines of the log in `log.dir`. `ended$` says the task exited (its first value, completion or error):
 * a follower ends once it did and the log is drained. Unsubscribing stops reading and closes the files. A bad
 * option is a TypeError at the call.
 */
export function readLogs$(log: LogLocation, options: LogsOptions, ended$?: Observable<unknown>): Observable<LogLine> {
  checkLogsOptions(options);
  return new Observable<LogLine>((subscriber) => {
    const since = options.since === undefined ? undefined : options.since instanceof Date ? options.since.getTime() : options.since;
    const pollMs = options.pollMs ?? 100;
    const drainMs = options.drainMs ?? 300;
    const splitter = new RecordSplitter();
    const joiner = new LineJoiner();
    let tail: LogLine[] | undefined = options.tail === undefined ? undefined : [];
    let closed = false;
    let handle: FileHandle | undefined;
    let timer: NodeJS.Timeout | undefined;
    let wake: (() => void) | undefined;
    let endedAt: number | undefined;
    let ending: Subscription | undefined;

    const emit = (line: LogLine): void => {
      if (options.stream !== undefined && line.stream !== options.stream) return;
      if (since !== undefined && line.time.getTime() < since) return;
      if (tail === undefined) subscriber.next(line);
      else {
        tail.push(line);
        if (tail.length > options.tail!) tail.shift();
      }
    };
    const take = (bytes: Buffer): void => {
      for (const record of splitter.push(bytes)) {
        const line = joiner.push(record);
        if (line) emit(line);
      }
    };
    const sleep = (ms: number): Promise<void> =>
      new Promise((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, ms);
      });
    /** Reads `h` from `position` to its end; the new position. */
    const readOn = async (h: FileHandle, position: number): Promise<number> => {
      const buffer = Buffer.allocUnsafe(CHUNK);
      for (;;) {
        if (closed) return position;
        const { bytesRead } = await h.read(buffer, 0, CHUNK, position);
        if (bytesRead === 0) return position;
        position += bytesRead;
        take(buffer.subarray(0, bytesRead));
      }
    };
    const openCurrent = async (): Promise<FileHandle | undefined> => {
      const h = await open(currentFile(log.dir), 'r').catch((error: NodeJS.ErrnoException) => {
        if (error.code === 'ENOENT') return undefined;
        throw error;
      });
      if (h && closed) {
        await h.close();
        return undefined;
      }
      return h;
    };

    const run = async (): Promise<void> => {
      // the current file first: whatever is rotated after this is found again by its inode
      handle = await openCurrent();
      let ino = handle ? (await handle.stat()).ino : -1;
      for (const file of await rotatedFiles(log.dir)) {
        if (closed) return;
        if (file.ino === ino) continue;
        take(await readFile(file.path).catch(() => Buffer.alloc(0)));
        splitter.reset();
      }
      let position = handle ? await readOn(handle, 0) : 0;
      if (tail !== undefined) {
        const lines = tail;
        tail = undefined;
        for (const line of lines) subscriber.next(line);
      }
      if (!options.follow) return;
      if (ended$) {
        ending = ended$.subscribe({ next: () => (endedAt ??= Date.now()), complete: () => (endedAt ??= Date.now()), error: () => (endedAt ??= Date.now()) });
      }
      let lastGrowth = Date.now();
      while (!closed) {
        const before = position;
        if (handle) position = await readOn(handle, position);
        if (position !== before) lastGrowth = Date.now();
        const now = await currentIno();
        if (now !== undefined && now !== ino) {
          // rotated: the rest of our file, the files rotated after it, then the new current one
          if (handle) {
            position = await readOn(handle, position);
            await handle.close();
            handle = undefined;
          }
          splitter.reset();
          const rotated = await rotatedFiles(log.dir);
          const ours = rotated.findIndex((f) => f.ino === ino);
          for (const file of ours === -1 ? [] : rotated.slice(ours + 1)) {
            take(await readFile(file.path).catch(() => Buffer.alloc(0)));
            splitter.reset();
          }
          handle = await openCurrent();
          ino = handle ? (await handle.stat()).ino : -1;
          position = 0;
          lastGrowth = Date.now();
          continue;
        }
        if (position !== before) continue;
        if (endedAt !== undefined) {
          const quiet = Date.now() - Math.max(lastGrowth, endedAt) >= drainMs;
          if (quiet || (await loggerState(log.dir)).state !== 'running') {
            if (handle) await readOn(handle, position);
            break;
          }
        }
        await sleep(pollMs);
      }
      for (const line of joiner.flush()) emit(line);
    };
    const currentIno = (): Promise<number | undefined> => stat(currentFile(log.dir)).then((s) => s.ino, () => undefined);

    run().then(
      () => subscriber.complete(),
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      closed = true;
      if (timer) clearTimeout(timer);
      wake?.();
      ending?.unsubscribe();
      void handle?.close().catch(() => undefined);
    };
  });
}
