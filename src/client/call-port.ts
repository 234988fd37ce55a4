/**
 * The calls a layer above makes, as a port: a {@link Connection} is one, and {@link withLease} makes one whose
 * every call carries a lease. The image layer is written against it, so a whole operation (an import, an
 * unpack) runs under one lease by being given the leased port.
 * @module
 */
import type { Observable } from 'rxjs';
import type { Method } from '../proto/services.js';
import type { CallOptions } from './calls.js';
import type { Duplex } from './duplex.js';

/** The three call shapes of a connection, in one namespace. */
export interface CallPort {
  /** The containerd namespace the calls are made in. */
  readonly namespace: string;
  /** The lease every call carries, if any. */
  readonly lease?: string;
  /** True when every mutating call is refused before it is sent (`connect({ readOnly: true })`). */
  readonly readOnly?: boolean;
  /** A unary call: emits the response and completes. */
  call$<Req, Res>(method: Method<Req, Res>, request: Req, options?: CallOptions): Observable<Res>;
  /** A server-streaming call: emits each message, completes when the server ends the stream. */
  stream$<Req, Res>(method: Method<Req, Res>, request: Req, options?: CallOptions): Observable<Res>;
  /** A bidirectional call: emits one open {@link Duplex}, completes when the server ends the stream. */
  duplex$<Req, Res>(method: Method<Req, Res>, options?: CallOptions): Observable<Duplex<Req, Res>>;
}

/**
 * `port` with every call carrying the lease `id` (the `containerd-lease` metadata) unless the call names
 * another.
 */
export function withLease(port: CallPort, id: string): CallPort {
  const leased = (options: CallOptions = {}): CallOptions => ({ lease: id, ...options });
  return {
    namespace: port.namespace,
    lease: id,
    ...(port.readOnly ? { readOnly: true } : {}),
    call$: (method, request, options) => port.call$(method, request, leased(options)),
    stream$: (method, request, options) => port.stream$(method, request, leased(options)),
    duplex$: (method, options) => port.duplex$(method, leased(options)),
  };
}
