/**
 * The lease of a pull. Unlike {@link withLease$}, it is kept when the pull fails or is abandoned: what was
 * committed (blobs, manifests) stays in the content store until the lease expires (24 h), so that pulling the
 * same reference again resumes (each blob there is skipped, each unfinished one continues from the daemon's
 * offset) instead of starting over. Its id is derived from the reference, so the retry finds it; it is deleted
 * once a pull of the reference succeeds, when the image record holds the content.
 * @module
 */
import { createHash } from 'node:crypto';
import { catchError, concat, concatMap, EMPTY, ignoreElements, map, of, throwError, type Observable } from 'rxjs';
import { withLease, type CallPort } from '../client/call-port.js';
import { AlreadyExistsError } from '../client/errors.js';
import { LeaseManager } from './leases.js';

/** The id of the lease of pulls of `name` (a canonical reference): `rxc-pull-` and 16 hex characters of its sha256. */
export function pullLeaseId(name: string): string {
  return `rxc-pull-${createHash('sha256').update(name).digest('hex').slice(0, 16)}`;
}

/**
 * Runs `fn` with a port carrying the pull lease of `name` (created, or found from an earlier pull that did not
 * finish), and deletes the lease once `fn` completes; on an error or an unsubscription the lease stays.
 */
export function underPullLease$<T>(port: CallPort, name: string, fn: (leased: CallPort) => Observable<T>): Observable<T> {
  const leases = new LeaseManager(port);
  const id = pullLeaseId(name);
  const created$ = leases.create$({ id }).pipe(
    map(() => id),
    catchError((error: unknown) => (error instanceof AlreadyExistsError ? of(id) : throwError(() => error))),
  );
  return created$.pipe(concatMap((leaseId) => concat(fn(withLease(port, leaseId)), leases.delete$(leaseId).pipe(ignoreElements(), catchError(() => EMPTY)))));
}
