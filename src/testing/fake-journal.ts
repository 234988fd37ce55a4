/**
 * The journal of fake processes: every call they received and every exit, with the scheduler's clock, so that
 * a test asserts what was done and in which order.
 * @module
 */
import { asyncScheduler, type SchedulerLike } from 'rxjs';

/** One call a fake process received, or one thing it did (`exit`). */
export interface FakeJournalEntry {
  /** The scheduler's clock. */
  readonly at: number;
  /** The process label: `p1`, or `p1:health-1` for an exec. */
  readonly process: string;
  /** `create`, `wait`, `start`, `kill`, `exit`, `delete`, `exec`, or anything a test records itself. */
  readonly call: string;
  /** The signal of a kill, the code of an exit, the id of an exec... */
  readonly detail?: string;
}

/**
 * The shared record of calls, in the order they happened.
 *
 * @example
 * ```ts
 * const journal = new FakeJournal(scheduler);
 * const db = fakeStart({}, { scheduler, journal, name: 'db' });
 * const web = fakeStart({}, { scheduler, journal, name: 'web' });
 * // ... then: journal.lines({ calls: ['kill'] }) → ['100 web1 kill SIGTERM', '100 db1 kill SIGTERM']
 * ```
 */
export class FakeJournal {
  /** Every entry so far, in order. */
  readonly entries: FakeJournalEntry[] = [];

  constructor(private readonly scheduler: SchedulerLike = asyncScheduler) {}

  /** Records an entry now; tests use it for their own hooks (`journal.record('web', 'cleanup')`). */
  record(process: string, call: string, detail?: string): void {
    this.entries.push({ at: this.scheduler.now(), process, call, ...(detail === undefined ? {} : { detail }) });
  }

  /**
   * The entries as `'<at> <process> <call>[ <detail>]'` lines, optionally only those of processes whose
   * label starts with `prefix` and of the given calls.
   */
  lines(filter: { readonly process?: string; readonly calls?: readonly string[] } = {}): string[] {
    return this.entries
      .filter(e => filter.process === undefined || e.process === filter.process || e.process.startsWith(`${filter.process}:`))
      .filter(e => filter.calls === undefined || filter.calls.includes(e.call))
      .map(e => `${e.at} ${e.process} ${e.call}${e.detail === undefined ? '' : ` ${e.detail}`}`);
  }
}
