/**
 * The shared event stream: one Subscribe while anybody listens, fenced, reconnecting with backoff, with a
 * demux index for per-process listeners. Written against a small port so that it runs in virtual time.
 *
 * The hub composes three parts: the connection loop (connection-loop.ts: open, fence, backoff), decoding
 * with diagnostics (decode-raw.ts) and the demux index (demux-index.ts).
 * @module
 */
import {
  asyncScheduler,
  defer,
  distinctUntilChanged,
  EMPTY,
  filter,
  finalize,
  map,
  Observable,
  of,
  share,
  startWith,
  Subject,
  Subscription,
  takeUntil,
  tap,
  timer,
  type SchedulerLike,
} from 'rxjs';
import { CanceledError } from '../client/errors.js';
import type { Envelope } from '../proto/events.js';
import { toDate } from '../proto/timestamp.js';
import type { Backoff } from './backoff.js';
import { connectionLoop$, defaultReconnectBackoff } from './connection-loop.js';
import type { ConnectionState, StreamDiagnostic, StreamNotice } from './connection-state.js';
import { decodeRaw } from './decode-raw.js';
import { DemuxIndex } from './demux-index.js';
import { fencedPort, type EventPort, type MarkerEventPort } from './event-port.js';
import { newFence } from './fence.js';
import { LagMeter } from './lag.js';
import { outages, type Outage } from './outages.js';

export type { EventPort, MarkerEventPort } from './event-port.js';

/** Options of the shared stream. */
export interface EventHubOptions {
  /** The scheduler of the hub's timers (reconnect backoff, fence). Default asyncScheduler. */
  readonly scheduler?: SchedulerLike;
  /** Reconnect backoff. Default: 100 ms doubling to 5 s, 20% jitter. */
  readonly backoff?: Backoff;
  /** How often the fence is published until it comes back, in ms. Default 5. */
  readonly fenceIntervalMs?: number;
  /** The fence of each connection attempt (tests make them predictable). Default: a random string. */
  readonly newFence?: () => string;
  /** @deprecated Use `newFence`. */
  readonly newToken?: () => string;
  /**
   * How long the Subscribe stays open after its last subscriber left, in ms: a subscriber coming back within it
   * finds the stream live at once, with no new Subscribe and no new fence. Default 0 (closes at once).
   */
  readonly lingerMs?: number;
  /**
   * How much later than usual (the lag of the fence) an envelope may arrive before the stream counts as behind
   * ({@link EventHub.lagging$}), in ms. Default 0: never.
   */
  readonly lagThresholdMs?: number;
}

/**
 * The shared stream over an {@link EventPort}.
 *
 * @example
 * ```ts
 * const hub = new EventHub(port);
 * hub.state$.subscribe(s => console.log('stream is', s));    // connecting, live, down, ...
 * hub.envelopes$.pipe(ofTopic('/tasks/exit')).subscribe(console.log);
 * ```
 */
export class EventHub {
  /** Every event of the namespace, fences excluded. Hot and shared. */
  readonly envelopes$: Observable<Envelope>;
  /** The connection state; the current one first. Subscribing keeps the stream open. */
  readonly state$: Observable<ConnectionState>;
  /** Emits when the stream is live (at once if it already is), then again after each reconnection. Subscribing keeps the stream open. */
  readonly live$: Observable<void>;
  /**
   * Each time the stream is live again after an outage: `{ from, to, error }`. Events published in between
   * were not delivered (the daemon keeps no history): reconcile on it. Subscribing keeps the stream open.
   */
  readonly outages$: Observable<Outage>;
  /** Payloads the stream passed over: unknown types (still delivered as UnknownEvent) and malformed ones (dropped). */
  readonly diagnostics$: Observable<StreamDiagnostic>;
  /** States and events, shared: what envelopes$, state$ and the index are made of. */
  readonly notices$: Observable<StreamNotice>;

  private current: ConnectionState = 'connecting';
  /** This connection's life went live at least once: not live now means an outage. */
  private wasLive = false;
  private readonly diagnostics = new Subject<StreamDiagnostic>();
  private readonly index = new DemuxIndex();
  private readonly lag: LagMeter;
  private readonly measuresLag: boolean;
  private dispatcher: Subscription | undefined;
  private closed = false;
  private readonly closing = new Subject<void>();

