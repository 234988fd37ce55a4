/**
 * A fleet's nodes as given by the user: names and addresses checked before any client is made, and each node's
 * client options (the fleet's defaults under the node's own).
 * @module
 */
import { invalidArgument } from '../client/error-mapping.js';
import type { ClientOptions } from '../process/client.js';

/** A node of a fleet: the daemon's address (a socket path, `unix://PATH` or `tcp://HOST:PORT`), or the options of `connect()`. */
export type NodeAddress = string | ClientOptions;

/** A node name: letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 63 characters (a DNS label's length, as Kubernetes node names fit in). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

/** The schemes a node address may carry; a path without one is a unix socket. */
const SCHEMES = ['unix', 'tcp'] as const;

/**
 * Checks a node's name; an InvalidArgumentError for `call` names the option and the value otherwise.
 * @throws {@link InvalidArgumentError} for a name that is not a string of letters, digits, `.`, `_`, `-`.
 */
export function checkNodeName(name: unknown, call: string): string {
  if (typeof name !== 'string' || !NAME.test(name)) {
    throw invalidArgument(call, `node name ${JSON.stringify(name)} is not one: letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters`);
  }
  return name;
}

/**
 * Why `address` does not parse as a daemon's address, or undefined when it does: an absolute or relative socket
 * path, `unix:PATH`, `unix://PATH`, or `tcp://HOST:PORT` (a host name, an IPv4 address or a bracketed IPv6
 * address, and a port from 1 to 65535).
 */
export function addressProblem(address: unknown): string | undefined {
  if (typeof address !== 'string' || address.trim() === '') return 'an address must be a non-empty string';
  if (/[\s\0]/.test(address)) return 'an address holds no white space or NUL';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(address)?.[1]?.toLowerCase();
  if (scheme === undefined) return undefined; // a socket path
  if (!(SCHEMES as readonly string[]).includes(scheme)) return `the scheme ${scheme}: is not one of ${SCHEMES.map((s) => `${s}://`).join(', ')} (or a socket path)`;
  if (scheme === 'unix') {
    const path = address.replace(/^unix:(\/\/)?/i, '');
    return path === '' || !path.startsWith('/') ? 'a unix:// address names an absolute socket path' : undefined;
  }
  const m = /^tcp:\/\/(\[[0-9a-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/i.exec(address);
  if (!m) return 'a tcp:// address is tcp://HOST:PORT';
  const port = Number(m[2]);
  return port >= 1 && port <= 65535 ? undefined : `port ${m[2]} is not from 1 to 65535`;
}

/**
 * The client options of node `name`: `address` (a string, or `connect()`'s options) over the fleet's
 * `defaults`. The address is checked here, so that a typo fails at the call naming the node.
 * @throws {@link InvalidArgumentError} for an address that does not parse or options that are not an object.
 */
export function nodeClientOptions(name: string, address: NodeAddress, defaults: ClientOptions, call: string): ClientOptions {
  const options: ClientOptions = typeof address === 'string' ? { ...defaults, address } : isObject(address) ? { ...defaults, ...address } : badNode(name, address, call);
  if (options.address !== undefined) {
    const problem = addressProblem(options.address);
    if (problem !== undefined) throw invalidArgument(call, `node ${name}: address ${JSON.stringify(options.address)} does not parse: ${problem}`);
  }
  return options;
}

function isObject(value: unknown): value is ClientOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badNode(name: string, value: unknown, call: string): never {
  throw invalidArgument(call, `node ${name} must be an address string or connect() options, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
}
