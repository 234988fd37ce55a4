/**
 * A run, as supervisors drive it internally: one life of a process, or the whole life of a supervisor tree.
 * A run emits its events, says once when it is ready, and ends with one `end` message that tells its
 * supervisor what happened, then completes. It is stopped through a {@link StopRequest}, never by
 * unsubscribing, so that a stop always finishes.
 * @internal
 * @module
 */
import { catchError, defer, map, type Observable, of, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { SupervisorEvent, SupervisorEventBody } from './events.js';

/** How a run ended. */
export interface RunEnd {
  /** It ended because a stop was requested. */
  readonly requested: boolean;
  /** It ended badly: a failing exit code, killed as unhealthy, could not start, or gave up. */
  readonly failed: boolean;
  /** How long it ran, from started to exited (0 if it never started): long runs reset the backoff. */
  readonly uptimeMs: number;
  /** A sentence for reasons. */
  readonly reason: string;
}

/** What a run emits: an event to pass on, that it is ready, or how it ended. */
export type RunMessage =
  | { readonly kind: 'event'; readonly event: SupervisorEvent }
  | { readonly kind: 'ready' }
  | { readonly kind: 'end'; readonly end: RunEnd };

/** A constructor of run messages stamped with the scheduler's clock at the time they are emitted. */
export interface RunMessages {
  /** Emits the event, stamped when subscribed. */
  event$(body: SupervisorEventBody): Observable<RunMessage>;
  /** Emits the end, evaluated when subscribed. */
  end$(end: () => RunEnd): Observable<RunMessage>;
  readonly ready: RunMessage;
}

/** Run messages stamped by this scheduler. */
export function messagesOn(scheduler: SchedulerLike): RunMessages {
  return {
    event$: body => defer(() => of<RunMessage>({ kind: 'event', event: { ...body, at: scheduler.now() } as SupervisorEvent })),
    end$: end => defer(() => of<RunMessage>({ kind: 'end', end: end() })),
    ready: { kind: 'ready' },
  };
}

/** A value or the error that came instead. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/** Turns an error into a value, so that a failure is handled as data downstream. */
export function settle<T>(): OperatorFunction<T, Settled<T>> {
  return source => source.pipe(
    map((value): Settled<T> => ({ ok: true, value })),
    catchError((error: unknown) => of<Settled<T>>({ ok: false, error })),
  );
}

/** Prefixes the child path of an event with a child id: a tree tags what its children tell. */
export function tagged(event: SupervisorEvent, id: string): SupervisorEvent {
  return { ...event, child: event.child === undefined ? id : `${id}/${event.child}` };
}
