/**
 * A fleet's nodes as given by the user: names and addresses checked before any client is made, and each node's
 * client options (the fleet's defaults under the node's own).
 * @module
 */
import { parseAddress } from '../client/address.js';
import { invalidArgument } from '../client/error-mapping.js';
import { InvalidArgumentError } from '../client/errors.js';
import type { ClientOptions } from '../process/client.js';

/** A node of a fleet: the daemon's address (a socket path, `unix://PATH`, `tcp://HOST:PORT` or a gRPC target, as `connect()` reads it), or the options of `connect()` (`tls`, `insecure`, timeouts...). */
export type NodeAddress = string | ClientOptions;

/** A node name: letters, digits, `.`, `_` and `-`, starting with a letter or digit, at most 63 characters (a DNS label's length, as Kubernetes node names fit in). */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/;

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
 * The client options of node `name`: `address` (a string, or `connect()`'s options) over the fleet's
 * `defaults`. The address is parsed here (as `connect()` parses it), so that a typo fails at the call naming the
 * node, before any node's client is made.
 * @throws {@link InvalidArgumentError} for an address that does not parse or options that are not an object.
 */
export function nodeClientOptions(name: string, address: NodeAddress, defaults: ClientOptions, call: string): ClientOptions {
  const options: ClientOptions = typeof address === 'string' ? { ...defaults, address } : isObject(address) ? { ...defaults, ...address } : badNode(name, address, call);
  if (options.address !== undefined) {
    try {
      parseAddress(options.address, call);
    } catch (error) {
      throw ofNode(name, error, call);
    }
  }
  return options;
}

/** `error` with the node's name in front of its message when it is an InvalidArgumentError; as it is otherwise. */
export function ofNode(name: string, error: unknown, call: string): unknown {
  return error instanceof InvalidArgumentError ? invalidArgument(call, `node ${name}: ${error.daemonMessage}`) : error;
}

function isObject(value: unknown): value is ClientOptions {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function badNode(name: string, value: unknown, call: string): never {
  throw invalidArgument(call, `node ${name} must be an address string or connect() options, got ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value}`);
}
