/**
 * Where a process's stdio is made: FIFOs in the client's private directory, opened before the daemon is asked
 * (Tasks.Create waits for readers), or re-attached to an existing process's FIFOs.
 * @module
 */
import { catchError, defer, type Observable, throwError } from 'rxjs';
import { ioError } from '../client/errors.js';
import type { ClientCore } from './core.js';
import { attachProcessIO$, openProcessIO$, type ProcessIO, type Stdio, type StdioPaths } from './io/stdio.js';
import { stdioSlots } from './io/stdio-slots.js';

export type { ProcessIO, Stdio, StdioPaths };
export type { OutputSlot, StdinSlot, StdioSlots } from './io/stdio-slots.js';

/** How a task or exec gets its stdio. */
export interface StdioOptions {
  /**
   * `'pipe'` (stdin, stdout and stderr: `io.stdin`, `io.stdout$`, `io.stderr$`), `'ignore'`, `'inherit'` (output
   * only), `[stdin, stdout, stderr]` with `'pipe' | 'ignore'` for stdin and `'pipe' | 'ignore' | 'inherit' |
   * Writable | { file }` for each output, or `{ file }` / `{ stdout, stderr }`. Default `['ignore', 'pipe', 'pipe']`
   * (`'pipe'` when re-attaching). A bad value is a TypeError naming the slot, before anything is created.
   */
  readonly stdio?: Stdio;
  /**
   * Overrides the stdin slot: true gives the process a stdin and us its write end (`io.stdin`), false none.
   * @deprecated Use the stdin slot: `stdio: 'pipe'` or `stdio: ['pipe', stdout, stderr]`.
   */
  readonly stdin?: boolean;
}

/**
 * Opens new stdio for a process (`key` names its FIFO directory), or re-attaches to `attach`'s paths. A failure of
 * the local I/O (directory, mkfifo, open) is an IoError for `call`, Node's error as its `cause`.
 */
export function openIO$(
  core: ClientCore,
  key: string,
  options: StdioOptions & { readonly terminal?: boolean; readonly attach?: StdioPaths },
  call: string,
): Observable<ProcessIO> {
  return defer(() => {
    if (options.stdio !== undefined) stdioSlots(options.stdio); // a TypeError here, not an IoError, and nothing made
    const { stdio, stdin } = options;
    return (
      options.attach
        ? attachProcessIO$(options.attach, { ...(stdio === undefined ? {} : { stdio }), ...(stdin === undefined ? {} : { stdin }) })
        : openProcessIO$(core.ioDir(), key, { ...(stdio === undefined ? {} : { stdio }), ...(stdin === undefined ? {} : { stdin }), terminal: options.terminal ?? false })
    ).pipe(catchError((error: unknown) => throwError(() => ioError(call, error))));
  });
}
