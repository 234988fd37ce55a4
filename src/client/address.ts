/**
 * A daemon address, parsed: a local socket (a path, `unix://path`) or a network endpoint (`tcp://host:port`, or
 * a gRPC target such as `dns:host:port`), and the gRPC target each becomes. A network address must say how it
 * is secured (see `connection.ts`); one that does not parse is an InvalidArgumentError at `connect()`.
 * @module
 */
import { isIP } from 'node:net';
import { invalidArgument } from './error-mapping.js';

/** A daemon address, parsed. */
export type DaemonAddress =
  | {
      /** A local socket. */
      readonly kind: 'unix';
      /** The gRPC target, e.g. `unix:///run/containerd/containerd.sock`. */
      readonly target: string;
    }
  | {
      /** A `tcp://HOST:PORT` address. */
      readonly kind: 'tcp';
      /** The gRPC target, e.g. `ipv4:127.0.0.1:10001` or `dns:node-a.example:10001`. */
      readonly target: string;
      /** The host as written (an IPv6 literal without its brackets). */
      readonly host: string;
      /** The TCP port, 1 to 65535. */
      readonly port: number;
    }
  | {
      /** Any other gRPC target (`dns:`, `ipv4:`, `ipv6:`): a network endpoint passed to grpc-js as it is. */
      readonly kind: 'target';
      /** The target as given. */
      readonly target: string;
    };

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;
/** gRPC's own target schemes that grpc-js resolves: passed through as they are. */
const GRPC_SCHEMES = new Set(['dns', 'ipv4', 'ipv6']);

/**
 * Parses `address` for `call`: a socket path (absolute, or relative to the working directory), `unix://PATH`,
 * `tcp://HOST:PORT` (HOST a name, an IPv4 address or a bracketed IPv6 one; PORT 1 to 65535), or a gRPC target
 * (`dns:`, `ipv4:`, `ipv6:`).
 *
 * @throws InvalidArgumentError naming the address and what is wrong with it (an empty address, a `tcp://` one
 *   without a port or with a path, a scheme that is none of these).
 * @example
 * ```ts
 * parseAddress('tcp://10.0.0.5:10001', 'connect')  // { kind: 'tcp', target: 'ipv4:10.0.0.5:10001', host: '10.0.0.5', port: 10001 }
 * parseAddress('/run/containerd/containerd.sock', 'connect').target  // 'unix:///run/containerd/containerd.sock'
 * ```
 */
export function parseAddress(address: string, call: string): DaemonAddress {
  if (typeof address !== 'string' || address.trim() === '') {
    throw invalidArgument(call, `options.address must be a socket path, unix://PATH or tcp://HOST:PORT, got ${JSON.stringify(address)}`);
  }
  const scheme = SCHEME.exec(address)?.[1]?.toLowerCase();
  if (scheme === undefined) return { kind: 'unix', target: `unix://${address.startsWith('/') ? address : `${process.cwd()}/${address}`}` };
  if (scheme === 'unix' || scheme === 'unix-abstract') {
    if (address.slice(scheme.length + 1).replace(/^\/\//, '') === '') throw invalidArgument(call, `options.address ${JSON.stringify(address)} names no socket`);
    return { kind: 'unix', target: address };
  }
  if (scheme === 'tcp') return parseTcp(address, call);
  if (GRPC_SCHEMES.has(scheme)) return { kind: 'target', target: address };
  throw invalidArgument(
    call,
    `options.address ${JSON.stringify(address)}: unknown scheme "${scheme}:" (a socket path, unix://PATH, tcp://HOST:PORT, or a gRPC target dns:, ipv4:, ipv6:)`,
  );
}

function parseTcp(address: string, call: string): DaemonAddress {
  const bad = (why: string): never => {
    throw invalidArgument(call, `options.address ${JSON.stringify(address)} is not tcp://HOST:PORT: ${why}`);
  };
  const rest = address.slice('tcp://'.length);
  if (!address.toLowerCase().startsWith('tcp://')) bad('it must start with tcp://');
  const m = /^(\[[0-9a-fA-F:.]+\]|[^/:[\]@?#\s]+):(\d+)$/.exec(rest);
  if (m === null) {
    if (/[/?#]/.test(rest)) bad('it has a path, query or fragment');
    return bad(/:\d+$/.test(rest) ? 'the host is empty or malformed' : 'the port is missing');
  }
  const rawHost = m[1]!;
  const port = Number(m[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535) bad(`the port ${m[2]} is not from 1 to 65535`);
  const host = rawHost.startsWith('[') ? rawHost.slice(1, -1) : rawHost;
  const ip = isIP(host);
  if (rawHost.startsWith('[') && ip !== 6) bad(`${rawHost} is not an IPv6 address`);
  const target = ip === 4 ? `ipv4:${host}:${port}` : ip === 6 ? `ipv6:[${host}]:${port}` : `dns:${host}:${port}`;
  return { kind: 'tcp', target, host, port };
}
