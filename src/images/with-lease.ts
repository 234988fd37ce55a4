/**
 * An operation under a lease of its own, as containerd's Go client runs a pull or an import
 * (client.WithLease): the lease is created first, every call of the operation carries it, and it is deleted
 * after, whether the operation completes, fails or is abandoned.
 * @module
 */
import { catchError, concatMap, EMPTY, Observable } from 'rxjs';
import { withLease, type CallPort } from '../client/call-port.js';
import { LeaseManager, randomLeaseId, type DeleteLeaseOptions, type Lease, type LeaseOptions } from './leases.js';

/** Options of {@link withLease$}. */
export interface WithLeaseOptions extends LeaseOptions, DeleteLeaseOptions {
  /**
   * When the operation fails, delete the lease with `sync` (waiting for the garbage collector), so that what
   * only the failed operation wrote is gone when the error arrives. Default false.
   */
  readonly syncOnError?: boolean;
}

/**
 * Creates a lease, then mirrors `fn(leasedPort, lease)`: every call made through the leased port carries the
 * lease, so the daemon's garbage collector keeps what the operation writes until it is referenced for good
 * (an image record, a label). Deletes the lease after: on completion and on error (the result completes, or
 * fails with the operation's error, once the deletion is answered), and on unsubscription (the deletion is
 * sent anyway, in the background). A failed deletion is ignored: the lease then expires by itself (default
 * 24 h). `sync: true` makes the deletion wait for the garbage collector.
 *
 * ```
 * fn:      --a--b--|
 * result:  (create)--a--b--(delete)|
 * ```
 */
export function withLease$<T>(port: CallPort, fn: (leased: CallPort, lease: Lease) => Observable<T>, options: WithLeaseOptions = {}): Observable<T> {
  return new Observable<T>((subscriber) => {
    const leases = new LeaseManager(port);
    // the id is ours from the start, so a lease whose Create was in flight when we were abandoned is deleted too
    const id = options.id ?? randomLeaseId();
    let deleting = false;
    const delete$ = (failed = false): Observable<void> => {
      deleting = true;
      const sync = options.sync === true || (failed && options.syncOnError === true);
      return leases.delete$(id, { sync }).pipe(catchError(() => EMPTY));
    };
    const body = leases
      .create$({ ...options, id })
      .pipe(concatMap((lease) => fn(withLease(port, lease.id), lease)))
      .subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => delete$(true).subscribe({ complete: () => subscriber.error(error) }),
        complete: () => delete$().subscribe({ complete: () => subscriber.complete() }),
      });
    return () => {
      body.unsubscribe();
      // not part of the chain being torn down: a subscription of its own, left to finish
      if (!deleting) delete$().subscribe();
    };
  });
}
