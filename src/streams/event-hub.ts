/**
 * The shared event stream: one Subscribe while anybody listens, fenced, reconnecting with backoff, with a
 * demux index for per-process listeners. Written against a small port so that it runs in virtual time.
 * @module
 */
import {
  asyncScheduler,
  catchError,
  EMPTY,
  defer,
  distinctUntilChanged,
  exhaustMap,
  filter,
  map,
  Observable,
  race,
  share,
  startWith,
  Subject,
  Subscription,
  take,
  takeUntil,
  timer,
  type SchedulerLike,
  type Subscriber,
} from 'rxjs';
import { isLeft } from 'fp-ts/lib/Either.js';
import { CanceledError, ContainerdError, toContainerdError } from '../client/errors.js';
import type { Envelope } from '../proto/events.js';
import { toEnvelope } from '../proto/envelope.js';
import type { EnvelopeMessage as RawEnvelope } from '../proto/messages.js';
import { backoffDelay, defaultBackoff, type Backoff } from './backoff.js';
import type { ConnectionState, StreamDiagnostic, StreamSignal } from './connection-state.js';
import { containerOf, processKey, processOf } from './event-keys.js';
import { FENCE_TOPIC, fenceToken, newFenceToken } from './fence.js';
import { outages, type Outage } from './outages.js';

/** What the hub needs from the daemon. */
export interface EventPort {
  /** The namespace whose events the hub passes on. */
  readonly namespace: string;
  /** Opens a Subscribe for this namespace: raw envelopes until it fails or ends. */
  subscribe$(): Observable<RawEnvelope>;
  /** Publishes one fence marker carrying `token`. */
  publishMarker$(token: string): Observable<unknown>;
  /**
   * Emits each time the connection to the daemon comes back up after being down. Optional: with it, a
   * stream that is down reconnects the moment the daemon is reachable again instead of when its backoff
   * ends.
   */
  reconnected$?(): Observable<unknown>;
}

/** One listen$ subscriber and the last state it was told. */
interface Listener {
  readonly subscriber: Subscriber<StreamSignal>;
  state: ConnectionState;
}

/** Options of the shared stream. */
export interface EventHubOptions {
  readonly scheduler?: SchedulerLike;
  /** Reconnect backoff. Default: 100 ms doubling to 5 s, 20% jitter. */
  readonly backoff?: Backoff;
  /** How often a marker is published until one comes back. Default 5 ms. */
  readonly fenceIntervalMs?: number;
  /** The token of each connection attempt (tests make them predictable). */
  readonly newToken?: () => string;
}

/** The reconnect backoff of the shared stream unless told otherwise. */
export const defaultReconnectBackoff: Backoff = { ...defaultBackoff, initialMs: 100, factor: 2, maxMs: 5_000, jitter: 0.2 };

/** Errors after which a new Subscribe would fail the same way: surfaced instead of retried. */
function isPermanent(error: ContainerdError): boolean {
  // 3 INVALID_ARGUMENT, 7 PERMISSION_DENIED, 9 FAILED_PRECONDITION, 12 UNIMPLEMENTED, 16 UNAUTHENTICATED
  if ([3, 7, 9, 12, 16].includes(error.code)) return true;
  return error.code === 2 && /filter|parse/i.test(error.daemonMessage);
}

/**
 * The shared stream over an {@link EventPort}.
 *
 * @example
 * ```ts
 * const hub = new EventHub(port);
 * hub.state$.subscribe(s => console.log('stream is', s));    // connecting, live, down, ...
 * hub.events$.pipe(ofTopic('/tasks/exit')).subscribe(console.log);
 * ```
 */
export class EventHub {
  /** Every event of the namespace, fence markers excluded. Hot and shared. */
  readonly events$: Observable<Envelope>;
  /** The connection state; the current one first. Subscribing keeps the stream open. */
  readonly state$: Observable<ConnectionState>;
  /** Emits when the stream is proven live (at once if it already is), then again after each reconnection. Subscribing keeps the stream open. */
  readonly armed$: Observable<void>;
  /**
   * Each time the stream is live again after an outage: `{ from, to, error }`. Events published in between
   * were not delivered (the daemon keeps no history): reconcile on it. Subscribing keeps the stream open.
   */
  readonly outages$: Observable<Outage>;
  /** Payloads the stream passed over: unknown types (still delivered as UnknownEvent) and malformed ones (dropped). */
  readonly diagnostics$: Observable<StreamDiagnostic>;
  /** States and events, shared: what events$, state$ and the index are made of. */
  readonly signals$: Observable<StreamSignal>;

