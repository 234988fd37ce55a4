/**
 * Where a FIFO's bytes go when the caller does not read them: a Writable (ours or the caller's), with
 * backpressure, and whole lines for a log file shared by stdout and stderr.
 * @module
 */
import type { Writable } from 'node:stream';
import { Observable, type OperatorFunction } from 'rxjs';
import type { FifoReader } from './reader.js';

const NEWLINE = 0x0a;

/**
 * Regroups byte chunks so that each ends at a newline, so two streams appended to one file interleave by whole
 * lines, never mid-line. Works on bytes (a newline byte never occurs inside a UTF-8 character). A line longer than
 * `maxPending` bytes is let through in pieces; the rest is flushed at completion.
 *
 * ```text
 * source:        -a----b----|     a = 'x\ny', b = 'z\n'
 * lineChunks():  -x----y----|     x = 'x\n', y = 'yz\n'
 * ```
 *
 * @example
 * reader.chunks$.pipe(lineChunks()).subscribe((chunk) => log.write(chunk));
 */
export function lineChunks(maxPending = 64 * 1024): OperatorFunction<Buffer, Buffer> {
  return (source) =>
    new Observable<Buffer>((subscriber) => {
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      const flush = (): void => {
        if (pendingBytes > 0) subscriber.next(Buffer.concat(pending, pendingBytes));
        pending = [];
        pendingBytes = 0;
      };
      return source.subscribe({
        next: (chunk) => {
          const cut = chunk.lastIndexOf(NEWLINE) + 1;
          if (cut === 0) {
            pending.push(chunk);
            pendingBytes += chunk.length;
            if (pendingBytes > maxPending) flush();
            return;
          }
          pending.push(chunk.subarray(0, cut));
          pendingBytes += cut;
          flush();
          if (cut < chunk.length) {
            pending.push(chunk.subarray(cut));
            pendingBytes += chunk.length - cut;
          }
        },
        error: (error: unknown) => {
          flush();
          subscriber.error(error);
        },
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
    });
}

/**
 * Writes a reader's chunks (through `operator`, if given) into `target`, holding the reader while `target` is
 * full. Does not end `target`. Emits once and completes when the reader has ended and its last chunk was handed
 * to `target`; errors if the reader fails.
 *
 * @example
 * pipeReaderTo$(reader, process.stdout).subscribe();
 */
export function pipeReaderTo$(
  reader: FifoReader,
  target: Writable,
  operator: OperatorFunction<Buffer, Buffer> = (chunks) => chunks,
): Observable<void> {
  return new Observable<void>((subscriber) => {
    let release: (() => void) | undefined;
    const onDrain = (): void => {
      target.off('drain', onDrain);
      target.off('close', onDrain);
      release?.();
      release = undefined;
    };
    const subscription = reader.chunks$.pipe(operator).subscribe({
      next: (chunk) => {
        if (target.destroyed || target.writableEnded) return;
        if (!target.write(chunk) && release === undefined) {
          release = reader.hold();
          target.once('drain', onDrain);
          target.once('close', onDrain); // a destroyed target never drains: drop, but keep the pipe flowing
        }
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => {
        subscriber.next();
        subscriber.complete();
      },
    });
    return () => {
      subscription.unsubscribe();
      onDrain();
    };
  });
}
