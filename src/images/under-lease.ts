/**
 * An operation run under a lease of its own, unless its port already carries one: the lease keeps what the
 * operation makes (snapshots, content) from the daemon's garbage collector until the operation has linked it to
 * something that lasts, then goes.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { defer, finalize, mergeMap, type Observable } from 'rxjs';
import { withLease, type CallPort } from '../client/call-port.js';
import { Leases } from '../proto/services.js';

/** How long a lease of {@link underLease$} lives at most, in ms, if its deletion never comes (a crash). */
export const LEASE_EXPIRE_MS = 24 * 60 * 60 * 1000;

/**
 * `fn` given a port whose calls carry a fresh lease (label `containerd.io/gc.expire` `expireMs` ahead), the
 * lease deleted when `fn`'s Observable ends, fails or is unsubscribed. A port that already carries a lease is
 * given to `fn` as it is.
 */
export function underLease$<T>(port: CallPort, fn: (leased: CallPort) => Observable<T>, expireMs = LEASE_EXPIRE_MS): Observable<T> {
  if (port.lease !== undefined) return defer(() => fn(port));
  return defer(() => {
    const id = `rx-containerd-${randomBytes(8).toString('hex')}`;
    const labels = { 'containerd.io/gc.expire': new Date(Date.now() + expireMs).toISOString() };
    return port.call$(Leases.create, { id, labels }).pipe(
      mergeMap(() => fn(withLease(port, id))),
      // deleted after, whatever the end; a failed deletion leaves the lease to expire
      finalize(() => port.call$(Leases.delete, { id }).subscribe({ error: () => undefined })),
    );
  });
}
