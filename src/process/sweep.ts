/**
 * The sweep: while any young wait is pending, reconcile the young ones every period with the daemon: one
 * Tasks.Get each, or one Tasks.List when many inits are young at once. The daemon can skip an event even on a
 * live stream; the sweep makes such an exit late by one period instead of lost. A wait stops being young after
 * `youngForMs`: from then on its process's own Tasks.Wait backs it (process.ts), which costs nothing while it
 * waits, so a supervisor of long-lived services pays no sweep at all (docs/wait.md, "Cost").
 * @module
 */
import {
  asyncScheduler,
  catchError,
  concatMap,
  defer,
  EMPTY,
  finalize,
  from,
  mergeMap,
  Observable,
  of,
  repeat,
  timer,
  type SchedulerLike,
  type Subscriber,
  type Subscription,
} from 'rxjs';
import { NotFoundError } from '../client/errors.js';
import { processKey } from '../streams/event-keys.js';
import type { ProcessSnapshot } from './status.js';

/** What the sweep learns of one pending process. */
export type SweepResult = ProcessSnapshot | { readonly status: 'gone' };

/** What the sweep needs from the daemon. */
export interface SweepPort {
  /** Every task (init process) of the namespace. */
  list$(): Observable<ReadonlyMap<string, ProcessSnapshot>>;
  /** One process's status (the task's init when `execId` is undefined); NotFoundError when it is gone. */
  get$(containerId: string, execId: string | undefined): Observable<ProcessSnapshot>;
}

interface Pending {
  readonly containerId: string;
  readonly execId: string | undefined;
  readonly subscribers: Set<Subscriber<SweepResult>>;
  /** When the first of its waits began, by the sweeper's scheduler, in ms. */
  readonly since: number;
}

/** From this many young inits on, one Tasks.List (which asks every task's shim) beats a Tasks.Get each. */
export const LIST_FROM = 16;

/**
 * A sweep that took d ms is followed by a pause of at least this many times d: the sweep never takes more than a
 * tenth of the time, however slow the daemon answers. On a machine saturated by a storm of exits, a Tasks.List
 * over 500 shims takes seconds; sweeping again at once would keep every shim answering State calls while it
 * is trying to publish its exit.
 */
export const SWEEP_PAUSE_FACTOR = 9;

/**
 * Periodic reconciliation shared by every pending wait of a client.
 *
 * @example
 * ```ts
 * const sweeper = new Sweeper(port, 3_000);
 * sweeper.watch$('web').subscribe(r => r.status === 'stopped' && console.log('exited', r.exitStatus));
 * ```
 */
export class Sweeper {
  private readonly pending = new Map<string, Pending>();
  private ticker: Subscription | undefined;
  /** How long the last sweep took, in ms of the scheduler. */
  private lastSweepMs = 0;
  /** How many sweeps ran (for tests and diagnostics). */
  sweeps = 0;

  /**
   * @param port the daemon calls a sweep makes
   * @param periodMs the pause between the end of a sweep and the next, in ms (longer after a slow sweep: see
   *   {@link SWEEP_PAUSE_FACTOR}); 0 turns the sweep off
   * @param scheduler the scheduler of the period
   * @param youngForMs how long a wait is swept, in ms, counted from the first wait on its process; Infinity sweeps
   *   every pending wait for as long as it is pending
   */
  constructor(
    private readonly port: SweepPort,
    private readonly periodMs: number,
    private readonly scheduler: SchedulerLike = asyncScheduler,
    private readonly youngForMs = Number.POSITIVE_INFINITY,
  ) {}

  /** How many waits are pending (young or not), for tests and diagnostics. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Whether the periodic sweep is running now: only while some pending wait is young. */
  get ticking(): boolean {
    return this.ticker !== undefined;
  }

  /** What each sweep learns of this process, while subscribed. */
  watch$(containerId: string, execId?: string): Observable<SweepResult> {
    return new Observable<SweepResult>((subscriber) => {
      const key = processKey(containerId, execId ?? containerId);
      let entry = this.pending.get(key);
      if (!entry) this.pending.set(key, (entry = { containerId, execId, subscribers: new Set(), since: this.scheduler.now() }));
      entry.subscribers.add(subscriber);
      this.startTicker();
      return () => {
        const e = this.pending.get(key);
        e?.subscribers.delete(subscriber);
        if (e && e.subscribers.size === 0) this.pending.delete(key);
        if (this.pending.size === 0) this.stopTicker();
      };
    });
  }

  private startTicker(): void {
    if (this.ticker !== undefined || this.periodMs <= 0) return;
    // one sweep after a pause, again and again: the pause is measured from the end of the last sweep
    const sweepTimed$ = defer(() => {
      const started = this.scheduler.now();
      return this.sweep$().pipe(finalize(() => (this.lastSweepMs = this.scheduler.now() - started)));
    });
    this.ticker = defer(() => timer(Math.max(this.periodMs, SWEEP_PAUSE_FACTOR * this.lastSweepMs), this.scheduler))
      .pipe(concatMap(() => sweepTimed$), repeat())
      .subscribe();
  }

  private stopTicker(): void {
    this.ticker?.unsubscribe();
    this.ticker = undefined;
  }

  private sweep$(): Observable<unknown> {
    const now = this.scheduler.now();
    const entries = [...this.pending.values()].filter((e) => now - e.since < this.youngForMs);
    // nothing young is left: the timer stops until a new wait begins (old waits have their Tasks.Wait)
    if (entries.length === 0) {
      this.stopTicker();
      return EMPTY;
    }
    this.sweeps++;
    const listed = entries.filter((e) => e.execId === undefined);
    const inits = listed.length >= LIST_FROM ? listed : [];
    const gotten = listed.length >= LIST_FROM ? entries.filter((e) => e.execId !== undefined) : entries;
    const list$ = inits.length === 0 ? EMPTY : this.port.list$().pipe(
      mergeMap((tasks) => {
        for (const e of inits) this.tell(e, tasks.get(e.containerId) ?? { status: 'gone' });
        return EMPTY;
      }),
      catchError(() => EMPTY),
    );
    const gets$ = from(gotten).pipe(
      mergeMap((e) => this.port.get$(e.containerId, e.execId).pipe(
        catchError((error: unknown) => (error instanceof NotFoundError ? of({ status: 'gone' } as const) : EMPTY)),
        mergeMap((r) => {
          this.tell(e, r);
          return EMPTY;
        }),
      ), 8),
    );
    return from([list$, gets$]).pipe(mergeMap((o) => o));
  }

  private tell(entry: Pending, result: SweepResult): void {
    for (const s of [...entry.subscribers]) s.next(result);
  }
}
