/**
 * A fleet: one client per containerd daemon (a node), their event streams merged and tagged by node, their
 * states gathered, their containers and tasks listed together. Each node keeps its own client, its own shared
 * stream and its own demux index: a node's event costs what it costs one client, and a node that goes away
 * reconnects on its own while the others stream on.
 * @module
 */
import { defer, from, merge, Observable, share, Subject, takeUntil } from 'rxjs';
import { invalidArgument } from '../client/error-mapping.js';
import { toPromise, type AbortOptions } from '../client/to-promise.js';
import { connect, type Client, type ClientOptions } from '../process/client.js';
import type { ConnectionState } from '../streams/connection-state.js';
import { fleetStates, taggedEvents, taggedOutages, type FleetMember, type FleetState, type NodeEnvelope, type NodeOutage } from './fleet-streams.js';
import { fleetContainers$, fleetTasks$, type FleetList, type NodeContainer, type NodeTask } from './fleet-lists.js';
import { checkNodeName, nodeClientOptions, ofNode, type NodeAddress } from './node-options.js';

/** Options of {@link connectFleet}. */
export interface FleetOptions {
  /**
   * The nodes: a name for each, and its daemon's address (a socket path, `unix://PATH`, `tcp://HOST:PORT`) or
   * the options of `connect()` (`tls` or `insecure` for a `tcp://` address, timeouts...). As an object by name, or as `[name, address]`
   * pairs (where a name given twice is refused). At least one.
   */
  readonly nodes: Readonly<Record<string, NodeAddress>> | ReadonlyArray<readonly [string, NodeAddress]>;
  /** Options every node's client takes unless its own say otherwise (e.g. `{ namespace: 'k8s.io', connectTimeoutMs: 2000 }`). */
  readonly defaults?: ClientOptions;
}

interface Member extends FleetMember {
  readonly client: Client;
  readonly leave: Subject<void>;
}

const CONNECT = 'connectFleet';

/**
 * Connects to a fleet of containerd daemons, one client per node. No I/O until the first call or subscription.
 *
 * @throws {@link InvalidArgumentError} naming the node: no nodes, a node name given twice or not a name, an
 * address that does not parse (all before any client is made), a node's options `connect()` refuses (a
 * `tcp://` address without `tls` or `insecure: true`; the clients made so far are closed again).
 *
 * @example
 * ```ts
 * const fleet = connectFleet({ nodes: { a: '/run/a.sock', b: 'tcp://10.0.0.2:7443' }, defaults: { namespace: 'web' } });
 * fleet.events$.subscribe((e) => console.log(e.node, e.topic));
 * ```
 */
export function connectFleet(options: FleetOptions): Fleet {
  return new Fleet(options);
}

/**
 * The clients of several containerd daemons as one: made by {@link connectFleet}; `close()` it when done (every
 * node's client closes). A node's own client, for waits, kills and execs of its processes, is `fleet.node(name)`;
 * the containers the fleet lists are bound to their node's client already.
 */
export class Fleet {
  /** Every node's events, each tagged with its node's name (`e.node`): hot, shared; a node's outage is no error. */
  readonly events$: Observable<NodeEnvelope>;
  /** The fleet's state (each node's stream state and the fleet's health), the current one first. Subscribing keeps every node's stream open. */
  readonly state$: Observable<FleetState>;
  /** Each node's outages (`{ node, from, to, error }`), as `client.hub.outages$` tells them. Subscribing keeps every node's stream open. */
  readonly outages$: Observable<NodeOutage>;

  private readonly members = new Map<string, Member>();
  private readonly joined = new Subject<Member>();
  private readonly defaults: ClientOptions;
  private closed = false;

