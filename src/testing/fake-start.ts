/**
 * `fakeStart`: a start function for `supervise` and supervisor trees that creates a fake process on each call,
 * following a script, and keeps them for inspection.
 * @module
 */
import { asyncScheduler, defer, map, type Observable, of, type SchedulerLike, timer } from 'rxjs';
import { FakeJournal } from './fake-journal.js';
import { FakeProcess } from './fake-process.js';
import type { FakeProcessScript } from './fake-script.js';

/** Options of {@link fakeStart}. */
export interface FakeStartOptions {
  /** The clock of every fake process. Default asyncScheduler (virtual inside `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike;
  /** The journal to write to; default a new one, at `start.journal`. */
  readonly journal?: FakeJournal;
  /** Labels are `<name><n>`: p1, p2... Default 'p'. Also the container id. */
  readonly name?: string;
}

/** A start function for `supervise`, that creates fake processes and keeps them for inspection. */
export interface FakeStart {
  (): Observable<FakeProcess>;
  /** Every process created so far, in order. */
  readonly processes: readonly FakeProcess[];
  /** The journal every fake of this start function writes to. */
  readonly journal: FakeJournal;
}

/**
 * A start function that creates a fake process on each call, following `scripts`: one script for all, a list
 * (the last one repeats), or a function of the call number (1, 2...).
 *
 * @example
 * ```ts
 * // crashes twice within 50 ms, then runs until stopped, ignoring SIGTERM:
 * const start = fakeStart([{ exitAfterMs: 50, exitCode: 1 }, { exitAfterMs: 50, exitCode: 1 }, { signals: { SIGTERM: 'ignore' } }]);
 * ```
 */
export function fakeStart(
  scripts: FakeProcessScript | readonly FakeProcessScript[] | ((n: number) => FakeProcessScript) = {},
  options: FakeStartOptions = {},
): FakeStart {
  const scheduler = options.scheduler ?? asyncScheduler;
  const journal = options.journal ?? new FakeJournal(scheduler);
  const name = options.name ?? 'p';
  const processes: FakeProcess[] = [];
  let calls = 0;
  const scriptOf = (n: number): FakeProcessScript => {
    if (typeof scripts === 'function') return scripts(n);
    if (isList(scripts)) return scripts[Math.min(n, scripts.length) - 1] ?? {};
    return scripts;
  };
  const start = (): Observable<FakeProcess> => defer(() => {
    calls += 1;
    const n = calls;
    const script = scriptOf(n);
    const label = `${name}${n}`;
    const delay = script.createDelayMs ?? 0;
    return (delay > 0 ? timer(delay, scheduler) : of(0)).pipe(map(() => {
      journal.record(label, 'create');
      if (script.createError !== undefined) throw script.createError;
      const process = new FakeProcess(label, name, label, script, scheduler, journal, 1000 + n);
      processes.push(process);
      return process;
    }));
  });
  return Object.assign(start, { processes, journal });
}

function isList(s: unknown): s is readonly FakeProcessScript[] {
  return Array.isArray(s);
}
