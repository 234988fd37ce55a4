/**
 * The event port: what the shared stream needs from the daemon. The containerd adapter implements it
 * (containerd-events.ts); tests implement it with subjects in virtual time.
 * @module
 */
import type { Observable } from 'rxjs';
import type { EnvelopeMessage } from '../proto/messages.js';

/** What the hub needs from the daemon. */
export interface EventPort {
  /** The namespace whose events the hub passes on. */
  readonly namespace: string;
  /** Opens a Subscribe for this namespace: raw envelopes until it fails or ends. */
  subscribe$(): Observable<EnvelopeMessage>;
  /** Publishes `fence` on the fence topic (see fence.ts); any value or none, and any error, is ignored. */
  publishFence$(fence: string): Observable<unknown>;
  /**
   * Emits each time the connection to the daemon comes back up after being down. Optional: with it, a
   * stream that is down reconnects the moment the daemon is reachable again instead of when its backoff
   * ends.
   */
  reconnected$?(): Observable<unknown>;
}

/** @deprecated Implement {@link EventPort} with `publishFence$`; a port with `publishMarker$` is still read. */
export interface MarkerEventPort extends Omit<EventPort, 'publishFence$'> {
  /** @deprecated Use {@link EventPort.publishFence$}. */
  publishMarker$(token: string): Observable<unknown>;
  /** As {@link EventPort.reconnected$}. */
  reconnected$?(): Observable<unknown>;
}

/** `port` as an {@link EventPort}: a port written before `publishFence$` gets it from its `publishMarker$`. */
export function fencedPort(port: EventPort | MarkerEventPort): EventPort {
  if ('publishFence$' in port) return port;
  const { reconnected$ } = port;
  return {
    namespace: port.namespace,
    subscribe$: () => port.subscribe$(),
    publishFence$: (fence) => port.publishMarker$(fence),
    ...(reconnected$ ? { reconnected$: () => reconnected$.call(port) } : {}),
  };
}
