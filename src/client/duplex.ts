/**
 * The bidirectional call shape, for containerd's request/response streams such as Content.Write: the call is
 * opened once, then each request is answered by the next message the server sends (lockstep, as containerd's
 * own clients drive it), which also bounds what is in flight to one request.
 * @module
 */
import * as grpc from '@grpc/grpc-js';
import { Observable } from 'rxjs';
import type { Method } from '../proto/services.js';
import { callOptions, cancelable, metadata, type CallContext, type CallOptions } from './calls.js';
import { toContainerdError } from './error-mapping.js';

/** An open bidirectional call. */
export interface Duplex<Req, Res> {
  /**
   * Sends `request` when subscribed and emits the next message the server sends after the ones already taken,
   * then completes. Fails with the call's error if the call ends first.
   */
  exchange$(request: Req): Observable<Res>;
  /** Ends the requests (the server reads end of stream); the call then completes when the server ends it. */
  end(): void;
}

/**
 * A bidirectional call as a cold Observable: each subscription opens the call and emits one {@link Duplex},
 * then completes when the server ends the stream with status OK, or errors with the call's typed error.
 * Unsubscribing cancels the call. No deadline unless `options.timeoutMs` sets one.
 */
export function duplex$<Req, Res>(context: CallContext, method: Method<Req, Res>, options: CallOptions): Observable<Duplex<Req, Res>> {
  return new Observable<Duplex<Req, Res>>((subscriber) => {
    let done = false;
    let failure: unknown;
    const call = context.grpcClient.makeBidiStreamRequest<Req, Res>(
      method.path,
      (value) => method.request.encode(value),
      (bytes) => method.response.decode(bytes),
      metadata(context, options),
      callOptions(context, { timeoutMs: 0, ...options }),
    );
    const queued: Res[] = [];
    const waiting: { next(r: Res): void; error(e: unknown): void }[] = [];
    call.on('data', (message: Res) => {
      const w = waiting.shift();
      if (w === undefined) queued.push(message);
      else w.next(message);
    });
    const finish = (error: unknown): void => {
      done = true;
      failure = error;
      for (const w of waiting.splice(0)) w.error(error);
    };
    call.on('error', (error: unknown) => {
      const typed = toContainerdError(error, method.path, context.address);
      finish(typed);
      subscriber.error(typed);
    });
    call.on('end', () => {
      finish(toContainerdError({ code: grpc.status.UNKNOWN, details: 'the server ended the stream' }, method.path, context.address));
      subscriber.complete();
    });
    const release = cancelable(context, options, () => call.cancel());
    subscriber.next({
      exchange$: (request) => new Observable<Res>((s) => {
        if (done) {
          s.error(failure);
          return undefined;
        }
        const w = {
          next: (r: Res) => {
            s.next(r);
            s.complete();
          },
          error: (e: unknown) => s.error(e),
        };
        call.write(request);
        const ready = queued.shift();
        if (ready !== undefined) w.next(ready);
        else waiting.push(w);
        return () => {
          const at = waiting.indexOf(w);
          if (at >= 0) waiting.splice(at, 1);
        };
      }),
      end: () => {
        if (!done) call.end();
      },
    });
    return () => {
      release();
      if (!done) call.cancel();
      call.removeAllListeners('data');
      call.on('error', () => undefined);
    };
  });
}
