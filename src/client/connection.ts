/**
 * One gRPC channel to containerd, with the namespace on every call, and every RPC as a cold Observable that
 * cancels the call when unsubscribed.
 * @module
 */
import { existsSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { BehaviorSubject, defer, filter, first, map, Observable, of, switchMap, timeout, throwError } from 'rxjs';
import type { Method } from '../proto/services.js';
import { CanceledError, toContainerdError, UnavailableError } from './errors.js';

/** Options of {@link openConnection}. */
export interface ConnectionOptions {
  /** Socket path or gRPC target. Default: $CONTAINERD_ADDRESS, else /run/containerd/containerd.sock. */
  readonly address?: string;
  /** Default: $CONTAINERD_NAMESPACE, else 'default'. */
  readonly namespace?: string;
  /** Deadline of each unary call in ms unless the call says otherwise. Default 30 s; 0 for none. */
  readonly callTimeoutMs?: number;
  /**
   * How long a call waits for the daemon when the connection is not up (daemon not started yet, restarting,
   * gone), in ms, before it fails with an {@link UnavailableError} naming the address. Default 5000.
   */
  readonly connectTimeoutMs?: number;
  /** Extra grpc-js channel options, merged over ours. */
  readonly channelOptions?: grpc.ChannelOptions;
}

/** Options of one call. */
export interface CallOptions {
  /** Deadline in ms from now; 0 for none. */
  readonly timeoutMs?: number;
  /**
   * Keep the call queued if the connection drops after it was sent, until its deadline, instead of failing
   * with UNAVAILABLE. (Every call already waits up to the connect timeout for the connection to come up.)
   */
  readonly waitForReady?: boolean;
  /** Aborting cancels the call, which then fails with CanceledError (unsubscribing cancels silently). */
  readonly signal?: AbortSignal;
}

/** The default daemon address: $CONTAINERD_ADDRESS or /run/containerd/containerd.sock. */
export function defaultAddress(): string {
  return process.env['CONTAINERD_ADDRESS'] || '/run/containerd/containerd.sock';
}

/** The default namespace: $CONTAINERD_NAMESPACE or 'default'. */
export function defaultNamespace(): string {
  return process.env['CONTAINERD_NAMESPACE'] || 'default';
}

/**
 * Channel options that survive a daemon restart: a channel of its own (a shared subchannel pool would carry
 * another client's backoff state into ours) and short reconnect backoff, so a restarted daemon is found within
 * a fraction of a second (a connect attempt to a local socket costs microseconds: retrying every 200 ms at
 * most is cheap; a TCP peer is retried every second at most).
 *
 * Keepalive pings only over TCP, and no more often than containerd's gRPC server allows: it keeps Go's
 * default enforcement (a ping less than 5 minutes after the last one is a strike; after two strikes it closes
 * the connection with GOAWAY "too_many_pings"). Pings every 30 s broke every client's event stream about two
 * minutes after it opened. A local daemon that dies closes the socket, which is noticed at once without pings.
 */
function channelDefaults(local: boolean): grpc.ChannelOptions {
  return {
    'grpc.use_local_subchannel_pool': 1,
    'grpc.initial_reconnect_backoff_ms': local ? 50 : 100,
    'grpc.min_reconnect_backoff_ms': local ? 50 : 100,
    'grpc.max_reconnect_backoff_ms': local ? 200 : 1000,
    ...(local ? {} : { 'grpc.keepalive_time_ms': 330_000, 'grpc.keepalive_timeout_ms': 20_000 }),
    'grpc.max_receive_message_length': 16 * 1024 * 1024,
    'grpc.max_send_message_length': 16 * 1024 * 1024,
  };
}

/**
 * A channel to one daemon and one namespace. Low level: most users want `connect()`.
 *
 * Every call waits for the connection to be up, at most `connectTimeoutMs`: a call made while the daemon
 * restarts succeeds once it answers again; one made while nothing answers fails with an
 * {@link UnavailableError} that names the address and what was found there.
 *
 * @example
 * ```ts
 * const conn = openConnection({ address: '/run/containerd/containerd.sock', namespace: 'demo' });
 * conn.call$(Version.version, {}).subscribe(v => console.log(v.version));
 * ```
 */
export class Connection {
  readonly address: string;
  readonly namespace: string;
  readonly target: string;
  /** How long a call waits for the connection to come up, in ms. */
  readonly connectTimeoutMs: number;
  private readonly grpcClient: grpc.Client;
  private readonly callTimeoutMs: number;
  private closed = false;
  /** Cancels of the calls in flight, so that close() ends them (grpc-js's close leaves them open). */
  private readonly inFlight = new Set<() => void>();
  /** The channel's connectivity, watched from the first call on (a watch holds no timer). */
  private connectivity: BehaviorSubject<grpc.connectivityState> | undefined;

  constructor(options: ConnectionOptions = {}) {
    this.address = options.address ?? defaultAddress();
    this.namespace = options.namespace ?? defaultNamespace();
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    for (const [name, v] of [['callTimeoutMs', this.callTimeoutMs], ['connectTimeoutMs', this.connectTimeoutMs]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new RangeError(`options.${name} must be a non-negative number of ms, got ${String(v)}`);
      }
    }
    this.target = toTarget(this.address);
    this.grpcClient = new grpc.Client(this.target, grpc.credentials.createInsecure(), {
      ...channelDefaults(this.target.startsWith('unix:')),
      ...options.channelOptions,
    });
  }

  /** True once {@link close} was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * A unary call as a cold Observable: each subscription makes the call (once the connection is up, see
   * {@link ready$}), emits the response and completes; unsubscribing cancels it. Failures are typed errors.
   */
  call$<Req, Res>(method: Method<Req, Res>, request: Req, options: CallOptions = {}): Observable<Res> {
    return this.ready$(method.path, options).pipe(switchMap(() => this.unary$(method, request, options)));
  }

  /**
   * A server-streaming call as a cold Observable of its messages, made once the connection is up; completes
   * when the server ends the stream; unsubscribing cancels it.
   */
  stream$<Req, Res>(method: Method<Req, Res>, request: Req, options: CallOptions = {}): Observable<Res> {
    return this.ready$(method.path, options).pipe(switchMap(() => this.serverStream$(method, request, options)));
  }

  /**
   * Emits once the connection is up (at once when it is), making the channel connect; fails with an
   * {@link UnavailableError} after `connectTimeoutMs`, with CanceledError when the connection is closed or
   * `options.signal` aborts.
   */
  ready$(call = 'connect', options: Pick<CallOptions, 'signal'> = {}): Observable<void> {
    return defer(() => {
      if (this.closed) return throwError(() => this.closedError(call));
      if (options.signal?.aborted) return throwError(() => abortedError(call));
      const states = this.watchConnectivity();
      if (states.value === grpc.connectivityState.READY) return of(undefined);
      const channel = this.grpcClient.getChannel();
      return new Observable<void>((subscriber) => {
        const abort = (): void => subscriber.error(abortedError(call));
        options.signal?.addEventListener('abort', abort, { once: true });
        const cancel = (): void => subscriber.error(this.closedError(call));
        this.inFlight.add(cancel);
        const inner = states.pipe(
          // an idle channel connects only when asked
          map((s) => (s === grpc.connectivityState.IDLE ? channel.getConnectivityState(true) : s)),
          first((s) => s === grpc.connectivityState.READY || s === grpc.connectivityState.SHUTDOWN),
          map((s) => {
            if (s === grpc.connectivityState.SHUTDOWN) throw this.closedError(call);
          }),
          timeout({ first: this.connectTimeoutMs, with: () => throwError(() => this.unreachable(call)) }),
        ).subscribe(subscriber);
        return () => {
          inner.unsubscribe();
          this.inFlight.delete(cancel);
          options.signal?.removeEventListener('abort', abort);
        };
      });
    });
  }

  /**
   * Emits each time the connection comes up after having been down (not for the state it is in when
   * subscribed), making the channel connect meanwhile. The shared event stream reconnects on it at once
   * instead of waiting out its backoff.
   */
  reconnected$(): Observable<void> {
    return defer(() => {
      if (this.closed) return throwError(() => this.closedError('reconnect'));
      const channel = this.grpcClient.getChannel();
      const states = this.watchConnectivity();
      let wasUp = states.value === grpc.connectivityState.READY;
      return states.pipe(
        map((s) => {
          if (s === grpc.connectivityState.IDLE) channel.getConnectivityState(true);
          const up = s === grpc.connectivityState.READY && !wasUp;
          wasUp = s === grpc.connectivityState.READY;
          return up;
        }),
        filter((up) => up),
        map(() => undefined),
      );
    });
  }

  private unary$<Req, Res>(method: Method<Req, Res>, request: Req, options: CallOptions): Observable<Res> {
    return new Observable<Res>((subscriber) => {
      let done = false;
      const call = this.grpcClient.makeUnaryRequest<Req, Res>(
        method.path,
        (value) => method.request.encode(value),
        (bytes) => method.response.decode(bytes),
        request,
        this.metadata(options),
        this.callOptions(options),
        (error, response) => {
          done = true;
          if (error) subscriber.error(toContainerdError(error, method.path, this.address));
          else {
            subscriber.next(response as Res);
            subscriber.complete();
          }
        },
      );
      const abort = (): void => call.cancel();
      options.signal?.addEventListener('abort', abort, { once: true });
      if (options.signal?.aborted) call.cancel();
      this.inFlight.add(abort);
      return () => {
        this.inFlight.delete(abort);
        options.signal?.removeEventListener('abort', abort);
        if (!done) call.cancel();
      };
    });
  }

  private serverStream$<Req, Res>(method: Method<Req, Res>, request: Req, options: CallOptions): Observable<Res> {
    return new Observable<Res>((subscriber) => {
      let done = false;
      const call = this.grpcClient.makeServerStreamRequest<Req, Res>(
        method.path,
        (value) => method.request.encode(value),
        (bytes) => method.response.decode(bytes),
        request,
        this.metadata(options),
        this.callOptions({ timeoutMs: 0, ...options }),
      );
      call.on('data', (message: Res) => subscriber.next(message));
      call.on('error', (error: unknown) => {
        done = true;
        subscriber.error(toContainerdError(error, method.path, this.address));
      });
      call.on('end', () => {
        done = true;
        subscriber.complete();
      });
      const cancel = (): void => call.cancel();
      options.signal?.addEventListener('abort', cancel, { once: true });
      this.inFlight.add(cancel);
      return () => {
        this.inFlight.delete(cancel);
        options.signal?.removeEventListener('abort', cancel);
        if (!done) call.cancel();
        call.removeAllListeners('data');
        // a cancelled call still reports CANCELLED through 'error': keep a listener so it is not thrown
        call.on('error', () => undefined);
      };
    });
  }

  /** The channel's connectivity state (for diagnostics and tests). */
  connectivityState(): grpc.connectivityState {
    return this.grpcClient.getChannel().getConnectivityState(false);
  }

  /** Closes the channel; calls still in flight (or waiting for the connection) fail with CanceledError. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cancel of [...this.inFlight]) cancel();
    this.inFlight.clear();
    this.grpcClient.close();
    this.connectivity?.complete();
  }

  /** The channel's connectivity as a subject, watched until close. */
  private watchConnectivity(): BehaviorSubject<grpc.connectivityState> {
    if (this.connectivity) return this.connectivity;
    const channel = this.grpcClient.getChannel();
    const states = new BehaviorSubject(channel.getConnectivityState(false));
    const watch = (current: grpc.connectivityState): void => {
      // no deadline: grpc-js sets no timer, so the watch never holds the process open
      channel.watchConnectivityState(current, Infinity, () => {
        if (this.closed) return;
        const next = channel.getConnectivityState(false);
        states.next(next);
        if (next !== grpc.connectivityState.SHUTDOWN) watch(next);
      });
    };
    watch(states.value);
    this.connectivity = states;
    return states;
  }

  /** The error of a call that found nobody answering within the connect timeout. */
  private unreachable(call: string): UnavailableError {
    const socket = this.target.startsWith('unix://') ? this.target.slice('unix://'.length) : undefined;
    const found = socket === undefined ? 'no answer' : existsSync(socket) ? 'the socket exists but nothing accepts connections on it' : 'no socket there';
    const daemonMessage = `no answer within ${this.connectTimeoutMs} ms (${found})`;
    return new UnavailableError({ code: grpc.status.UNAVAILABLE, daemonMessage, call }, `containerd is not reachable at ${this.address}: ${daemonMessage}`);
  }

  private closedError(call: string): CanceledError {
    return new CanceledError({ code: grpc.status.CANCELLED, daemonMessage: 'the connection was closed', call });
  }

  private metadata(options: CallOptions = {}): grpc.Metadata {
    const md = new grpc.Metadata(options.waitForReady ? { waitForReady: true } : {});
    md.set('containerd-namespace', this.namespace);
    return md;
  }

  private callOptions(options: CallOptions): grpc.CallOptions {
    const timeoutMs = options.timeoutMs ?? this.callTimeoutMs;
    const out: grpc.CallOptions = {};
    if (timeoutMs > 0) out.deadline = Date.now() + timeoutMs;
    return out;
  }
}

function abortedError(call: string): CanceledError {
  return new CanceledError({ code: grpc.status.CANCELLED, daemonMessage: 'the call was aborted', call });
}

/** Opens a {@link Connection}; no I/O happens until the first call. */
export function openConnection(options: ConnectionOptions = {}): Connection {
  return new Connection(options);
}

function toTarget(address: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(address)) return address;
  return `unix://${address.startsWith('/') ? address : `${process.cwd()}/${address}`}`;
}
