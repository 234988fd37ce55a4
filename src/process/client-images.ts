/**
 * The image side of the {@link Client}: the members it takes from an {@link ImageClient} on its connection
 * (content store, leases, operations under a lease), kept out of client.ts, which holds the containers.
 * @module
 */
import type { Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import type { ContentStore } from '../images/content-store.js';
import { ImageClient } from '../images/image-client.js';
import type { Lease, LeaseManager } from '../images/leases.js';
import type { WithLeaseOptions } from '../images/with-lease.js';

/** What a client offers for images: the base of {@link Client}. */
export class ClientImages {
  /** The content store of the client's namespace: blobs by digest, written and read as streams. */
  readonly content: ContentStore;
  /** The leases of the client's namespace. */
  readonly leases: LeaseManager;
  /** The image side on the client's connection, which the members above delegate to. */
  protected readonly imageClient: ImageClient;

  /** @internal Made by the Client, on its connection. */
  constructor(port: CallPort) {
    this.imageClient = new ImageClient(port);
    this.content = this.imageClient.content;
    this.leases = this.imageClient.leases;
  }

  /**
   * Runs `fn` under a new lease, as containerd's Go client runs a pull or an import: `fn` gets an
   * {@link ImageClient} whose every call carries the lease (so the garbage collector keeps what it writes),
   * and the lease is deleted once `fn`'s Observable completes, fails or is unsubscribed. `expireMs` (default
   * 24 h) bounds the lease's life should this process die first; `sync: true` waits for the garbage collector
   * when deleting it.
   *
   * @example
   * ```ts
   * client.withLease$((images) => images.content.write$(bytes, { digest, size, labels })).subscribe();
   * ```
   */
  withLease$<T>(fn: (images: ImageClient, lease: Lease) => Observable<T>, options?: WithLeaseOptions): Observable<T> {
    return this.imageClient.withLease$(fn, options);
  }
}
