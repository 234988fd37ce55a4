/**
 * An operation run under a lease of its own, unless its port already carries one: the lease keeps what the
 * operation makes (snapshots, content) from the daemon's garbage collector until the operation has linked it to
 * something that lasts, then goes.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { catchError, concat, defer, EMPTY, finalize, ignoreElements, mergeMap, throwError, type Observable } from 'rxjs';
import { withLease, type CallPort } from '../client/call-port.js';
import { Leases } from '../proto/services.js';

/** How long a lease of {@link underLease$} lives at most, in ms, if its deletion never comes (a crash). */
export const LEASE_EXPIRE_MS = 24 * 60 * 60 * 1000;

/**
 * `fn` given a port whose calls carry a fresh lease (label `containerd.io/gc.expire` `expireMs` ahead). The lease
 * is deleted before the result completes or fails, and in the background when it is unsubscribed. A port that already carries a lease is
 * given to `fn` as it is.
 */
export function underLease$<T>(port: CallPort, fn: (leased: CallPort) => Observable<T>, expireMs = LEASE_EXPIRE_MS): Observable<T> {
  if (port.lease !== undefined) return defer(() => fn(port));
  return defer(() => {
    const id = `rx-containerd-${randomBytes(8).toString('hex')}`;
    const labels = { 'containerd.io/gc.expire': new Date(Date.now() + expireMs).toISOString() };
    return port.call$(Leases.create, { id, labels }).pipe(mergeMap(() => {
      let released = false;
      const release$ = defer(() => {
        released = true;
        // a failed deletion leaves the lease to expire
        return port.call$(Leases.delete, { id }).pipe(ignoreElements(), catchError(() => EMPTY));
      });
      return concat(fn(withLease(port, id)).pipe(catchError((error: unknown) => concat(release$, throwError(() => error)))), release$).pipe(
        // unsubscribed before the end: deleted in the background
        finalize(() => released || release$.subscribe()),
      );
    }));
  });
}
