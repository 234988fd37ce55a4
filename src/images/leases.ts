/**
 * Leases (containerd's Leases service): what keeps content, snapshots and ingests from the daemon's garbage
 * collector while an operation is under way. A lease expires by its `containerd.io/gc.expire` label, so one
 * left behind by a killed process goes by itself.
 * @module
 */
import { numberOption } from '../client/validate.js';
import { randomBytes } from 'node:crypto';
import { defer, map, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import { toPromise, type AbortOptions } from '../client/to-promise.js';
import type { LeaseMessage } from '../proto/image-messages.js';
import { Leases } from '../proto/services.js';
import { toDate } from '../proto/timestamp.js';
import { checkLabels } from './write-options.js';

const CALL = '/containerd.services.leases.v1.Leases/';

/** The label containerd's GC reads a lease's expiry from (RFC 3339). */
export const LEASE_EXPIRE_LABEL = 'containerd.io/gc.expire';

/**
 * A lease's default life: 24 h, as containerd's Go client gives its leases (client.WithLease). Long enough for
 * any import; a lease our process could not delete (it was killed) is collected once it has passed.
 */
export const DEFAULT_LEASE_EXPIRE_MS = 24 * 60 * 60 * 1000;

/** A lease. */
export interface Lease {
  /** Its id: what calls carry as `containerd-lease`. */
  readonly id: string;
  /** When it was made. */
  readonly createdAt: Date | undefined;
  /** Its labels (`containerd.io/gc.expire` among them when it expires). */
  readonly labels: Readonly<Record<string, string>>;
}

/** Options of {@link LeaseManager.create$}. */
export interface LeaseOptions {
  /** The lease's id. Default a random `rxc-…`. */
  readonly id?: string;
  /** Its life in ms: the `containerd.io/gc.expire` label is now + this. Default 24 h; 0 for no expiry. */
  readonly expireMs?: number;
  /** More labels. */
  readonly labels?: Readonly<Record<string, string>>;
}

/** Options of {@link LeaseManager.delete$}. */
export interface DeleteLeaseOptions {
  /**
   * Wait for the garbage collector to run before answering, so that what only the lease kept is gone when the
   * call returns. Default false: the collection happens a little later.
   */
  readonly sync?: boolean;
}

/** A resource a lease holds. */
export interface LeaseResource {
  /** A content digest, an ingest ref or a snapshot key. */
  readonly id: string;
  /** `content`, `ingests` or `snapshots/<snapshotter>` (e.g. `snapshots/overlayfs`). */
  readonly type: string;
}

/** A random lease id, `rxc-<time>-<random>`. */
export function randomLeaseId(): string {
  return `rxc-${Date.now().toString(36)}-${randomBytes(6).toString('hex')}`;
}

/** The labels a new lease is created with: `labels`, plus the expiry `expireMs` from now. */
export function leaseLabels(options: LeaseOptions, now = Date.now()): Readonly<Record<string, string>> {
  const expireMs = options.expireMs ?? DEFAULT_LEASE_EXPIRE_MS;
  numberOption(expireMs, 'expireMs', 'lease', { min: 0, unit: 'ms' });
  checkLabels(options.labels, 'lease');
  return { ...options.labels, ...(expireMs > 0 ? { [LEASE_EXPIRE_LABEL]: new Date(now + expireMs).toISOString() } : {}) };
}

function toLease(lease: LeaseMessage | null, id: string): Lease {
  return { id: lease?.id ?? id, createdAt: toDate(lease?.createdAt), labels: lease?.labels ?? {} };
}

/** The leases of the port's namespace. */
export class LeaseManager {
  /** @internal Made by the client, on its connection. */
  constructor(private readonly port: CallPort) {}

  /**
   * Creates a lease (id random unless given; expiring 24 h from now unless `expireMs` says otherwise). Fails
   * with AlreadyExistsError for a taken id; TypeError for a bad option.
   */
  create$(options: LeaseOptions = {}): Observable<Lease> {
    return defer(() => {
      const id = options.id ?? randomLeaseId();
      return this.port.call$(Leases.create, { id, labels: leaseLabels(options) }).pipe(map(({ lease }) => toLease(lease, id)));
    });
  }

  /** The Promise twin of {@link LeaseManager.create$}. */
  create(options: LeaseOptions & AbortOptions = {}): Promise<Lease> {
    return toPromise(this.create$(options), options, `${CALL}Create`);
  }

  /**
   * Deletes the lease `id`: what it alone held becomes garbage (collected now with `sync: true`). Fails with
   * NotFoundError when there is no such lease.
   */
  delete$(id: string, options: DeleteLeaseOptions = {}): Observable<void> {
    return this.port.call$(Leases.delete, { id, sync: options.sync ?? false }).pipe(map(() => undefined));
  }

  /** The Promise twin of {@link LeaseManager.delete$}. */
  delete(id: string, options: DeleteLeaseOptions & AbortOptions = {}): Promise<void> {
    return toPromise(this.delete$(id, options), options, `${CALL}Delete`);
  }

  /** The namespace's leases, optionally filtered (containerd's syntax, e.g. `id==x`, `labels."app"==web`). */
  list$(filters: readonly string[] = []): Observable<Lease[]> {
    return this.port.call$(Leases.list, { filters }).pipe(map(({ leases }) => leases.map((l) => toLease(l, l.id))));
  }

  /** The Promise twin of {@link LeaseManager.list$}. */
  list(filters: readonly string[] = [], options?: AbortOptions): Promise<Lease[]> {
    return toPromise(this.list$(filters), options, `${CALL}List`);
  }

  /** What the lease `id` holds: content digests, ingest refs, snapshot keys. */
  resources$(id: string): Observable<LeaseResource[]> {
    return this.port.call$(Leases.listResources, { id }).pipe(map(({ resources }) => [...resources]));
  }

  /** Puts `resource` under the lease `id` (e.g. `{ type: 'content', id: digest }`). */
  addResource$(id: string, resource: LeaseResource): Observable<void> {
    return this.port.call$(Leases.addResource, { id, resource }).pipe(map(() => undefined));
  }

  /** Takes `resource` out of the lease `id`. */
  deleteResource$(id: string, resource: LeaseResource): Observable<void> {
    return this.port.call$(Leases.deleteResource, { id, resource }).pipe(map(() => undefined));
  }
}
