/**
 * Outages of the shared stream: the spans during which events were published that nobody of this client saw.
 * @module
 */
import { asyncScheduler, EMPTY, mergeMap, of, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { ContainerdError } from '../client/errors.js';
import type { StreamNotice } from './connection-state.js';

/**
 * A span during which the stream was not live after it had been: the daemon keeps no history, so events
 * published between `from` and `to` were not delivered. Reconcile what you track (list containers, check the
 * status of the processes you care about); `wait$()` does this for its own process.
 */
export interface Outage {
  /** When the stream went down. */
  readonly from: Date;
  /** When it was proven live again (its fence came back). */
  readonly to: Date;
  /** What ended the stream: usually an UnavailableError (the daemon went away). */
  readonly error?: ContainerdError;
}

/**
 * Turns the stream's notices into its outages: one value each time the stream is live again after having
 * been live and then down. The first connection is not an outage (there was nothing to miss yet).
 *
 * ```
 * states:     c--L----D--c--D--c--L----       c connecting, L live, D down
 * outages():  --------------------o----       o = { from: time of the first D, to: time of the last L, error }
 * ```
 *
 * @example
 * ```ts
 * client.hub.outages$.subscribe(({ from, to }) => resync(`missed events from ${from} to ${to}`));
 * ```
 */
export function outages(scheduler: SchedulerLike = asyncScheduler): OperatorFunction<StreamNotice, Outage> {
  return (notices) => {
    let wasLive = false;
    let down: { from: number; error: ContainerdError | undefined } | undefined;
    return notices.pipe(
      mergeMap((s) => {
        if (s.kind !== 'state') return EMPTY;
        if (s.state === 'down' && wasLive && down === undefined) down = { from: scheduler.now(), error: s.error };
        if (s.state !== 'live') return EMPTY;
        wasLive = true;
        if (down === undefined) return EMPTY;
        const outage: Outage = { from: new Date(down.from), to: new Date(scheduler.now()), ...(down.error ? { error: down.error } : {}) };
        down = undefined;
        return of(outage);
      }),
    );
  };
}
