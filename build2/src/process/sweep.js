/**
 * The sweep: while any wait is pending, reconcile all of them every period with one Tasks.List (and a
 * Tasks.Get per pending exec). The daemon can skip an event even on a live stream; the sweep makes such an
 * exit late by one period instead of lost, at a cost that does not grow with the number of init waiters.
 * @module
 */
import { asyncScheduler, catchError, EMPTY, exhaustMap, from, interval, mergeMap, Observable, of, } from 'rxjs';
import { NotFoundError } from '../client/errors.js';
import { processKey } from '../streams/event-keys.js';
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
    port;
    periodMs;
    scheduler;
    pending = new Map();
    ticker;
    /** How many sweeps ran (for tests and diagnostics). */
    sweeps = 0;
    constructor(port, periodMs, scheduler = asyncScheduler) {
        this.port = port;
        this.periodMs = periodMs;
        this.scheduler = scheduler;
    }
    /** What each sweep learns of this process, while subscribed. */
    watch$(containerId, execId) {
        return new Observable((subscriber) => {
            const key = processKey(containerId, execId ?? containerId);
            let entry = this.pending.get(key);
            if (!entry)
                this.pending.set(key, (entry = { containerId, execId, subscribers: new Set() }));
            entry.subscribers.add(subscriber);
            if (this.ticker === undefined && this.periodMs > 0) {
                this.ticker = interval(this.periodMs, this.scheduler).pipe(exhaustMap(() => this.sweep$())).subscribe();
            }
            return () => {
                const e = this.pending.get(key);
                e?.subscribers.delete(subscriber);
                if (e && e.subscribers.size === 0)
                    this.pending.delete(key);
                if (this.pending.size === 0 && this.ticker) {
                    this.ticker.unsubscribe();
                    this.ticker = undefined;
                }
            };
        });
    }
    sweep$() {
        this.sweeps++;
        const entries = [...this.pending.values()];
        const inits = entries.filter((e) => e.execId === undefined);
        const execs = entries.filter((e) => e.execId !== undefined);
        const list$ = inits.length === 0 ? EMPTY : this.port.list$().pipe(mergeMap((tasks) => {
            for (const e of inits)
                this.tell(e, tasks.get(e.containerId) ?? { status: 'gone' });
            return EMPTY;
        }), catchError(() => EMPTY));
        const gets$ = from(execs).pipe(mergeMap((e) => this.port.get$(e.containerId, e.execId).pipe(catchError((error) => (error instanceof NotFoundError ? of({ status: 'gone' }) : EMPTY)), mergeMap((r) => {
            this.tell(e, r);
            return EMPTY;
        })), 8));
        return from([list$, gets$]).pipe(mergeMap((o) => o));
    }
    tell(entry, result) {
        for (const s of [...entry.subscribers])
            s.next(result);
    }
}
//# sourceMappingURL=sweep.js.map