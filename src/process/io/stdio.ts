/**
 * A process's stdio: the FIFO paths containerd gets, and our ends of them, by stdio mode. The FIFOs' life is in
 * `process-fifos.ts`; where the output goes, in `route-output.ts`; this module puts them together.
 *
 * Order for the task layer:
 *   1. `openProcessIO(dir, key, options)`  FIFOs made, our readers (and stdin end) open.
 *   2. Tasks.Create / Tasks.Exec with `io.paths`; on failure `io.dispose()`.
 *   3. Tasks.Start (an exec's Start is where its shim opens the FIFOs).
 *   4. closeIO({stdin}): `io.closeStdin()`, then Tasks.CloseIO{stdin: true}.
 *   5. After Tasks.Delete (or DeleteProcess): `io.dispose()`: the rest of the output, then the FIFOs removed.
 *   After a client restart: `attachProcessIO(paths from Tasks.Get)`; `io.detach()` lets go without removing.
 * @module
 */
import type { Writable } from 'node:stream';
import { AsyncSubject, connectable, defer, firstValueFrom, forkJoin, map, Observable, of, type Observer } from 'rxjs';
import {
  closeFifoEnds,
  existingFifos,
  makeProcessFifos,
  noFifos,
  openFifoEnds,
  type FifoEnds,
  type ProcessFifos,
  type StdioPaths,
} from './process-fifos.js';
import type { FifoReader } from './reader.js';
import { openLogFiles, outputView, routeOutput$, type LogFiles } from './route-output.js';
import { closeStdin$, stdinObserver } from './stdin.js';
import { stdioSlots, type Stdio, type StdioSlots } from './stdio-slots.js';

export type { Stdio, StdioPaths, StdioSlots };

/**
 * The stdio of a process when none is given: output piped, stdin unconnected (the process reads /dev/null).
 * Not child_process's `'pipe'`: a container's stdin that nobody writes or closes holds a reading process forever.
 */
export const DEFAULT_STDIO = ['ignore', 'pipe', 'pipe'] as const satisfies Stdio;

export interface ProcessIOOptions {
  /** `'pipe'`, `'ignore'`, `'inherit'`, `[stdin, stdout, stderr]`, `{ file }` or `{ stdout, stderr }`. Default `['ignore', 'pipe', 'pipe']`. */
  readonly stdio?: Stdio;
  /**
   * Overrides the stdin slot: true gives the process a stdin FIFO and us its write end, false none.
   * @deprecated Use the stdin slot: `stdio: 'pipe'` or `stdio: ['pipe', stdout, stderr]`.
   */
  readonly stdin?: boolean;
  /** The process gets a terminal: output comes on stdout only. Default false. */
  readonly terminal?: boolean;
}

export interface AttachOptions {
  /** Default `'pipe'`. */
  readonly stdio?: Stdio;
  /** Open our end of stdin if the process has one. Default true, unless `stdio` is an array (its stdin slot says). */
  readonly stdin?: boolean;
  /** `dispose()` removes the FIFOs (and their directory, once empty). Default true. */
  readonly removeOnDispose?: boolean;
}

/** Our side of a process's stdio. */
export interface ProcessIO {
  /** The `stdio` option as given (or its default). */
  readonly stdio: Stdio;
  /** The same, one slot per stream. */
  readonly slots: StdioSlots;
  /** The FIFOs' paths, as the daemon was given them. */
  readonly paths: StdioPaths;
  /**
   * The output chunks, by the slot's kind. `'pipe'`: lazy and lossless (reading starts with the first subscriber;
   * nothing is dropped while nobody listens), completes at EOF. `'inherit'`, `{ file }`, a Writable: a live view
   * of what passes. `'ignore'`, or stderr with a terminal: empty.
   */
  readonly stdout$: Observable<Buffer>;
  /** The process's stderr, as Buffers (empty with a terminal, whose output is all in `stdout$`). */
  readonly stderr$: Observable<Buffer>;
  /** Our write end of the process's stdin, or undefined when its stdin slot is `'ignore'`. */
  readonly stdin: Writable | undefined;
  /** The same as an Observer: `next` writes, `complete` closes our end. */
  readonly stdinObserver: Observer<Buffer | Uint8Array | string> | undefined;
  /** Emits once and completes when every output reached its end and the file (if any) is flushed. */
  readonly done$: Observable<void>;
  /** Flushes and closes our end of stdin (then send Tasks.CloseIO{stdin: true}: both ends must close for EOF). */
  closeStdin$(): Observable<void>;
  /** Closes our end of stdin, so that the process reads EOF once the shim's end is closed too. */
  closeStdin(): Promise<void>;
  /** Lets go without taking more and without removing anything: a later `attachProcessIO` continues. */
  detach$(): Observable<void>;
  /** Stops reading and closes our ends, leaving the FIFOs for a later re-attach. */
  detach(): Promise<void>;
  /** Takes what is left in the pipes, ends the streams, closes everything and removes the FIFOs. Idempotent. */
  dispose$(): Observable<void>;
  /** Takes what is left in the pipes, closes our ends and removes the FIFOs: after the process is deleted. */
  dispose(): Promise<void>;
}

/**
 * Creates a process's FIFOs in a subdirectory `<key>-XXXXXX` of the client's IO directory and opens our ends,
 * before anything is asked of the daemon (Tasks.Create waits for readers). Emits once; the caller owns the result
 * and calls `dispose()` after the process is deleted. Unsubscribing before it emits cleans up. A bad `stdio`
 * fails with a TypeError naming the slot, before anything is made.
 *
 * @example
 * const io = await firstValueFrom(openProcessIO$(dir, 'web', { stdio: 'pipe' }));   // stdin too
 * await tasks.create({ containerId: 'web', ...io.paths });   // stdin, stdout, stderr, terminal
 * io.stdout$.pipe(lines()).subscribe(console.log);
 */