  private current: ConnectionState = 'connecting';
  /** This connection's life went live at least once: not live now means an outage. */
  private wasLive = false;
  private readonly diagnostics = new Subject<StreamDiagnostic>();
  private readonly index = new Map<string, Set<Listener>>();
  private listeners = 0;
  private dispatcher: Subscription | undefined;
  private closed = false;
  private readonly closing = new Subject<void>();

  constructor(
    private readonly port: EventPort,
    private readonly options: EventHubOptions = {},
  ) {
    this.diagnostics$ = this.diagnostics.asObservable();
    this.signals$ = this.connect$().pipe(takeUntil(this.closing), share());
    this.events$ = this.signals$.pipe(
      filter((s): s is Extract<StreamSignal, { kind: 'event' }> => s.kind === 'event'),
      map((s) => s.envelope),
    );
    this.state$ = defer(() =>
      this.signals$.pipe(
        filter((s): s is Extract<StreamSignal, { kind: 'state' }> => s.kind === 'state'),
        map((s) => s.state),
        startWith(this.current),
        distinctUntilChanged(),
      ),
    );
    this.outages$ = defer(() => this.signals$.pipe(startWith({ kind: 'state', state: this.current } as const), outages(options.scheduler)));
    this.armed$ = this.state$.pipe(
      filter((s) => s === 'live'),
      map(() => undefined),
    );
  }

  /**
   * Ends the stream for good: the Subscribe is cancelled, events$ and state$ complete, and per-process
   * listeners (pending waits) fail with CanceledError. Called by `client.close()`.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closing.next();
    this.closing.complete();
    this.diagnostics.complete();
  }

  /** The state right now (no subscription is made). */
  get state(): ConnectionState {
    return this.current;
  }

  /** How many per-process listeners the index holds (for tests and diagnostics). */
  get listenerCount(): number {
    return this.listeners;
  }

  /**
   * The signals of one process, through the demux index: its task events and every state change, the
   * current state first. The cost of an event does not depend on how many processes are listened to.
   */
  listen$(containerId: string, processId: string = containerId): Observable<StreamSignal> {
    return new Observable<StreamSignal>((subscriber) => {
      const key = processKey(containerId, processId);
      const listener: Listener = { subscriber, state: this.current };
      let set = this.index.get(key);
      if (!set) this.index.set(key, (set = new Set()));
      set.add(listener);
      this.listeners++;
      // joining while the stream reconnects after an outage: the listener is told that it was down, so that
      // it knows what it checks may have changed unseen (not on the first connection: nothing was missed yet)
      if (this.wasLive && this.current === 'connecting') subscriber.next({ kind: 'state', state: 'down' });
      subscriber.next({ kind: 'state', state: this.current });
      if (this.dispatcher === undefined) {
        const dispatcher = new Subscription();
        this.dispatcher = dispatcher;
        // A permanent error of the stream ends every listener with it (it used to go unhandled and crash the
        // process); the first listener's 'connecting' is not repeated by the connection's own first signal.
        dispatcher.add(this.signals$.subscribe({
          next: (s) => this.dispatch(s),
          error: (e: unknown) => this.endListeners(e),
          complete: () => this.endListeners(new CanceledError({ code: 1, daemonMessage: 'the client was closed', call: 'listen' })),
        }));
      }
      return () => {
        const s = this.index.get(key);
        if (s?.delete(listener)) this.listeners--;
        if (s && s.size === 0) this.index.delete(key);
        if (this.listeners === 0 && this.dispatcher) {
          const d = this.dispatcher;
          this.dispatcher = undefined;
          d.unsubscribe();
        }
      };
    });
  }

  private dispatch(signal: StreamSignal): void {
    if (signal.kind === 'state') {
      for (const set of [...this.index.values()]) {
        for (const l of [...set]) {
          if (l.state === signal.state) continue;
          l.state = signal.state;
          l.subscriber.next(signal);
        }
      }
      return;
    }
    const { event } = signal.envelope;
    const containerId = containerOf(event);
    const processId = processOf(event);
    if (containerId === undefined || processId === undefined) return;
    const set = this.index.get(processKey(containerId, processId));
    if (set) for (const l of [...set]) l.subscriber.next(signal);
  }

