/**
 * One gRPC channel to containerd, with the namespace on every call, and every RPC as a cold Observable that
 * cancels the call when unsubscribed.
 * @module
 */
import * as grpc from '@grpc/grpc-js';
import { Observable } from 'rxjs';
import type { Method } from '../proto/services.js';
import { toContainerdError } from './errors.js';

/** Options of {@link openConnection}. */
export interface ConnectionOptions {
  /** Socket path or gRPC target. Default: $CONTAINERD_ADDRESS, else /run/containerd/containerd.sock. */
  readonly address?: string;
  /** Default: $CONTAINERD_NAMESPACE, else 'default'. */
  readonly namespace?: string;
  /** Deadline of each unary call in ms unless the call says otherwise. Default 30 s; 0 for none. */
  readonly callTimeoutMs?: number;
  /** Extra grpc-js channel options, merged over ours. */
  readonly channelOptions?: grpc.ChannelOptions;
}

/** Options of one call. */
export interface CallOptions {
  /** Deadline in ms from now; 0 for none. */
  readonly timeoutMs?: number;
  /** Queue the call while the channel connects instead of failing fast with UNAVAILABLE. */
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
 * another client's backoff state into ours), short reconnect backoff so a restarted daemon is found within
 * a second, and keepalive so a dead peer is noticed.
 */
const channelDefaults: grpc.ChannelOptions = {
  'grpc.use_local_subchannel_pool': 1,
  'grpc.initial_reconnect_backoff_ms': 100,
  'grpc.min_reconnect_backoff_ms': 100,
  'grpc.max_reconnect_backoff_ms': 1000,
  'grpc.keepalive_time_ms': 30_000,
  'grpc.keepalive_timeout_ms': 10_000,
  'grpc.max_receive_message_length': 16 * 1024 * 1024,
  'grpc.max_send_message_length': 16 * 1024 * 1024,
};

/**
 * A channel to one daemon and one namespace. Low level: most users want `connect()`.
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
  private readonly grpcClient: grpc.Client;
  private readonly callTimeoutMs: number;
  private closed = false;
  /** Cancels of the calls in flight, so that close() ends them (grpc-js's close leaves them open). */
  private readonly inFlight = new Set<() => void>();

  constructor(options: ConnectionOptions = {}) {
    this.address = options.address ?? defaultAddress();
    this.namespace = options.namespace ?? defaultNamespace();
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.target = toTarget(this.address);
    this.grpcClient = new grpc.Client(this.target, grpc.credentials.createInsecure(), {
      ...channelDefaults,
      ...options.channelOptions,
    });
  }

  /** True once {@link close} was called. */
  get isClosed(): boolean {
    return this.closed;
  }

  /**
   * A unary call as a cold Observable: each subscription makes the call, emits the response and completes;
   * unsubscribing cancels it. Failures are typed errors.
   */
  call$<Req, Res>(method: Method<Req, Res>, request: Req, options: CallOptions = {}): Observable<Res> {
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

  /**
   * A server-streaming call as a cold Observable of its messages; completes when the server ends the stream;
   * unsubscribing cancels it.
   */
  stream$<Req, Res>(method: Method<Req, Res>, request: Req, options: CallOptions = {}): Observable<Res> {
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
      this.inFlight.add(cancel);
      return () => {
        this.inFlight.delete(cancel);
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

  /** Closes the channel; calls still in flight fail with CanceledError. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const cancel of [...this.inFlight]) cancel();
    this.inFlight.clear();
    this.grpcClient.close();
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

/** Opens a {@link Connection}; no I/O happens until the first call. */
export function openConnection(options: ConnectionOptions = {}): Connection {
  return new Connection(options);
}

function toTarget(address: string): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(address)) return address;
  return `unix://${address.startsWith('/') ? address : `${process.cwd()}/${address}`}`;
}
