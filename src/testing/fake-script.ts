/**
 * The script of a fake process: what it does by itself (exit after a while, with a code) and how it answers
 * calls (a slow start, a refused create, a signal ignored, an exec's result).
 * @module
 */

/** How a fake process answers a signal other than SIGKILL (which always kills it at once). */
export type SignalReaction =
  /** Dies at once with 128 + the signal's number. The default. */
  | 'exit'
  /** Carries on as if nothing happened. */
  | 'ignore'
  /** Shuts down cleanly: exits `exitAfterMs` later with `exitCode` (default 0). */
  | {
      /** How long after the signal it exits, in virtual ms. */
      readonly exitAfterMs: number;
      /** Its exit code. Default 0. */
      readonly exitCode?: number;
    };

/** What an exec inside a fake process does: exits `afterMs` after its start with `exitCode`. */
export interface FakeExecResult {
  /** Default 0. */
  readonly exitCode?: number;
  /** Default 0. `Infinity`: it never exits by itself (a hung probe). */
  readonly afterMs?: number;
}

/** The behaviour of one fake process. Every field is optional: the default runs until it is killed. */
export interface FakeProcessScript {
  /** Default 1000 + its number. */
  readonly pid?: number;
  /** How long `fakeStart` takes to create it. Default 0. */
  readonly createDelayMs?: number;
  /** `fakeStart` fails with this instead of creating it. */
  readonly createError?: unknown;
  /** How long `start$` takes. Default 0. */
  readonly startDelayMs?: number;
  /** `start$` fails with this; the process stays created. */
  readonly startError?: unknown;
  /** Exits by itself this long after its start. Default: never. */
  readonly exitAfterMs?: number;
  /** The code of that exit. Default 0. */
  readonly exitCode?: number;
  /** Reactions by signal name (`'SIGTERM'`); unlisted signals: `'exit'`. */
  readonly signals?: Readonly<Partial<Record<NodeJS.Signals, SignalReaction>>>;
  /** What each exec does, by its args and its number (1, 2...). Default: exits 0 at once. */
  readonly exec?: (args: readonly string[], n: number) => FakeExecResult;
  /** `wait$` fails with this error after `waitErrorAfterMs` (as when the process is deleted behind our back). */
  readonly waitError?: unknown;
  /** Default 0 (from the start). */
  readonly waitErrorAfterMs?: number;
}