  /** The shared stream failed for good: every listener errors with it and the index is emptied. */
  private endListeners(error: unknown): void {
    const all = [...this.index.values()].flatMap((set) => [...set]);
    this.index.clear();
    this.listeners = 0;
    this.dispatcher = undefined;
    for (const l of all) l.subscriber.error(error);
  }

  /** One connection's life, repeated: open, fence, pass events, and on failure back off and open again. */
  private connect$(): Observable<StreamSignal> {
    const scheduler = this.options.scheduler ?? asyncScheduler;
    const backoff = this.options.backoff ?? defaultReconnectBackoff;
    const fenceIntervalMs = this.options.fenceIntervalMs ?? 5;
    const newToken = this.options.newToken ?? newFenceToken;
    return new Observable<StreamSignal>((subscriber) => {
      if (this.closed) {
        subscriber.complete();
        return undefined;
      }
      const life = new Subscription();
      let attempt = 0;
      const setState = (state: ConnectionState, error?: ContainerdError): void => {
        this.current = state;
        subscriber.next(error ? { kind: 'state', state, error } : { kind: 'state', state });
      };
      const open = (): void => {
        const token = newToken();
        let live = false;
        setState('connecting');
        const fence = timer(0, fenceIntervalMs, scheduler)
          .pipe(exhaustMap(() => this.port.publishMarker$(token).pipe(catchError(() => EMPTY))))
          .subscribe();
        life.add(fence);
        const retry = (error: ContainerdError): void => {
          fence.unsubscribe();
          setState('down', error);
          // attempt 1 is the first retry: backoffDelay treats 0 and 1 alike, so a post-increment repeated the first delay
          const delay = backoffDelay(backoff, ++attempt);
          // the backoff paces retries against a daemon that answers but refuses; a daemon that was away is
          // retried the moment it is reachable again
          const wake$ = this.port.reconnected$ ? race(timer(delay, scheduler), this.port.reconnected$()) : timer(delay, scheduler);
          let pending: Subscription | undefined;
          pending = wake$.pipe(take(1)).subscribe(() => {
            if (pending) life.remove(pending); // a finished wait stays in `life` otherwise: do not pile them up
            open();
          });
          if (!pending.closed) life.add(pending);
        };
        const stream = this.port.subscribe$().subscribe({
          next: (raw) => {
            if (raw.topic === FENCE_TOPIC) {
              if (!live && fenceToken(raw.event) === token) {
                live = true;
                attempt = 0;
                fence.unsubscribe();
                this.wasLive = true;
                setState('live');
              }
              return;
            }
            const signal = this.decode(raw);
            if (signal) subscriber.next(signal);
          },
          error: (e: unknown) => {
            const error = toContainerdError(e, '/containerd.services.events.v1.Events/Subscribe');
            if (isPermanent(error)) {
              fence.unsubscribe();
              setState('down', error);
              failed = true;
              subscriber.error(error);
            } else retry(error);
          },
          complete: () => retry(toContainerdError({ code: 14, details: 'the daemon ended the event stream' }, '/containerd.services.events.v1.Events/Subscribe')),
        });
        life.add(stream);
      };
      let failed = false;
      open();
      return () => {
        life.unsubscribe();
        // nobody listens: the next subscriber connects anew; after a permanent error the state stays 'down'
        if (!failed) this.current = 'connecting';
        this.wasLive = false;
      };
    });
  }

  private decode(raw: RawEnvelope): StreamSignal | undefined {
    if (raw.namespace !== this.port.namespace) {
      this.diagnostics.next({ kind: 'foreign-namespace', topic: raw.topic, typeUrl: raw.event?.typeUrl ?? '', message: `event of namespace ${raw.namespace} dropped` });
      return undefined;
    }
    const decoded = toEnvelope(raw);
    if (isLeft(decoded)) {
      // malformed (an unknown type_url is not a Left: toEnvelope makes it an UnknownEvent)
      const e = decoded.left;
      this.diagnostics.next({ kind: e.kind, topic: raw.topic, typeUrl: e.typeUrl, message: e.message });
      return undefined;
    }
    const { event } = decoded.right;
    if (event.type === 'Unknown') {
      this.diagnostics.next({ kind: 'unknown-type', topic: raw.topic, typeUrl: event.typeUrl, message: `no event type for type_url ${JSON.stringify(event.typeUrl)}: passed on as UnknownEvent` });
    }
    return { kind: 'event', envelope: decoded.right };
  }
}


