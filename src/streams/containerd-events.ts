/**
 * The daemon side of the shared stream: a Subscribe filtered to one namespace, and fences published with
 * Events.Publish.
 * @module
 */
import type { Connection } from '../client/connection.js';
import { Events } from '../proto/services.js';
import type { EventPort } from './event-port.js';
import { FENCE_TOPIC, fencePayload } from './fence.js';

/**
 * The {@link EventPort} of a connection.
 *
 * @example
 * ```ts
 * const hub = new EventHub(containerdEventPort(openConnection({ namespace: 'demo' })));
 * ```
 */
export function containerdEventPort(conn: Connection): EventPort {
  return {
    namespace: conn.namespace,
    subscribe$: () => conn.stream$(Events.subscribe, { filters: [`namespace==${conn.namespace}`] }),
    publishFence$: (fence) => conn.call$(Events.publish, { topic: FENCE_TOPIC, event: fencePayload(fence) }, { timeoutMs: 2_000 }),
    reconnected$: () => conn.reconnected$(),
  };
}
