/**
 * The `stdio` option as child_process has it, checked and made into one slot per stream.
 *
 * A shorthand string sets every slot it can: `'pipe'` pipes stdin, stdout and stderr; `'ignore'` connects none;
 * `'inherit'` sends the output to this Node process's stdout and stderr and leaves stdin unconnected (a
 * container's stdin is a FIFO we write: copying the host's stdin into it would hold this Node process open
 * until its stdin ends). The array `[stdin, stdout, stderr]` names each slot.
 * @module
 */
import { Readable, Writable } from 'node:stream';

/**
 * The process's stdin: `'pipe'` (a FIFO; we hold its write end, `io.stdin`) or `'ignore'` (it reads /dev/null).
 * Its end of file needs `closeIO()` on the process after our end is closed, so no Readable or `'inherit'`: pipe
 * a Readable into `io.stdin` yourself, or give `client.run` its `input`.
 */
export type StdinSlot = 'pipe' | 'ignore';

/**
 * Where the process's stdout or stderr goes: `'pipe'` (read through `io.stdout$` / `io.stderr$`), `'ignore'`,
 * `'inherit'` (this Node process's own stream), a Writable of yours (never ended by us) or `{ file }` (appended;
 * both outputs to the same file interleave by whole lines).
 */
export type OutputSlot =
  | 'pipe'
  | 'ignore'
  | 'inherit'
  | Writable
  | {
      /** The file the output is appended to. */
      readonly file: string;
    };

/**
 * A process's stdio, one word for all or one slot each.
 * - `'pipe'`: stdin, stdout and stderr piped; `'ignore'`: none; `'inherit'`: output to this Node process's
 *   stdout and stderr, stdin unconnected.
 * - `[stdin, stdout, stderr]`: see {@link StdinSlot} and {@link OutputSlot}.
 * - `{ file }`: stdout and stderr appended to one file by whole lines (the same as `['ignore', f, f]`).
 * - `{ stdout, stderr }`: two Writables (the same as `['ignore', stdout, stderr]`).
 */
export type Stdio =
  | 'pipe'
  | 'ignore'
  | 'inherit'
  | readonly [StdinSlot, OutputSlot, OutputSlot]
  | {
      /** The log file's path: stdout and stderr are appended to it, interleaved by whole lines. */
      readonly file: string;
    }
  | {
      /** Where stdout goes (not ended at the end). */
      readonly stdout: Writable;
      /** Where stderr goes (the same Writable as stdout to merge them). */
      readonly stderr: Writable;
    };

/** A `stdio` option made into its three slots. */
export interface StdioSlots {
  /** The stdin slot: `'pipe'` (we write `io.stdin`) or `'ignore'` (the process reads /dev/null). */
  readonly stdin: StdinSlot;
  /** Where stdout goes. */
  readonly stdout: OutputSlot;
  /** Where stderr goes. */
  readonly stderr: OutputSlot;
}

const SLOT_NAMES = ['stdin', 'stdout', 'stderr'] as const;

/**
 * Checks a `stdio` option and gives its slots; `stdin`, when given, overrides the stdin slot (true: `'pipe'`,
 * false: `'ignore'`). Throws a TypeError naming the slot, the value and what it takes.
 *
 * @example
 * ```ts
 * stdioSlots('pipe');                      // { stdin: 'pipe', stdout: 'pipe', stderr: 'pipe' }
 * stdioSlots(['ignore', 'inherit', log]);  // { stdin: 'ignore', stdout: 'inherit', stderr: log }
 * stdioSlots(['inherit', 'pipe', 'pipe']); // TypeError: stdio[0] (stdin) must be 'pipe' or 'ignore' …
 * ```
 */
export function stdioSlots(mode: Stdio, stdin?: boolean): StdioSlots {
  const slots = shorthand(mode);
  return stdin === undefined ? slots : { ...slots, stdin: stdin ? 'pipe' : 'ignore' };
}

function shorthand(mode: Stdio): StdioSlots {
  if (mode === 'pipe' || mode === 'ignore') return { stdin: mode, stdout: mode, stderr: mode };
  if (mode === 'inherit') return { stdin: 'ignore', stdout: 'inherit', stderr: 'inherit' };
  if (Array.isArray(mode)) return fromArray(mode as readonly unknown[]);
  if (typeof mode === 'object' && mode !== null) {
    if (isFile(mode)) return { stdin: 'ignore', stdout: mode, stderr: mode };
    const pair = mode as { readonly stdout?: unknown; readonly stderr?: unknown };
    if (pair.stdout instanceof Writable && pair.stderr instanceof Writable) return { stdin: 'ignore', stdout: pair.stdout, stderr: pair.stderr };
  }
  throw new TypeError(
    `stdio must be 'pipe', 'ignore', 'inherit', [stdin, stdout, stderr], { file } or { stdout, stderr } (Writables); got ${show(mode)}`,
  );
}

function fromArray(slots: readonly unknown[]): StdioSlots {
  if (slots.length !== 3) throw new TypeError(`stdio as an array must have 3 slots [stdin, stdout, stderr]; got ${slots.length}`);
  const [stdin, stdout, stderr] = slots;
  if (stdin !== 'pipe' && stdin !== 'ignore') {
    throw new TypeError(
      `stdio[0] (stdin) must be 'pipe' or 'ignore'; got ${show(stdin)} (a container's stdin is a FIFO: write io.stdin, or give run() its input)`,
    );
  }
  return { stdin, stdout: outputSlot(stdout, 1), stderr: outputSlot(stderr, 2) };
}

function outputSlot(value: unknown, index: 1 | 2): OutputSlot {
  if (value === 'pipe' || value === 'ignore' || value === 'inherit' || value instanceof Writable) return value;
  if (typeof value === 'object' && value !== null && isFile(value)) return value;
  throw new TypeError(`stdio[${index}] (${SLOT_NAMES[index]}) must be 'pipe', 'ignore', 'inherit', a Writable or { file: string }; got ${show(value)}`);
}

/** A `{ file }` slot: an object whose `file` is a non-empty string. */
export function isFile(value: object): value is { readonly file: string } {
  return typeof (value as { file?: unknown }).file === 'string' && (value as { file: string }).file !== '';
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null || typeof value !== 'object') return String(value);
  if (value instanceof Writable) return 'a Writable';
  if (value instanceof Readable) return 'a Readable';
  return Array.isArray(value) ? 'an array' : `an object with keys ${Object.keys(value).join(', ') || '(none)'}`;
}