export function openProcessIO$(
  dir: string | { readonly path: string },
  processKey: string,
  options: ProcessIOOptions = {},
): Observable<ProcessIO> {
  return owned$(async () => {
    const mode = options.stdio ?? DEFAULT_STDIO;
    const slots = stdioSlots(mode, options.stdin);
    const terminal = options.terminal ?? false;
    const stdin = slots.stdin === 'pipe';
    if (!stdin && !terminal && slots.stdout === 'ignore' && slots.stderr === 'ignore') return openEnds(mode, slots, noFifos);
    const fifos = await makeProcessFifos(typeof dir === 'string' ? dir : dir.path, processKey, { stdin, terminal });
    try {
      return await openEnds(mode, slots, fifos);
    } catch (error) {
      await fifos.remove();
      throw error;
    }
  });
}

/**
 * Promise twin of {@link openProcessIO$}.
 *
 * @example
 * const io = await openProcessIO(dir, 'web-exec1', { stdio: { file: '/var/log/web.log' }, terminal: true });
 */
export function openProcessIO(
  dir: string | { readonly path: string },
  processKey: string,
  options?: ProcessIOOptions,
): Promise<ProcessIO> {
  return firstValueFrom(openProcessIO$(dir, processKey, options));
}

/**
 * Re-attaches to the FIFOs of a running process (paths as Tasks.Get reports them), e.g. after the client
 * restarted. What the process wrote while nobody read is still in the pipe (the shim holds it open) and comes
 * first. Paths that are not FIFOs (`file://`, `binary://` URIs) get no reader.
 *
 * @example
 * const { stdin, stdout, stderr, terminal } = await tasks.get('web');
 * const io = await attachProcessIO({ stdin, stdout, stderr, terminal });
 */
export function attachProcessIO$(paths: StdioPaths, options: AttachOptions = {}): Observable<ProcessIO> {
  return owned$(async () => {
    const mode = options.stdio ?? 'pipe';
    const slots = stdioSlots(mode, options.stdin ?? (Array.isArray(mode) ? undefined : true));
    return openEnds(mode, slots, existingFifos(paths, options.removeOnDispose ?? true));
  });
}

/**
 * Promise twin of {@link attachProcessIO$}.
 *
 * @example
 * const io = await attachProcessIO(paths, { stdio: 'inherit' });
 */
export function attachProcessIO(paths: StdioPaths, options?: AttachOptions): Promise<ProcessIO> {
  return firstValueFrom(attachProcessIO$(paths, options));
}

/** Opens the log files (of `{ file }` slots), then our ends of the FIFOs; on failure closes what it opened. */
async function openEnds(mode: Stdio, slots: StdioSlots, fifos: ProcessFifos): Promise<ProcessIO> {
  const logFiles = await openLogFiles(slots);
  try {
    return assemble(mode, slots, fifos, openFifoEnds(fifos.fifos, slots.stdin === 'pipe'), logFiles);
  } catch (error) {
    await Promise.all([...logFiles.values()].map((f) => f.close()));
    throw error;
  }
}

function assemble(mode: Stdio, slots: StdioSlots, fifos: ProcessFifos, ends: FifoEnds, logFiles: LogFiles): ProcessIO {
  const readers = [ends.stdout, ends.stderr].filter((r): r is FifoReader => r !== undefined);
  // Connected now, whoever listens: the output flows to its sinks from the start, and a late subscriber of
  // done$ still gets the end (the AsyncSubject keeps it).
  const done$ = connectable(
    forkJoin([...readers.map((r) => r.ended$), routeOutput$(slots, ends, logFiles)]).pipe(map((): void => undefined)),
    { connector: () => new AsyncSubject<void>(), resetOnDisconnect: false },
  );
  done$.connect();
  const { stdin } = ends;
  let closing: Promise<void> | undefined;
  let disposing: Promise<void> | undefined;
  const close = (how: 'finish' | 'detach'): Promise<void> =>
    (closing ??= (async () => {
      closeFifoEnds(ends, how);
      await firstValueFrom(done$, { defaultValue: undefined });
    })());
  const dispose = (): Promise<void> =>
    (disposing ??= (async () => {
      let failure: unknown;
      await close('finish').catch((error: unknown) => (failure = error));
      await fifos.remove();
      if (failure !== undefined) throw failure;
    })());
  return {
    stdio: mode,
    slots,
    paths: fifos.reported,
    stdout$: outputView(slots.stdout, ends.stdout),
    stderr$: outputView(slots.stderr, ends.stderr),
    stdin,
    stdinObserver: stdin && stdinObserver(stdin),
    done$,
    closeStdin$: () => (stdin ? closeStdin$(stdin) : of(undefined)),
    closeStdin: () => (stdin ? firstValueFrom(closeStdin$(stdin)) : Promise.resolve()),
    detach$: () => defer(() => close('detach')),
    detach: () => close('detach'),
    dispose$: () => defer(dispose),
    dispose,
  };
}

/** Runs `make`; if the subscriber is gone by the time it resolves, disposes what it made. */
function owned$(make: () => Promise<ProcessIO>): Observable<ProcessIO> {
  return new Observable<ProcessIO>((subscriber) => {
    let wanted = true;
    make().then(
      (io) => {
        if (!wanted) return void io.dispose().catch(() => undefined);
        subscriber.next(io);
        subscriber.complete();
      },
      (error: unknown) => subscriber.error(error),
    );
    return () => {
      wanted = false;
    };
  });
}
