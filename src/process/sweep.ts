/**
 * The sweep: while any wait is pending, reconcile all of them every period with one Tasks.List (and a
 * Tasks.Get per pending exec). The daemon can skip an event even on a live stream; the sweep makes such an
 * exit late by one period instead of lost, at a cost that does not grow with the number of init waiters.
 * @module
 */
import {
  asyncScheduler,
  catchError,
  EMPTY,
  exhaustMap,
  from,
  interval,
  mergeMap,
  Observable,
  of,
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
  /** One exec's status; NotFoundError when it is gone. */
  get$(containerId: string, execId: string): Observable<ProcessSnapshot>;
}

interface Pending {
  readonly containerId: string;
  readonly execId: string | undefined;
  readonly subscribers: Set<Subscriber<SweepResult>>;
}

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
  /** How many sweeps ran (for tests and diagnostics). */
  sweeps = 0;

  constructor(
    private readonly port: SweepPort,
    private readonly periodMs: number,
    private readonly scheduler: SchedulerLike = asyncScheduler,
  ) {}

  /** What each sweep learns of this process, while subscribed. */
  watch$(containerId: string, execId?: string): Observable<SweepResult> {
    return new Observable<SweepResult>((subscriber) => {
      const key = processKey(containerId, execId ?? containerId);
      let entry = this.pending.get(key);
      if (!entry) this.pending.set(key, (entry = { containerId, execId, subscribers: new Set() }));
      entry.subscribers.add(subscriber);
      if (this.ticker === undefined && this.periodMs > 0) {
        this.ticker = interval(this.periodMs, this.scheduler).pipe(exhaustMap(() => this.sweep$())).subscribe();
      }
      return () => {
        const e = this.pending.get(key);
        e?.subscribers.delete(subscriber);
        if (e && e.subscribers.size === 0) this.pending.delete(key);
        if (this.pending.size === 0 && this.ticker) {
          this.ticker.unsubscribe();
          this.ticker = undefined;
        }
      };
    });
  }

  private sweep$(): Observable<unknown> {
    this.sweeps++;
    const entries = [...this.pending.values()];
    const inits = entries.filter((e) => e.execId === undefined);
    const execs = entries.filter((e) => e.execId !== undefined);
    const list$ = inits.length === 0 ? EMPTY : this.port.list$().pipe(
      mergeMap((tasks) => {
        for (const e of inits) this.tell(e, tasks.get(e.containerId) ?? { status: 'gone' });
        return EMPTY;
      }),
      catchError(() => EMPTY),
    );
    const gets$ = from(execs).pipe(
      mergeMap((e) => this.port.get$(e.containerId, e.execId as string).pipe(
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
