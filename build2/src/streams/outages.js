/**
 * Outages of the shared stream: the spans during which events were published that nobody of this client saw.
 * @module
 */
import { asyncScheduler, EMPTY, mergeMap, of } from 'rxjs';
/**
 * Turns the stream's signals into its outages: one value each time the stream is live again after having
 * been live and then down. The first connection is not an outage (there was nothing to miss yet).
 *
 * ```
 * states:     c--L----D--c--D--c--L----       c connecting, L live, D down
 * outages():  --------------------o----       o = { from: time of the first D, to: time of the last L, error }
 * ```
 *
 * @example
 * ```ts
 * client.events.outages$.subscribe(({ from, to }) => resync(`missed events from ${from} to ${to}`));
 * ```
 */
export function outages(scheduler = asyncScheduler) {
    return (signals) => {
        let wasLive = false;
        let down;
        return signals.pipe(mergeMap((s) => {
            if (s.kind !== 'state')
                return EMPTY;
            if (s.state === 'down' && wasLive && down === undefined)
                down = { from: scheduler.now(), error: s.error };
            if (s.state !== 'live')
                return EMPTY;
            wasLive = true;
            if (down === undefined)
                return EMPTY;
            const outage = { from: new Date(down.from), to: new Date(scheduler.now()), ...(down.error ? { error: down.error } : {}) };
            down = undefined;
            return of(outage);
        }));
    };
}
//# sourceMappingURL=outages.js.map