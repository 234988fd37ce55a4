/**
 * One gRPC channel to containerd, with the namespace on every call, and every RPC as a cold Observable that
 * cancels the call when unsubscribed.
 * @module
 */
import { existsSync } from 'node:fs';
import * as grpc from '@grpc/grpc-js';
import { BehaviorSubject, defer, filter, first, map, Observable, of, skipWhile, switchMap, timeout, throwError } from 'rxjs';
import { CanceledError, toContainerdError, UnavailableError } from './errors.js';
/** The default daemon address: $CONTAINERD_ADDRESS or /run/containerd/containerd.sock. */
export function defaultAddress() {
    return process.env['CONTAINERD_ADDRESS'] || '/run/containerd/containerd.sock';
}
/** The default namespace: $CONTAINERD_NAMESPACE or 'default'. */
export function defaultNamespace() {
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
export function channelDefaults(local) {
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
    address;
    namespace;
    target;
    /** How long a call waits for the connection to come up, in ms. */
    connectTimeoutMs;
    grpcClient;
    callTimeoutMs;
    closed = false;
    /** Cancels of the calls in flight, so that close() ends them (grpc-js's close leaves them open). */
    inFlight = new Set();
    /** The channel's connectivity, watched from the first call on (a watch holds no timer). */
    connectivity;
    constructor(options = {}) {
        this.address = options.address ?? defaultAddress();
        this.namespace = options.namespace ?? defaultNamespace();
        this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
        this.connectTimeoutMs = options.connectTimeoutMs ?? 5_000;
        for (const [name, v] of [['callTimeoutMs', this.callTimeoutMs], ['connectTimeoutMs', this.connectTimeoutMs]]) {
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
    get isClosed() {
        return this.closed;
    }
    /**
     * A unary call as a cold Observable: each subscription makes the call (once the connection is up, see
     * {@link ready$}), emits the response and completes; unsubscribing cancels it. Failures are typed errors.
     */
    call$(method, request, options = {}) {
        return this.ready$(method.path, options).pipe(switchMap(() => this.unary$(method, request, options)));
    }
    /**
     * A server-streaming call as a cold Observable of its messages, made once the connection is up; completes
     * when the server ends the stream; unsubscribing cancels it.
     */
    stream$(method, request, options = {}) {
        return this.ready$(method.path, options).pipe(switchMap(() => this.serverStream$(method, request, options)));
    }
    /**
     * Emits once the connection is up (at once when it is), making the channel connect; fails with an
     * {@link UnavailableError} after `connectTimeoutMs`, with CanceledError when the connection is closed or
     * `options.signal` aborts.
     */
    ready$(call = 'connect', options = {}) {
        return defer(() => {
            if (this.closed)
                return throwError(() => this.closedError(call));
            if (options.signal?.aborted)
                return throwError(() => abortedError(call));
            const states = this.watchConnectivity();
            if (states.value === grpc.connectivityState.READY)
                return of(undefined);
            const channel = this.grpcClient.getChannel();
            return new Observable((subscriber) => {
                const abort = () => subscriber.error(abortedError(call));
                options.signal?.addEventListener('abort', abort, { once: true });
                const cancel = () => subscriber.error(this.closedError(call));
                this.inFlight.add(cancel);
                const inner = states.pipe(
                // an idle channel connects only when asked
                map((s) => (s === grpc.connectivityState.IDLE ? channel.getConnectivityState(true) : s)), first((s) => s === grpc.connectivityState.READY || s === grpc.connectivityState.SHUTDOWN), map((s) => {
                    if (s === grpc.connectivityState.SHUTDOWN)
                        throw this.closedError(call);
                }), timeout({ first: this.connectTimeoutMs, with: () => throwError(() => this.unreachable(call)) })).subscribe(subscriber);
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
    reconnected$() {
        return defer(() => {
            if (this.closed)
                return throwError(() => this.closedError('reconnect'));
            const channel = this.grpcClient.getChannel();
            let wasUp = this.watchConnectivity().value === grpc.connectivityState.READY;
            return this.watchConnectivity().pipe(skipWhile((s) => wasUp && s === grpc.connectivityState.READY), map((s) => {
                if (s === grpc.connectivityState.IDLE)
                    channel.getConnectivityState(true);
                const up = s === grpc.connectivityState.READY && !wasUp;
                wasUp = s === grpc.connectivityState.READY;
                return up;
            }), filter((up) => up), map(() => undefined));
        });
    }
    unary$(method, request, options) {
        return new Observable((subscriber) => {
            let done = false;
            const call = this.grpcClient.makeUnaryRequest(method.path, (value) => method.request.encode(value), (bytes) => method.response.decode(bytes), request, this.metadata(options), this.callOptions(options), (error, response) => {
                done = true;
                if (error)
                    subscriber.error(toContainerdError(error, method.path, this.address));
                else {
                    subscriber.next(response);
                    subscriber.complete();
                }
            });
            const abort = () => call.cancel();
            options.signal?.addEventListener('abort', abort, { once: true });
            if (options.signal?.aborted)
                call.cancel();
            this.inFlight.add(abort);
            return () => {
                this.inFlight.delete(abort);
                options.signal?.removeEventListener('abort', abort);
                if (!done)
                    call.cancel();
            };
        });
    }
    serverStream$(method, request, options) {
        return new Observable((subscriber) => {
            let done = false;
            const call = this.grpcClient.makeServerStreamRequest(method.path, (value) => method.request.encode(value), (bytes) => method.response.decode(bytes), request, this.metadata(options), this.callOptions({ timeoutMs: 0, ...options }));
            call.on('data', (message) => subscriber.next(message));
            call.on('error', (error) => {
                done = true;
                subscriber.error(toContainerdError(error, method.path, this.address));
            });
            call.on('end', () => {
                done = true;
                subscriber.complete();
            });
            const cancel = () => call.cancel();
            options.signal?.addEventListener('abort', cancel, { once: true });
            this.inFlight.add(cancel);
            return () => {
                this.inFlight.delete(cancel);
                options.signal?.removeEventListener('abort', cancel);
                if (!done)
                    call.cancel();
                call.removeAllListeners('data');
                // a cancelled call still reports CANCELLED through 'error': keep a listener so it is not thrown
                call.on('error', () => undefined);
            };
        });
    }
    /** The channel's connectivity state (for diagnostics and tests). */
    connectivityState() {
        return this.grpcClient.getChannel().getConnectivityState(false);
    }
    /** Closes the channel; calls still in flight (or waiting for the connection) fail with CanceledError. Idempotent. */
    close() {
        if (this.closed)
            return;
        this.closed = true;
        for (const cancel of [...this.inFlight])
            cancel();
        this.inFlight.clear();
        this.grpcClient.close();
        this.connectivity?.complete();
    }
    /** The channel's connectivity as a subject, watched until close. */
    watchConnectivity() {
        if (this.connectivity)
            return this.connectivity;
        const channel = this.grpcClient.getChannel();
        const states = new BehaviorSubject(channel.getConnectivityState(false));
        const watch = (current) => {
            // no deadline: grpc-js sets no timer, so the watch never holds the process open
            channel.watchConnectivityState(current, Infinity, () => {
                if (this.closed)
                    return;
                const next = channel.getConnectivityState(false);
                states.next(next);
                if (next !== grpc.connectivityState.SHUTDOWN)
                    watch(next);
            });
        };
        watch(states.value);
        this.connectivity = states;
        return states;
    }
    /** The error of a call that found nobody answering within the connect timeout. */
    unreachable(call) {
        const socket = this.target.startsWith('unix://') ? this.target.slice('unix://'.length) : undefined;
        const found = socket === undefined ? 'no answer' : existsSync(socket) ? 'the socket exists but nothing accepts connections on it' : 'no socket there';
        const daemonMessage = `no answer within ${this.connectTimeoutMs} ms (${found})`;
        return new UnavailableError({ code: grpc.status.UNAVAILABLE, daemonMessage, call }, `containerd is not reachable at ${this.address}: ${daemonMessage}`);
    }
    closedError(call) {
        return new CanceledError({ code: grpc.status.CANCELLED, daemonMessage: 'the connection was closed', call });
    }
    metadata(options = {}) {
        const md = new grpc.Metadata(options.waitForReady ? { waitForReady: true } : {});
        md.set('containerd-namespace', this.namespace);
        return md;
    }
    callOptions(options) {
        const timeoutMs = options.timeoutMs ?? this.callTimeoutMs;
        const out = {};
        if (timeoutMs > 0)
            out.deadline = Date.now() + timeoutMs;
        return out;
    }
}
function abortedError(call) {
    return new CanceledError({ code: grpc.status.CANCELLED, daemonMessage: 'the call was aborted', call });
}
/** Opens a {@link Connection}; no I/O happens until the first call. */
export function openConnection(options = {}) {
    return new Connection(options);
}
function toTarget(address) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(address))
        return address;
    return `unix://${address.startsWith('/') ? address : `${process.cwd()}/${address}`}`;
}
//# sourceMappingURL=connection.js.map