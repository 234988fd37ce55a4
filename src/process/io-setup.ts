/**
 * Glue between a process and its stdio: opens what the stdio mode needs before the daemon is asked.
 * @module
 */
import { EMPTY, Observable, of } from 'rxjs';
import type { Writable } from 'node:stream';
import type { ClientCore } from './core.js';

export type Stdio = 'pipe' | 'ignore' | 'inherit' | { readonly file: string };

export interface StdioOptions {
  readonly stdio?: Stdio;
  readonly stdin?: boolean;
}

export interface ProcessIO {
  readonly stdout$: Observable<Buffer>;
  readonly stderr$: Observable<Buffer>;
  readonly stdin: Writable | undefined;
  readonly paths: { stdin: string; stdout: string; stderr: string; terminal: boolean };
  closeStdin(): void;
  dispose(): void;
}

export function openIO$(
  _core: ClientCore,
  _key: string,
  options: StdioOptions & { terminal?: boolean; attach?: { stdin: string; stdout: string; stderr: string; terminal: boolean } },
): Observable<ProcessIO> {
  return of({
    stdout$: EMPTY,
    stderr$: EMPTY,
    stdin: undefined,
    paths: { stdin: '', stdout: '', stderr: '', terminal: options.terminal ?? false },
    closeStdin: () => undefined,
    dispose: () => undefined,
  });
}