  constructor(port: EventPort | MarkerEventPort, options: EventHubOptions = {}) {
    const fenced = fencedPort(port);
    this.measuresLag = (options.lagThresholdMs ?? 0) > 0;
    // with a threshold, every envelope's lag is sampled as it arrives, fences included (the first sample of each
    // connection); without one, nothing is added to the path of an envelope
    const daemon: EventPort = !this.measuresLag ? fenced : {
      namespace: fenced.namespace,
      subscribe$: () => fenced.subscribe$().pipe(tap((raw) => this.lag.sample(toDate(raw.timestamp)))),
      publishFence$: (fence) => fenced.publishFence$(fence),
      ...(fenced.reconnected$ ? { reconnected$: () => fenced.reconnected$!() } : {}),
    };
    const loop = {
      scheduler: options.scheduler ?? asyncScheduler,
      backoff: options.backoff ?? defaultReconnectBackoff,
      fenceIntervalMs: options.fenceIntervalMs ?? 5,
      newFence: options.newFence ?? options.newToken ?? newFence,
    };
    this.diagnostics$ = this.diagnostics.asObservable();
    this.lag = new LagMeter(options.lagThresholdMs ?? 0, () => loop.scheduler.now());
    this.notices$ = defer(() => {
      if (this.closed) return EMPTY;
      let failed = false;
      return connectionLoop$(daemon, loop).pipe(
        tap({
          next: (n) => {
            if (n.kind !== 'state') return;
            this.current = n.state;
            if (n.state === 'live') this.wasLive = true;
            else this.lag.reset();
          },
          error: () => (failed = true),
        }),
        // nobody listens: the next subscriber connects anew; after a permanent error the state stays 'down'
        finalize(() => {
          if (!failed) this.current = 'connecting';
          this.wasLive = false;
          this.lag.reset();
        }),
        map((n): StreamNotice | undefined => {
          if (n.kind === 'state') return n;
          const { envelope, diagnostic } = decodeRaw(n.raw, daemon.namespace);
          if (diagnostic) this.diagnostics.next(diagnostic);
          return envelope && { kind: 'event', envelope };
        }),
        filter((n): n is StreamNotice => n !== undefined),
      );
    }).pipe(
      takeUntil(this.closing),
      share({ resetOnRefCountZero: (options.lingerMs ?? 0) > 0 ? () => timer(options.lingerMs ?? 0, loop.scheduler) : true }),
    );
    this.envelopes$ = this.notices$.pipe(
      filter((n): n is Extract<StreamNotice, { kind: 'event' }> => n.kind === 'event'),
      map((n) => n.envelope),
    );
    this.state$ = defer(() =>
      this.notices$.pipe(
        filter((n): n is Extract<StreamNotice, { kind: 'state' }> => n.kind === 'state'),
        map((n) => n.state),
        startWith(this.current),
        distinctUntilChanged(),
      ),
    );
    this.outages$ = defer(() => this.notices$.pipe(startWith({ kind: 'state', state: this.current } as const), outages(options.scheduler)));
    this.live$ = this.state$.pipe(
      filter((s) => s === 'live'),
      map(() => undefined),
    );
  }

  /** @deprecated Use {@link EventHub.envelopes$}. */
  get events$(): Observable<Envelope> {
    return this.envelopes$;
  }

  /** @deprecated Use {@link EventHub.live$}. */
  get armed$(): Observable<void> {
    return this.live$;
  }

  /** @deprecated Use {@link EventHub.notices$}. */
  get signals$(): Observable<StreamNotice> {
    return this.notices$;
  }

  /**
   * Ends the stream for good: the Subscribe is cancelled, envelopes$ and state$ complete, and per-process
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

  /**
   * Whether the envelopes reaching per-process listeners come more than `lagThresholdMs` later than usual (the
   * current value first, then each change): the daemon's event path has fallen behind, as under a storm of
   * exits. A pending wait then asks Tasks.Wait too (docs/wait.md, "Exits at scale"). Measured while the stream
   * is open, on every envelope; false while it is not live.
   */
  get lagging$(): Observable<boolean> {
    // without a threshold: false, then complete, so that a pending wait holds no subscription to it
    return this.measuresLag ? this.lag.lagging$ : of(false);
  }

  /** How many per-process listeners the index holds (for tests and diagnostics). */
  get listenerCount(): number {
    return this.index.size;
  }

  /**
   * The notices of one process, through the demux index: its task events and every state change, the
   * current state first. The cost of an event does not depend on how many processes are listened to.
   */
  listen$(containerId: string, processId: string = containerId): Observable<StreamNotice> {
    return new Observable<StreamNotice>((subscriber) => {
      const remove = this.index.add(containerId, processId, subscriber, this.current);
      // joining while the stream reconnects after an outage: the listener is told that it was down, so that
      // it knows what it checks may have changed unseen (not on the first connection: nothing was missed yet)
      if (this.wasLive && this.current === 'connecting') subscriber.next({ kind: 'state', state: 'down' });
      subscriber.next({ kind: 'state', state: this.current });
      if (this.dispatcher === undefined) {
        const dispatcher = new Subscription();
        this.dispatcher = dispatcher;
        // A permanent error of the stream ends every listener with it (it used to go unhandled and crash the
        // process); the first listener's 'connecting' is not repeated by the connection's own first notice.
        dispatcher.add(this.notices$.subscribe({
          next: (n) => this.index.dispatch(n),
          error: (e: unknown) => this.endListeners(e),
          complete: () => this.endListeners(new CanceledError({ code: 1, daemonMessage: 'the client was closed', call: 'listen' })),
        }));
      }
      return () => {
        remove();
        if (this.index.size === 0 && this.dispatcher) {
          const d = this.dispatcher;
          this.dispatcher = undefined;
          d.unsubscribe();
        }
      };
    });
  }

  /** The shared stream ended: every listener ends with it and the index is emptied. */
  private endListeners(error: unknown): void {
    this.dispatcher = undefined;
    this.index.endAll(error);
  }
}
