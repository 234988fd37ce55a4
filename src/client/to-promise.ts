/**
 * The Promise twins' cancellation and time limit: `{ signal, timeoutMs }`, as nice-grpc, dockerode and
 * child_process take them. A twin runs its cold `$` form; an abort or a timeout unsubscribes it, which cancels
 * its calls on the daemon (see calls.ts), and rejects with a typed error.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import type { Observable } from 'rxjs';
import { CanceledError, TimeoutError } from './error-classes.js';
import { invalidArgument } from './error-mapping.js';

/** The last argument of every Promise twin. */
export interface AbortOptions {
  /** Aborting it cancels the operation (its calls are canceled on the daemon); the Promise rejects with CanceledError whose `cause` is the signal's reason. */
  readonly signal?: AbortSignal | undefined;
  /** A time limit in ms for the whole operation; 0 or absent for none. Past it the operation is canceled and the Promise rejects with TimeoutError. */
  readonly timeoutMs?: number | undefined;
}

/**
 * The first value of `source$` as a Promise, canceled by `options.signal` (CanceledError, `cause` the signal's
 * reason) or after `options.timeoutMs` (TimeoutError). `call` names the operation in those errors. A source that
 * completes without a value resolves `undefined`.
 */
export function toPromise<T>(source$: Observable<T>, options: AbortOptions | undefined, call: string): Promise<T> {
  const signal = options?.signal;
  const timeoutMs = options?.timeoutMs ?? 0;
  return new Promise<T>((resolve, reject) => {
    if (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 0) {
      reject(invalidArgument(call, `timeoutMs must be a finite number of ms >= 0, got ${String(timeoutMs)}`));
      return;
    }
    if (signal?.aborted) {
      reject(aborted(call, signal));
      return;
    }
    let timer: NodeJS.Timeout | undefined;
    const onAbort = (): void => settle(() => reject(aborted(call, signal!)));
    let subscription: { unsubscribe(): void } | undefined;
    let done = false;
    function settle(finish: () => void): void {
      if (done) return;
      done = true;
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      // unsubscribing the cold source cancels whatever call of it is still with the daemon
      subscription?.unsubscribe();
      finish();
    }
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs > 0) {
      timer = setTimeout(() => settle(() => reject(new TimeoutError({ code: GrpcStatus.DEADLINE_EXCEEDED, daemonMessage: `no result within ${timeoutMs} ms`, call, timeoutMs }))), timeoutMs);
    }
    subscription = source$.subscribe({
      next: (value) => settle(() => resolve(value)),
      error: (error: unknown) => settle(() => reject(error)),
      complete: () => settle(() => resolve(undefined as T)),
    });
    // a source that settled while subscribing is unsubscribed now that its subscription is known
    if (done) subscription.unsubscribe();
  });
}

function aborted(call: string, signal: AbortSignal): CanceledError {
  const reason: unknown = signal.reason;
  const why = reason instanceof Error ? reason.message : reason === undefined ? 'aborted' : String(reason);
  return new CanceledError({ code: GrpcStatus.CANCELLED, daemonMessage: `aborted: ${why}`, call, cause: reason });
}
