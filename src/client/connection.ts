/**
 * One connection to containerd: a gRPC channel, the namespace on every call, and readiness: every call waits
 * for the channel to be up before it goes out (the call shapes themselves are in `calls.ts`).
 * @module
 */
import { existsSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { BehaviorSubject, defer, exhaustMap, filter, first, from, map, merge, NEVER, Observable, of, switchMap, timeout, throwError } from 'rxjs';
import type { Method } from '../proto/services.js';
import { serverStream$, unary$, type CallContext, type CallOptions } from './calls.js';
import { duplex$, type Duplex } from './duplex.js';
import { parseAddress, type DaemonAddress } from './address.js';
import { defaultAddress, defaultNamespace, openChannel, type ChannelSecurity } from './channel.js';
import { invalidArgument } from './error-mapping.js';
import { CanceledError, UnavailableError } from './errors.js';
import { probeTls, type ProbeTarget } from './tls-probe.js';
import { readOnlyRefusal } from './read-only.js';
import { environmentTls, resolveTls, type TlsOptions } from './tls-options.js';

export type { CallOptions };
export type { Duplex };
export type { TlsOptions };
export { defaultAddress, defaultNamespace };

/** Options of {@link openConnection}. */
export interface ConnectionOptions {
  /**
   * Where the daemon is: a socket path (absolute or relative), `unix://PATH`, `tcp://HOST:PORT` (HOST a name, an
   * IPv4 address or a bracketed IPv6 one), or a gRPC target (`dns:`, `ipv4:`, `ipv6:`). A network address needs
   * `tls`, or `insecure: true` said explicitly. Default: $CONTAINERD_ADDRESS (with $CONTAINERD_TLS_CA,
   * $CONTAINERD_TLS_CERT, $CONTAINERD_TLS_KEY, $CONTAINERD_TLS_SERVER_NAME as `tls`), else
   * /run/containerd/containerd.sock. An address that does not parse: InvalidArgumentError at the call.
   */
  readonly address?: string;
  /**
   * TLS to a network address: the CA the server's certificate must be signed by, our client certificate and
   * key, the name to check (see {@link TlsOptions}; PEM text, Buffers or file paths). A connection that fails
   * because of it fails its calls with a {@link TlsError} subclass that says which end is wrong.
   */
  readonly tls?: TlsOptions;
  /**
   * Talk plain text to a network address. Without TLS anyone on the network path can read every call and
   * drive the daemon (which runs as root), so a network address without `tls` is refused unless this is
   * `true`. Default false; meaningless for a socket.
   */
  readonly insecure?: boolean;
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
  /**
   * Refuse every call that would change the daemon (create, update, delete, start, kill, exec, pause, resume,
   * write, publish...) before it is sent, with a {@link ReadOnlyError} naming the call: for an agent watching a
   * namespace it does not own (Kubernetes' `k8s.io`). Reads, the event stream and waits work. The one write it
   * makes is the event stream's fence (an event on `/rx-containerd/fence`, stored nowhere). Default false.
   */
  readonly readOnly?: boolean;
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
 * await firstValueFrom(conn.ready$());   // the daemon answers
 * conn.close();
 * ```
 */
export class Connection {
  /** The daemon's socket path (or `unix://...` / `host:port` address), as given or defaulted. */
  readonly address: string;
  /** The containerd namespace every call of this connection is made in. */
  readonly namespace: string;
  /** The gRPC target the address became, e.g. `'unix:///run/containerd/containerd.sock'` or `'ipv4:10.0.0.5:10001'`. */
  readonly target: string;
  /** True when every mutating call is refused before it is sent (`readOnly: true`). */
  readonly readOnly: boolean;
  /** True when the channel is TLS (the `tls` option, or the environment's TLS files with the default address). */
  readonly tls: boolean;
  /** How long a call waits for the connection to come up, in ms. */
  readonly connectTimeoutMs: number;
  private readonly grpcClient: grpc.Client;
  /** A `tcp://` address's endpoint, probed when the channel fails, to tell a TLS failure from an absent daemon. */
  private readonly probeTarget: ProbeTarget | undefined;
  /** What the last probe found, for the message of an UnavailableError. */
  private lastFinding: string | undefined;
  /** What the call shapes need; its `inFlight` holds the cancels that close() calls (grpc-js's close leaves calls open). */
  private readonly calls: CallContext;
  private closed = false;
  /** The channel's connectivity, watched from the first call on (a watch holds no timer). */
  private connectivity: BehaviorSubject<grpc.connectivityState> | undefined;

  constructor(options: ConnectionOptions = {}) {
    this.address = options.address ?? defaultAddress();
    this.namespace = options.namespace ?? defaultNamespace();
    const callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
    for (const [name, v] of [['callTimeoutMs', callTimeoutMs], ['connectTimeoutMs', this.connectTimeoutMs]] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
        throw new RangeError(`options.${name} must be a non-negative number of ms, got ${String(v)}`);
      }
    }
    if (options.readOnly !== undefined && typeof options.readOnly !== 'boolean') {
      throw invalidArgument('connect', `options.readOnly must be a boolean, got ${String(options.readOnly)}`);
    }
    this.readOnly = options.readOnly === true;
    const parsed = parseAddress(this.address, 'connect');
    this.target = parsed.target;
    const security = channelSecurity(parsed, this.address, options.address === undefined ? options.tls ?? environmentTls() : options.tls, options.insecure);
    this.tls = security.tls;
    this.probeTarget = parsed.kind === 'tcp' ? { address: this.address, host: parsed.host, port: parsed.port, tls: security.tls ? security : undefined } : undefined;
    this.grpcClient = openChannel(this.target, options.channelOptions, security);
    this.calls = { grpcClient: this.grpcClient, namespace: this.namespace, address: this.address, callTimeoutMs, inFlight: new Set() };
  }

  /**
   * How many calls of this connection are open now: unary calls, streams (the shared Subscribe, each Tasks.Wait)
   * and calls still waiting for the connection. For diagnostics and leak checks: a client at rest with no
   * pending wait has none but its lingering Subscribe.
   */
  get openCalls(): number {
    return this.calls.inFlight.size;
  }

  /** True once {@link close} was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * A unary call as a cold Observable: each subscription makes the call (once the connection is up, see
   * {@link ready$}), emits the response and completes; unsubscribing cancels it. Failures are typed errors.
   * @internal The method descriptors (the generated services) are not public.
   */
  call$<Req, Res>(method: Method<Req, Res>, request: Req, options: CallOptions = {}): Observable<Res> {
    return this.refused$OrReady(method.path, request, options).pipe(switchMap(() => unary$(this.calls, method, request, options)));
  }

  /**
   * A server-streaming call as a cold Observable of its messages, made once the connection is up; completes
   * when the server ends the stream; unsubscribing cancels it.
   * @internal The method descriptors (the generated services) are not public.
   */
  stream$<Req, Res>(method: Method<Req, Res>, request: Req, options: CallOptions = {}): Observable<Res> {
    return this.refused$OrReady(method.path, request, options).pipe(switchMap(() => serverStream$(this.calls, method, request, options)));
  }

  /**
   * A bidirectional call (e.g. Content.Write), opened once the connection is up: emits one {@link Duplex} whose
   * `exchange$` sends a request and emits the server's answer; completes when the server ends the stream;
   * unsubscribing cancels it.
   * @internal The method descriptors (the generated services) are not public.
   */
  duplex$<Req, Res>(method: Method<Req, Res>, options: CallOptions = {}): Observable<Duplex<Req, Res>> {
    return this.refused$OrReady(method.path, undefined, options).pipe(switchMap(() => duplex$(this.calls, method, options)));
  }

  /** The read-only refusal of a call, at subscription, before anything else; else {@link ready$}. */
  private refused$OrReady(path: string, request: unknown, options: CallOptions): Observable<void> {
    if (!this.readOnly) return this.ready$(path, options);
    return defer(() => {
      const refusal = readOnlyRefusal(path, request);
      return refusal ? throwError(() => refusal) : this.ready$(path, options);
    });
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
        this.calls.inFlight.add(cancel);
        const up$ = states.pipe(
          // an idle channel connects only when asked
          map((s) => (s === grpc.connectivityState.IDLE ? channel.getConnectivityState(true) : s)),
          first((s) => s === grpc.connectivityState.READY || s === grpc.connectivityState.SHUTDOWN),
          map((s) => {
            if (s === grpc.connectivityState.SHUTDOWN) throw this.closedError(call);
          }),
        );
        const inner = merge(up$, this.refused$(states, call)).pipe(
          first(),
          timeout({ first: this.connectTimeoutMs, with: () => throwError(() => this.unreachable(call)) }),
        ).subscribe(subscriber);
        return () => {
          inner.unsubscribe();
          this.calls.inFlight.delete(cancel);
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

  /** The channel's connectivity state (for diagnostics and tests). */
  connectivityState(): grpc.connectivityState {
    return this.grpcClient.getChannel().getConnectivityState(false);
  }

  /** Closes the channel; calls still in flight (or waiting for the connection) fail with CanceledError. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cancel of [...this.calls.inFlight]) cancel();
    this.calls.inFlight.clear();
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

  /**
   * For a `tcp://` address: each time the channel fails to connect, one handshake of our own (`tls-probe.ts`)
   * tells why; a TLS failure errors (it will not heal by waiting), anything else is kept for the message of the
   * UnavailableError the timeout gives. Never emits.
   */
  private refused$(states: Observable<grpc.connectivityState>, call: string): Observable<never> {
    const target = this.probeTarget;
    if (target === undefined) return NEVER;
    return states.pipe(
      filter((s) => s === grpc.connectivityState.TRANSIENT_FAILURE),
      exhaustMap(() => from(probeTls(target, call, Math.min(3_000, Math.max(this.connectTimeoutMs, 100))))),
      map((finding) => {
        if ('error' in finding) throw finding.error;
        this.lastFinding = finding.note;
      }),
      filter((): boolean => false),
    ) as Observable<never>;
  }

  /** The error of a call that found nobody answering within the connect timeout. */
  private unreachable(call: string): UnavailableError {
    const socket = this.target.startsWith('unix://') ? this.target.slice('unix://'.length) : undefined;
    const found = socket === undefined ? this.lastFinding ?? 'no answer' : existsSync(socket) ? 'the socket exists but nothing accepts connections on it' : 'no socket there';
    const daemonMessage = `no answer within ${this.connectTimeoutMs} ms (${found})`;
    return new UnavailableError({ code: grpc.status.UNAVAILABLE, daemonMessage, call }, `containerd is not reachable at ${this.address}: ${daemonMessage}`);
  }

  private closedError(call: string): CanceledError {
    return new CanceledError({ code: grpc.status.CANCELLED, daemonMessage: 'the connection was closed', call });
  }
}

function abortedError(call: string): CanceledError {
  return new CanceledError({ code: grpc.status.CANCELLED, daemonMessage: 'the call was aborted', call });
}

/**
 * How the channel to `parsed` is secured: a socket is plain text (TLS options for it are refused); a network
 * address needs `tls`, or `insecure: true` said explicitly, never both.
 */
function channelSecurity(parsed: DaemonAddress, address: string, tls: TlsOptions | undefined, insecure: boolean | undefined): ChannelSecurity {
  if (insecure !== undefined && typeof insecure !== 'boolean') throw invalidArgument('connect', `options.insecure must be a boolean, got ${String(insecure)}`);
  if (parsed.kind === 'unix') {
    if (tls !== undefined) throw invalidArgument('connect', `options.tls was given for ${address}, a local socket: TLS is for a tcp:// address`);
    return { tls: false };
  }
  if (tls !== undefined && insecure === true) throw invalidArgument('connect', `options.tls and options.insecure: true were both given for ${address}: choose one`);
  if (tls !== undefined) return { tls: true, ...resolveTls(tls, 'connect') };
  if (insecure === true) return { tls: false };
  throw invalidArgument(
    'connect',
    `${address} is a network address and no options.tls was given: without TLS anyone on the network path can read every call and drive the daemon (which runs as root). ` +
      'Give tls: { ca, cert, key } (containerd: [grpc] tcp_tls_cert, tcp_tls_key, tcp_tls_ca), or insecure: true to talk plain text knowingly',
  );
}

/** Opens a {@link Connection}; no I/O happens until the first call. */
export function openConnection(options: ConnectionOptions = {}): Connection {
  return new Connection(options);
}
