import { Events } from '../proto/services.js';
import { FENCE_TOPIC, fenceMarker } from './fence.js';
/**
 * The {@link EventPort} of a connection.
 *
 * @example
 * ```ts
 * const hub = new EventHub(containerdEventPort(openConnection({ namespace: 'demo' })));
 * ```
 */
export function containerdEventPort(conn) {
    return {
        namespace: conn.namespace,
        subscribe$: () => conn.stream$(Events.subscribe, { filters: [`namespace==${conn.namespace}`] }),
        publishMarker$: (token) => conn.call$(Events.publish, { topic: FENCE_TOPIC, event: fenceMarker(token) }, { timeoutMs: 2_000 }),
        reconnected$: () => conn.reconnected$(),
    };
}
//# sourceMappingURL=containerd-events.js.map