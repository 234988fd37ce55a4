/**
 * The `lines()` operator.
 * @module
 */
import { Observable } from 'rxjs';
/**
 * Splits a stream of chunks into lines (without their `\n` or `\r\n`). A line may span chunks, and so may a
 * UTF-8 character. The last line is emitted at completion even without a final newline (also before an error:
 * nothing read is lost). Empty lines are kept; a final newline does not make an empty last line.
 *
 * ```text
 * source:  --a-----b-----c-----|      a = 'one\ntw', b = 'o\r', c = '\nthree'
 * lines(): --x-----------y-----(z|)   x = 'one', y = 'two', z = 'three'
 * ```
 *
 * @example
 * io.stdout$.pipe(lines()).subscribe((line) => console.log(`[web] ${line}`));
 */
export function lines() {
    return (source) => new Observable((subscriber) => {
        // The start of the current line, as the byte pieces it arrived in: decoded once, when its newline comes.
        // Only new bytes are searched, so a line costs time linear in its length however many chunks it spans.
        // Splitting bytes at 0x0a is safe: no byte of a multi-byte UTF-8 character is 0x0a.
        let pending = [];
        const takeLine = (chunk, start, end) => {
            if (pending.length === 0)
                return chunk.toString('utf8', start, end);
            const line = Buffer.concat([...pending, chunk.subarray(start, end)]).toString('utf8');
            pending = [];
            return line;
        };
        const emitComplete = (chunk) => {
            let start = 0;
            for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
                const line = takeLine(chunk, start, nl);
                start = nl + 1;
                if (subscriber.closed)
                    return;
                subscriber.next(withoutCR(line));
            }
            if (start < chunk.length)
                pending.push(start === 0 ? chunk : chunk.subarray(start));
        };
        const flush = () => {
            const rest = takeLine(EMPTY, 0, 0);
            if (rest.length > 0)
                subscriber.next(withoutCR(rest));
        };
        return source.subscribe({
            next: (chunk) => emitComplete(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)),
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
const NEWLINE = 0x0a;
const EMPTY = Buffer.alloc(0);
function withoutCR(line) {
    return line.endsWith('\r') ? line.slice(0, -1) : line;
}
//# sourceMappingURL=lines.js.map