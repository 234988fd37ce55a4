/**
 * Listings across a fleet's nodes: each node asked at once, its answer tagged with its name; a node that fails
 * (down, unreachable, refusing) is reported beside the others' answers, never in their way.
 * @module
 */
import { catchError, forkJoin, map, Observable, of } from 'rxjs';
import { toContainerdError, type ContainerdError } from '../client/errors.js';
import type { Client } from '../process/client.js';
import type { Container } from '../process/container.js';
import { toSnapshot, type ProcessSnapshot } from '../process/status.js';
import { Tasks } from '../proto/services.js';

/** A container of a fleet: the node it is on and the container, bound to that node's client. */
export interface NodeContainer {
  /** The node's name. */
  readonly node: string;
  /** The container; its tasks' waits, kills and execs go to its node's daemon. */
  readonly container: Container;
}

/** A task of a fleet (its init process as Tasks.List reports it), with its node and container. */
export interface NodeTask extends ProcessSnapshot {
  /** The node's name. */
  readonly node: string;
  /** The id of the task's container. */
  readonly containerId: string;
}

/** A node that did not answer a fleet-wide call, and why. */
export interface NodeFailure {
  /** The node's name. */
  readonly node: string;
  /** Its error (an UnavailableError when its daemon is down or unreachable). */
  readonly error: ContainerdError;
}

/** The answer of a fleet-wide listing: the items of every node that answered, and the nodes that did not. */
export interface FleetList<T> {
  /** The items, node by node in the fleet's order, each node's in its daemon's order. */
  readonly items: readonly T[];
  /** The nodes that failed, with their errors; empty when every node answered. */
  readonly failures: readonly NodeFailure[];
}

type Answer<T> = { readonly node: string; readonly items?: readonly T[]; readonly error?: ContainerdError };

/** Asks every node at once with `ask`; gathers items and failures. */
export function acrossNodes$<T>(clients: ReadonlyArray<readonly [string, Client]>, call: string, ask: (client: Client, node: string) => Observable<readonly T[]>): Observable<FleetList<T>> {
  if (clients.length === 0) return of({ items: [], failures: [] });
  return forkJoin(
    clients.map(([node, client]) =>
      ask(client, node).pipe(
        map((items): Answer<T> => ({ node, items })),
        catchError((e: unknown) => of<Answer<T>>({ node, error: toContainerdError(e, call) })),
      ),
    ),
  ).pipe(
    map((answers) => ({
      items: answers.flatMap((a) => a.items ?? []),
      failures: answers.filter((a) => a.error !== undefined).map((a) => ({ node: a.node, error: a.error! })),
    })),
  );
}

/** Every node's containers, filtered by containerd filters. */
export function fleetContainers$(clients: ReadonlyArray<readonly [string, Client]>, filters: readonly string[]): Observable<FleetList<NodeContainer>> {
  return acrossNodes$(clients, '/containerd.services.containers.v1.Containers/List', (client, node) =>
    client.containers$(...filters).pipe(map((cs) => cs.map((container) => ({ node, container })))),
  );
}

/** Every node's tasks. */
export function fleetTasks$(clients: ReadonlyArray<readonly [string, Client]>): Observable<FleetList<NodeTask>> {
  return acrossNodes$(clients, '/containerd.services.tasks.v1.Tasks/List', (client, node) =>
    client.conn.call$(Tasks.list, {}).pipe(map(({ tasks }) => tasks.map((t) => ({ ...toSnapshot(t), node, containerId: t.containerId || t.id })))),
  );
}
