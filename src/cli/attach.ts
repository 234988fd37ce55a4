/**
 * Our terminal and stdin joined to a foreground process: `--tty` (a terminal: keys in, output out, the window
 * size kept in step) and `-i` (stdin without a terminal, its end an end of file for the process).
 * @module
 */
import type { ContainerdProcess } from '../process/process.js';

/** How the process is joined to us. */
export interface AttachOptions {
  /** The process has a terminal: its output comes on the terminal, our stdin goes to it. */
  readonly tty: boolean;
  /** Our stdin goes to the process's stdin (without a terminal). */
  readonly interactive: boolean;
}

/** Joins our stdin and terminal to `proc` as `options` say; returns the function that lets go. */
export function attach(proc: ContainerdProcess, options: AttachOptions): () => void {
  const undo: Array<() => void> = [];
  if (options.tty) {
    // Kept to the end of the output (after the delete), which completes it: what came last is not lost.
    proc.io.stdout$.subscribe({ next: (chunk) => process.stdout.write(chunk), error: () => undefined });
    const resize = (): void => {
      if (process.stdout.columns && process.stdout.rows) proc.resize(process.stdout.columns, process.stdout.rows).catch(() => undefined);
    };
    resize();
    process.stdout.on('resize', resize);
    undo.push(() => process.stdout.off('resize', resize));
    if (process.stdin.isTTY) {
      process.stdin.setRawMode(true);
      undo.push(() => process.stdin.setRawMode(false));
    }
  }
  if (options.tty || options.interactive) undo.push(forwardStdin(proc, options.tty));
  return () => {
    for (const step of undo.reverse()) step();
  };
}

/**
 * Our stdin to the process. At its end (a pipe or a file that ran out), the process gets an end of file:
 * through a terminal that is Ctrl-D (twice after a line without its newline, once to send the line and once
 * for the end, as a terminal reads them); without one, both write ends of its stdin are closed.
 */
function forwardStdin(proc: ContainerdProcess, tty: boolean): () => void {
  const stdin = proc.io.stdin;
  let lastByte = 0x0a;
  const forward = (chunk: Buffer): void => {
    if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!;
    stdin?.write(chunk);
  };
  const end = (): void => {
    if (tty) stdin?.write(lastByte === 0x0a ? '\x04' : '\x04\x04');
    else void proc.io.closeStdin().then(() => proc.closeIO({ stdin: true })).catch(() => undefined);
  };
  process.stdin.on('data', forward);
  process.stdin.once('end', end);
  process.stdin.resume();
  return () => {
    process.stdin.off('data', forward);
    process.stdin.off('end', end);
    process.stdin.pause();
  };
}
