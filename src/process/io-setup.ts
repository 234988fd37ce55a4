/**
 * Where a process's stdio is made: FIFOs in the client's private directory, opened before the daemon is asked
 * (Tasks.Create waits for readers), or re-attached to an existing process's FIFOs.
 * @module
 */
import { catchError, defer, type Observable, throwError } from 'rxjs';
import { ioError } from '../client/errors.js';
import type { ClientCore } from './core.js';
import { attachProcessIO$, openProcessIO$, type ProcessIO, type Stdio, type StdioPaths } from './io/stdio.js';

export type { ProcessIO, Stdio, StdioPaths };

/** How a task or exec gets its stdio. */
export interface StdioOptions {
  /** 'pipe' (default: read through `io.stdout$`/`io.stderr$`), 'ignore', 'inherit', `{ file }` or `{ stdout, stderr }`. */
  readonly stdio?: Stdio;
  /** Give the process a stdin and us its write end (`io.stdin`). Default false (true when re-attaching). */
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
  const stdio = options.stdio ?? 'pipe';
  return defer(() =>
    options.attach
      ? attachProcessIO$(options.attach, { stdio, stdin: options.stdin ?? true })
      : openProcessIO$(core.ioDir(), key, { stdio, stdin: options.stdin ?? false, terminal: options.terminal ?? false }),
  ).pipe(catchError((error: unknown) => throwError(() => ioError(call, error))));
}
