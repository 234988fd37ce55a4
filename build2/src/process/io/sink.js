import { Observable } from 'rxjs';
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
export function lineChunks(maxPending = 64 * 1024) {
    return (source) => new Observable((subscriber) => {
        let pending = [];
        let pendingBytes = 0;
        const flush = () => {
            if (pendingBytes > 0)
                subscriber.next(Buffer.concat(pending, pendingBytes));
            pending = [];
            pendingBytes = 0;
        };
        return source.subscribe({
            next: (chunk) => {
                const cut = chunk.lastIndexOf(NEWLINE) + 1;
                if (cut === 0) {
                    pending.push(chunk);
                    pendingBytes += chunk.length;
                    if (pendingBytes > maxPending)
                        flush();
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
            error: (error) => {
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
export function pipeReaderTo$(reader, target, operator = (chunks) => chunks) {
    return new Observable((subscriber) => {
        let release;
        const onDrain = () => {
            target.off('drain', onDrain);
            target.off('close', onDrain);
            release?.();
            release = undefined;
        };
        const subscription = reader.chunks$.pipe(operator).subscribe({
            next: (chunk) => {
                if (target.destroyed || target.writableEnded)
                    return;
                if (!target.write(chunk) && release === undefined) {
                    release = reader.hold();
                    target.once('drain', onDrain);
                    target.once('close', onDrain); // a destroyed target never drains: drop, but keep the pipe flowing
                }
            },
            error: (error) => subscriber.error(error),
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
//# sourceMappingURL=sink.js.map