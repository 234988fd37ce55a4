/**
 * The fleet's streams made of its nodes' own: events tagged with their node, outages tagged likewise, and the
 * fleet's state from every node's. Pure over a stream of members (each node as it joins, with the signal of its
 * leaving), so that they run in virtual time; the fleet feeds them its clients.
 * @module
 */
import { distinctUntilChanged, endWith, map, mergeMap, Observable, takeUntil, type OperatorFunction } from 'rxjs';
import type { ConnectionState } from '../streams/connection-state.js';
import type { Envelope } from '../proto/events.js';
import type { Outage } from '../streams/outages.js';

/** An event of one node of a fleet: the node's envelope with the node's name beside its fields. */
export interface NodeEnvelope extends Envelope {
  /** The name of the node whose daemon published the event. */
  readonly node: string;
}

/** An outage of one node's event stream (see `hub.outages$`), with the node's name. */
export interface NodeOutage extends Outage {
  /** The name of the node whose stream was down. */
  readonly node: string;
}

/**
 * The fleet as a whole: `live` when every node's stream is live, `down` when every node's is down, `connecting`
 * while none is down and some are not live yet, `partial` when some are down and others not; `empty` without
 * nodes.
 */
export type FleetHealth = 'live' | 'partial' | 'connecting' | 'down' | 'empty';

/** The state of a fleet: each node's event stream state, and the fleet's health from them. */
export interface FleetState {
  /** Each node's state by name (`connecting`, `live`, `down`, as `client.hub.state$` says). */
  readonly nodes: Readonly<Record<string, ConnectionState>>;
  /** The fleet's health from its nodes' states. */
  readonly health: FleetHealth;
}

/** A node of a fleet as the streams see it: its name, its streams, and the signal of its leaving. */
export interface FleetMember {
  /** The node's name. */
  readonly name: string;
  /** The node's events (its client's `events$`). */
  readonly events$: Observable<Envelope>;
  /** The node's stream state (its client's `hub.state$`). */
  readonly state$: Observable<ConnectionState>;
  /** The node's outages (its client's `hub.outages$`). */
  readonly outages$: Observable<Outage>;
  /** Emits when the node leaves the fleet (removed, or the fleet closed). */
  readonly left$: Observable<unknown>;
}

/**
 * Every member's events, each tagged with its member's name, while the member belongs. One `map` per event:
 * the cost of an event is its node's alone, whatever the number of nodes.
 *
 * ```
 * members:  a----b---------     a.left$: --------x--
 * a.events$ -1------2---3--
 * b.events$ ------7------8-
 * result:   -1----7-2-----8     1 = { ...1, node: 'a' }, 7 = { ...7, node: 'b' }
 * ```
 */
export function taggedEvents(): OperatorFunction<FleetMember, NodeEnvelope> {
  return mergeMap((m) => m.events$.pipe(map((e): NodeEnvelope => ({ ...e, node: m.name })), takeUntil(m.left$)));
}

/** Every member's outages, each tagged with its member's name, while the member belongs. */
export function taggedOutages(): OperatorFunction<FleetMember, NodeOutage> {
  return mergeMap((m) => m.outages$.pipe(map((o): NodeOutage => ({ ...o, node: m.name })), takeUntil(m.left$)));
}

/**
 * The fleet's state as its members join, change state and leave: the state once every member known at the
 * subscription told its current one, then each change (a leaving member drops out of `nodes`).
 *
 * ```
 * members:  (ab)------------   a.state$: c---l-----   b.state$: c------l--
 * result:   x---y------z----   x = { a: c, b: c } connecting, y = { a: l, b: c } connecting, z = live
 * ```
 */
export function fleetStates(): OperatorFunction<FleetMember, FleetState> {
  return (members$) =>
    new Observable<FleetState>((subscriber) => {
      const states = new Map<string, ConnectionState>();
      let started = false;
      const start = (): void => {
        if (started) return;
        started = true;
        subscriber.next(fleetStateOf(states));
      };
      const inner = members$
        .pipe(
          mergeMap((m) =>
            m.state$.pipe(
              map((state): [string, ConnectionState | undefined] => [m.name, state]),
              takeUntil(m.left$),
              endWith([m.name, undefined] as [string, undefined]),
            ),
          ),
        )
        .subscribe({
          next: ([name, state]) => {
            if (state === undefined) states.delete(name);
            else states.set(name, state);
            if (started) subscriber.next(fleetStateOf(states));
          },
          error: (e: unknown) => subscriber.error(e),
          complete: () => {
            start();
            subscriber.complete();
          },
        });
      // the members known now told their current states synchronously: one first state for them all
      start();
      return inner;
    }).pipe(distinctUntilChanged(sameState));
}

/** The fleet state of nodes' states. */
export function fleetStateOf(states: ReadonlyMap<string, ConnectionState>): FleetState {
  const nodes = Object.fromEntries(states);
  const values = [...states.values()];
  const down = values.filter((s) => s === 'down').length;
  const live = values.filter((s) => s === 'live').length;
  const health: FleetHealth =
    values.length === 0 ? 'empty' : live === values.length ? 'live' : down === values.length ? 'down' : down > 0 ? 'partial' : 'connecting';
  return { nodes, health };
}

function sameState(a: FleetState, b: FleetState): boolean {
  const ak = Object.keys(a.nodes);
  return a.health === b.health && ak.length === Object.keys(b.nodes).length && ak.every((k) => a.nodes[k] === b.nodes[k]);
}
