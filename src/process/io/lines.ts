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
      let pending = '';
      const emitComplete = (text: string): void => {
        const parts = (pending + text).split('\n');
        pending = parts.pop() ?? '';
        for (const part of parts) {
          if (subscriber.closed) return;
          subscriber.next(withoutCR(part));
        }
      };
      const flush = (): void => {
        const rest = pending + decoder.end();
        pending = '';
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
