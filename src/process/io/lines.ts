/**
 * The `lines()` operator.
 * @module
 */
import { StringDecoder } from 'node:string_decoder';
import { Observable, type OperatorFunction } from 'rxjs';

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
export function lines(): OperatorFunction<Buffer | Uint8Array | string, string> {
  return (source) =>
    new Observable<string>((subscriber) => {
      const decoder = new StringDecoder('utf8');
      // The start of the current line, as the pieces it arrived in: joined once, when its newline comes. Only
      // new text is searched for a newline, so a line costs time linear in its length however many chunks it spans.
      let pending: string[] = [];
      const takeLine = (last: string): string => {
        const line = pending.length === 0 ? last : pending.join('') + last;
        pending = [];
        return line;
      };
      const emitComplete = (text: string): void => {
        let start = 0;
        for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
          const line = takeLine(text.slice(start, nl));
          start = nl + 1;
          if (subscriber.closed) return;
          subscriber.next(withoutCR(line));
        }
        if (start < text.length) pending.push(start === 0 ? text : text.slice(start));
      };
      const flush = (): void => {
        const rest = takeLine(decoder.end());
        if (rest.length > 0) subscriber.next(withoutCR(rest));
      };
      return source.subscribe({
        next: (chunk) => emitComplete(typeof chunk === 'string' ? chunk : decoder.write(chunk)),
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

function withoutCR(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
