/**
 * The connection loop of the shared stream: open a Subscribe, prove it live with a fence, pass its envelopes
 * on, and when it fails back off and open it again. Permanent errors end the loop instead.
 * @module
 */
import { catchError, EMPTY, exhaustMap, Observable, race, Subscription, take, timer, type SchedulerLike } from 'rxjs';
import { toContainerdError, type ContainerdError } from '../client/errors.js';
import type { EnvelopeMessage } from '../proto/messages.js';
import { backoffDelay, defaultBackoff, type Backoff } from './backoff.js';
import type { ConnectionState } from './connection-state.js';
import type { EventPort } from './event-port.js';
import { FENCE_TOPIC, fenceOf } from './fence.js';

/** The reconnect backoff of the shared stream unless told otherwise. */
export const defaultReconnectBackoff: Backoff = { ...defaultBackoff, initialMs: 100, factor: 2, maxMs: 5_000, jitter: 0.2 };

/** What the loop tells: a state change, or an envelope of the open Subscribe other than a fence. */
export type LoopNotice =
  | { readonly kind: 'state'; readonly state: ConnectionState; readonly error?: ContainerdError }
  | { readonly kind: 'raw'; readonly raw: EnvelopeMessage };

/** How the loop paces itself. */
export interface LoopOptions {
  readonly scheduler: SchedulerLike;
  /** Between a failure and the next Subscribe. */
  readonly backoff: Backoff;
  /** How often the fence is published until it comes back, in ms. */
  readonly fenceIntervalMs: number;
  /** The fence of each connection attempt. */
  readonly newFence: () => string;
}

const SUBSCRIBE = '/containerd.services.events.v1.Events/Subscribe';

/** Errors after which a new Subscribe would fail the same way: surfaced instead of retried. */
function isPermanent(error: ContainerdError): boolean {
  // 3 INVALID_ARGUMENT, 7 PERMISSION_DENIED, 9 FAILED_PRECONDITION, 12 UNIMPLEMENTED, 16 UNAUTHENTICATED
  if ([3, 7, 9, 12, 16].includes(error.grpcCode)) return true;
  return error.grpcCode === 2 && /filter|parse/i.test(error.daemonMessage);
}

/**
 * One connection's life, repeated: `connecting` on each Subscribe, `live` when its fence comes back, `down`
 * when it fails (then a retry after the backoff, or as soon as the port says the daemon is back). A permanent
 * error is told as `down` with the error, then errors the loop. Cold: each subscription runs its own loop.
 *
 * ```
 * subscribe$:  --f--e----#      f = our fence back, e = an event, # = UNAVAILABLE
 * loop:        c-l--r----d(backoff)c...      c/l/d = connecting/live/down, r = { kind: 'raw' }
 * ```
 */
export function connectionLoop$(port: EventPort, options: LoopOptions): Observable<LoopNotice> {
  const { scheduler, backoff, fenceIntervalMs, newFence } = options;
  return new Observable<LoopNotice>((subscriber) => {
    const life = new Subscription();
    let attempt = 0;
    const tell = (state: ConnectionState, error?: ContainerdError): void => {
      subscriber.next(error ? { kind: 'state', state, error } : { kind: 'state', state });
    };
    const open = (): void => {
      const fence = newFence();
      let live = false;
      tell('connecting');
      const publishing = timer(0, fenceIntervalMs, scheduler)
        .pipe(exhaustMap(() => port.publishFence$(fence).pipe(catchError(() => EMPTY))))
        .subscribe();
      life.add(publishing);
      const retry = (error: ContainerdError): void => {
        publishing.unsubscribe();
        tell('down', error);
        // attempt 1 is the first retry: backoffDelay treats 0 and 1 alike, so a post-increment repeated the first delay
        const delay = backoffDelay(backoff, ++attempt);
        // the backoff paces retries against a daemon that answers but refuses; a daemon that was away is
        // retried the moment it is reachable again
        const wake$ = port.reconnected$ ? race(timer(delay, scheduler), port.reconnected$()) : timer(delay, scheduler);
        let pending: Subscription | undefined;
        pending = wake$.pipe(take(1)).subscribe(() => {
          if (pending) life.remove(pending); // a finished wait stays in `life` otherwise: do not pile them up
          open();
        });
        if (!pending.closed) life.add(pending);
      };
      const stream = port.subscribe$().subscribe({
        next: (raw) => {
          if (raw.topic !== FENCE_TOPIC) {
            subscriber.next({ kind: 'raw', raw });
          } else if (!live && fenceOf(raw.event) === fence) {
            live = true;
            attempt = 0;
            publishing.unsubscribe();
            tell('live');
          }
        },
        error: (e: unknown) => {
          const error = toContainerdError(e, SUBSCRIBE);
          if (isPermanent(error)) {
            publishing.unsubscribe();
            tell('down', error);
            subscriber.error(error);
          } else retry(error);
        },
        complete: () => retry(toContainerdError({ code: 14, details: 'the daemon ended the event stream' }, SUBSCRIBE)),
      });
      life.add(stream);
    };
    open();
    return () => life.unsubscribe();
  });
}
