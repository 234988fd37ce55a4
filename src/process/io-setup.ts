/**
 * Where a process's stdio is made: FIFOs in the client's private folder, opened before the daemon is asked
 * (Tasks.Create waits for readers), or re-attached to an existing process's FIFOs.
 * @module
 */
import type { Observable } from 'rxjs';
import type { ClientCore } from './core.js';
import { attachProcessIO$, openProcessIO$, type ProcessIO, type StdioMode, type StdioPaths } from './io/stdio.js';

export type { ProcessIO, StdioMode as Stdio, StdioPaths };

/** How a task or exec gets its stdio. */
export interface StdioOptions {
  /** 'pipe' (default: read through `io.stdout$`/`io.stderr$`), 'ignore', 'inherit', `{ file }` or `{ stdout, stderr }`. */
  readonly stdio?: StdioMode;
  /** Give the process a stdin and us its write end (`io.stdin`). Default false (true when re-attaching). */
  readonly stdin?: boolean;
}

/** Opens new stdio for a process (`key` names its FIFO folder), or re-attaches to `attach`'s paths. */
export function openIO$(
  core: ClientCore,
  key: string,
  options: StdioOptions & { readonly terminal?: boolean; readonly attach?: StdioPaths },
): Observable<ProcessIO> {
  const stdio = options.stdio ?? 'pipe';
  if (options.attach) return attachProcessIO$(options.attach, { stdio, stdin: options.stdin ?? true });
  return openProcessIO$(core.ioDir(), key, { stdio, stdin: options.stdin ?? false, terminal: options.terminal ?? false });
}
