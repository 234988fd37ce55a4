/**
 * The call shapes: a unary call and a server-streaming call as cold Observables. Each subscription makes the
 * call with the namespace in its metadata; unsubscribing cancels it; failures are typed errors.
 * @module
 */
import * as grpc from '@grpc/grpc-js';
import { Observable } from 'rxjs';
import type { Method } from '../proto/services.js';
import { toContainerdError } from './error-mapping.js';

/** Options of one call. */
export interface CallOptions {
  /** Deadline in ms from now; 0 for none. */
  readonly timeoutMs?: number;
  /**
   * Keep the call queued if the connection drops after it was sent, until its deadline, instead of failing
   * with UNAVAILABLE. (Every call already waits up to the connect timeout for the connection to come up.)
   */
  readonly waitForReady?: boolean;
  /** Aborting cancels the call, which then fails with CanceledError (unsubscribing cancels silently). */
  readonly signal?: AbortSignal;
  /**
   * The id of a containerd lease, sent as the `containerd-lease` metadata: what the call creates (content,
   * snapshots, ingests) belongs to the lease, so the daemon's garbage collector keeps it while the lease lives.
   */
  readonly lease?: string;
}

/** What a call needs of its connection. */
export interface CallContext {
  readonly grpcClient: grpc.Client;
  readonly namespace: string;
  /** The daemon's address, named in an UnavailableError. */
  readonly address: string;
  /** The deadline of a call that sets none, in ms; 0 for none. */
  readonly callTimeoutMs: number;
  /** The cancels of the calls in flight: a call is in it from its start to its end. */
  readonly inFlight: Set<() => void>;
}

/** A unary call: emits the response and completes. */
export function unary$<Req, Res>(context: CallContext, method: Method<Req, Res>, request: Req, options: CallOptions): Observable<Res> {
  return new Observable<Res>((subscriber) => {
    let done = false;
    const call = context.grpcClient.makeUnaryRequest<Req, Res>(
      method.path,
      (value) => method.request.encode(value),
      (bytes) => method.response.decode(bytes),
      request,
      metadata(context, options),
      callOptions(context, options),
      (error, response) => {
        done = true;
        if (error) subscriber.error(toContainerdError(error, method.path, context.address));
        else {
          subscriber.next(response as Res);
          subscriber.complete();
        }
      },
    );
    const release = cancelable(context, options, () => call.cancel());
    return () => {
      release();
      if (!done) call.cancel();
    };
  });
}

/** A server-streaming call: emits each message; completes when the server ends the stream. No deadline by default. */
export function serverStream$<Req, Res>(context: CallContext, method: Method<Req, Res>, request: Req, options: CallOptions): Observable<Res> {
  return new Observable<Res>((subscriber) => {
    let done = false;
    const call = context.grpcClient.makeServerStreamRequest<Req, Res>(
      method.path,
      (value) => method.request.encode(value),
      (bytes) => method.response.decode(bytes),
      request,
      metadata(context, options),
      callOptions(context, { timeoutMs: 0, ...options }),
    );
    call.on('data', (message: Res) => subscriber.next(message));
    call.on('error', (error: unknown) => {
      done = true;
      subscriber.error(toContainerdError(error, method.path, context.address));
    });
    call.on('end', () => {
      done = true;
      subscriber.complete();
    });
    const release = cancelable(context, options, () => call.cancel());
    return () => {
      release();
      if (!done) call.cancel();
      call.removeAllListeners('data');
      // a canceled call still reports CANCELLED through 'error': keep a listener so it is not thrown
      call.on('error', () => undefined);
    };
  });
}

/**
 * Makes `cancel` run when the connection closes or `options.signal` aborts (at once if it already has); returns
 * what undoes both, for the end of the call.
 */
export function cancelable(context: CallContext, options: CallOptions, cancel: () => void): () => void {
  context.inFlight.add(cancel);
  options.signal?.addEventListener('abort', cancel, { once: true });
  if (options.signal?.aborted) cancel();
  return () => {
    context.inFlight.delete(cancel);
    options.signal?.removeEventListener('abort', cancel);
  };
}

/** The call's metadata: the namespace, and the lease when the call has one. */
export function metadata(context: CallContext, options: CallOptions): grpc.Metadata {
  const md = new grpc.Metadata(options.waitForReady ? { waitForReady: true } : {});
  md.set('containerd-namespace', context.namespace);
  if (options.lease !== undefined) md.set('containerd-lease', options.lease);
  return md;
}

/** The call's deadline: `options.timeoutMs`, else the connection's default; none for 0. */
export function callOptions(context: CallContext, options: CallOptions): grpc.CallOptions {
  const timeoutMs = options.timeoutMs ?? context.callTimeoutMs;
  const out: grpc.CallOptions = {};
  if (timeoutMs > 0) out.deadline = Date.now() + timeoutMs;
  return out;
}
