/**
 * The gRPC channel to a daemon: where the daemon is (its address, as a gRPC target), the default namespace, and
 * channel options that survive a daemon restart.
 * @module
 */
import * as grpc from '@grpc/grpc-js';

/** The default daemon address: $CONTAINERD_ADDRESS or /run/containerd/containerd.sock. */
export function defaultAddress(): string {
  return process.env['CONTAINERD_ADDRESS'] || '/run/containerd/containerd.sock';
}

/** The default namespace: $CONTAINERD_NAMESPACE or 'default'. */
export function defaultNamespace(): string {
  return process.env['CONTAINERD_NAMESPACE'] || 'default';
}

/** How a channel is secured: plain text (a local socket, or `insecure: true`), or TLS with these PEM bytes. */
export type ChannelSecurity = { readonly tls: false } | { readonly tls: true; readonly ca?: Buffer; readonly cert?: Buffer; readonly key?: Buffer; readonly serverName?: string };

/**
 * Opens a grpc-js client on `target` with our channel options, `overrides` merged over them, secured as
 * `security` says (TLS: the server verified against `ca`, our `cert` and `key` presented, the certificate's
 * name checked against `serverName` instead of the target's host when given). No I/O happens until the first
 * call.
 */
export function openChannel(target: string, overrides: grpc.ChannelOptions = {}, security: ChannelSecurity = { tls: false }): grpc.Client {
  const credentials = security.tls ? grpc.credentials.createSsl(security.ca ?? null, security.key ?? null, security.cert ?? null) : grpc.credentials.createInsecure();
  const name = security.tls && security.serverName ? { 'grpc.ssl_target_name_override': security.serverName, 'grpc.default_authority': security.serverName } : {};
  return new grpc.Client(target, credentials, {
    ...channelDefaults(target.startsWith('unix:')),
    ...name,
    ...overrides,
  });
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