  constructor(options: FleetOptions) {
    if (typeof options !== 'object' || options === null) throw invalidArgument(CONNECT, `options must be an object with nodes, got ${String(options)}`);
    const entries = Array.isArray(options.nodes) ? (options.nodes as ReadonlyArray<readonly [string, NodeAddress]>) : typeof options.nodes === 'object' && options.nodes !== null ? Object.entries(options.nodes) : undefined;
    if (entries === undefined) throw invalidArgument(CONNECT, `options.nodes must be an object of name: address or [name, address] pairs, got ${String(options.nodes)}`);
    if (entries.length === 0) throw invalidArgument(CONNECT, 'options.nodes is empty: a fleet has at least one node');
    this.defaults = options.defaults ?? {};
    // every node is checked before any client is made: a bad one leaves nothing open
    const checked = new Map<string, ClientOptions>();
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2) throw invalidArgument(CONNECT, `options.nodes pairs are [name, address], got ${JSON.stringify(entry)}`);
      const name = checkNodeName(entry[0], CONNECT);
      if (checked.has(name)) throw invalidArgument(CONNECT, `node name ${name} is given twice`);
      checked.set(name, nodeClientOptions(name, entry[1], this.defaults, CONNECT));
    }
    try {
      for (const [name, clientOptions] of checked) this.join(name, clientOptions, CONNECT);
    } catch (error) {
      // connect() refused a node's options (no tls for a tcp:// address, a bad timeout): the clients made so far close again
      for (const m of this.members.values()) m.client.close();
      throw error;
    }
    const members$ = defer(() => merge(from([...this.members.values()]), this.joined));
    this.events$ = members$.pipe(taggedEvents(), share());
    this.outages$ = members$.pipe(taggedOutages(), share());
    this.state$ = members$.pipe(fleetStates());
  }

  /** The nodes' names, in the order they joined. */
  get nodes(): readonly string[] {
    return [...this.members.keys()];
  }

  /**
   * The client of node `name`: its containers, tasks and processes, whose waits, kills and execs go to that
   * node's daemon alone.
   * @throws {@link InvalidArgumentError} for a name that is no node of the fleet.
   */
  node(name: string): Client {
    return this.member(name, 'fleet.node').client;
  }

  /** The stream state of node `name` (`connecting`, `live`, `down`), the current one first. @throws {@link InvalidArgumentError} for an unknown node. */
  nodeState$(name: string): Observable<ConnectionState> {
    const m = this.member(name, 'fleet.nodeState$');
    return m.state$.pipe(takeUntil(m.leave));
  }

  /**
   * Adds node `name` while the fleet runs: its events join `events$`, its state `state$`. Returns its client.
   * @throws {@link InvalidArgumentError} for a name already in the fleet or not a name, an address that does not
   * parse, or a closed fleet.
   */
  addNode(name: string, address: NodeAddress): Client {
    const call = 'fleet.addNode';
    if (this.closed) throw invalidArgument(call, 'the fleet is closed');
    checkNodeName(name, call);
    if (this.members.has(name)) throw invalidArgument(call, `node name ${name} is already in the fleet`);
    return this.join(name, nodeClientOptions(name, address, this.defaults, call), call).client;
  }

  /**
   * Removes node `name`: its events and state leave the fleet's streams (which go on for the others) and its
   * client closes (its pending waits fail with CanceledError).
   * @throws {@link InvalidArgumentError} for a name that is no node of the fleet.
   */
  removeNode(name: string): void {
    const m = this.member(name, 'fleet.removeNode');
    this.members.delete(name);
    m.leave.next();
    m.leave.complete();
    m.client.close();
  }

  /** Every node's containers (with containerd filters, as `client.containers$`), each with its node; a node that fails is listed in `failures`. */
  containers$(...filters: string[]): Observable<FleetList<NodeContainer>> {
    return fleetContainers$(this.clients(), filters);
  }

  /** The Promise twin of {@link Fleet.containers$}. A node that does not answer within its `connectTimeoutMs` is a failure, not an error. */
  containers(...filters: string[]): Promise<FleetList<NodeContainer>> {
    return toPromise(this.containers$(...filters), undefined, 'fleet.containers');
  }

  /** Every node's tasks (init processes: container id, status, pid, exit), each with its node; a node that fails is listed in `failures`. */
  tasks$(): Observable<FleetList<NodeTask>> {
    return fleetTasks$(this.clients());
  }

  /** The Promise twin of {@link Fleet.tasks$}, with `{ signal, timeoutMs }`. */
  tasks(options?: AbortOptions): Promise<FleetList<NodeTask>> {
    return toPromise(this.tasks$(), options, 'fleet.tasks');
  }

  /** Closes every node's client; the fleet's streams complete. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const name of [...this.members.keys()]) this.removeNode(name);
    this.joined.complete();
  }

  /** `await using` support: {@link Fleet.close}. */
  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }

  private join(name: string, options: ClientOptions, call: string): Member {
    let client: Client;
    try {
      client = connect(options);
    } catch (error) {
      throw ofNode(name, error, call); // connect's own checks (a tcp:// address without tls, unreadable certificates)
    }
    const leave = new Subject<void>();
    const member: Member = { name, client, leave, left$: leave, events$: client.events$, state$: client.hub.state$, outages$: client.hub.outages$ };
    this.members.set(name, member);
    this.joined.next(member);
    return member;
  }

  private member(name: string, call: string): Member {
    const m = this.members.get(name);
    if (m === undefined) throw invalidArgument(call, `no node named ${JSON.stringify(name)} in the fleet (nodes: ${this.nodes.join(', ') || 'none'})`);
    return m;
  }

  private clients(): ReadonlyArray<readonly [string, Client]> {
    return [...this.members].map(([name, m]) => [name, m.client] as const);
  }
}
