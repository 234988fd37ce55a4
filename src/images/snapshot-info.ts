/**
 * What a snapshotter says about a snapshot, as the library gives it: kinds in lower case, times as Dates.
 * @module
 */
import type { SnapshotInfoMessage } from '../proto/image-messages.js';
import type { Labels } from '../proto/messages.js';
import { toDate } from '../proto/timestamp.js';

/**
 * The kind of a snapshot (containerd's `snapshots.Kind`, lower case): `active` is writable (made by prepare),
 * `view` read-only (made by view), `committed` read-only and usable as a parent (made by commit); `unknown`
 * only when the daemon answers a kind this library does not know.
 */
export type SnapshotKind = 'active' | 'view' | 'committed' | 'unknown';

/** A snapshot as Snapshots.Stat and Snapshots.List describe it. */
export interface SnapshotInfo {
  /** The snapshot's key (active, view) or name (committed). */
  readonly name: string;
  /** The committed snapshot it is made on, absent for a snapshot on nothing (a bottom layer). */
  readonly parent?: string;
  /** Active, view or committed. */
  readonly kind: SnapshotKind;
  /** Its labels (`containerd.io/gc.root`, `containerd.io/snapshot.ref`, your own). */
  readonly labels: Labels;
  /** When it was made, if the daemon says. */
  readonly createdAt?: Date;
  /** When it last changed, if the daemon says. */
  readonly updatedAt?: Date;
}

/** Disk use of a snapshot: for an active one what it holds now, for a committed one its own layer only. */
export interface SnapshotUsage {
  /** Bytes on disk. */
  readonly size: number;
  /** Inodes used. */
  readonly inodes: number;
}

const kinds: Readonly<Record<string, SnapshotKind>> = { ACTIVE: 'active', VIEW: 'view', COMMITTED: 'committed' };

/** The wire's snapshot info as a {@link SnapshotInfo}. */
export function toSnapshotInfo(m: SnapshotInfoMessage): SnapshotInfo {
  const createdAt = toDate(m.createdAt);
  const updatedAt = toDate(m.updatedAt);
  return {
    name: m.name,
    ...(m.parent ? { parent: m.parent } : {}),
    kind: kinds[m.kind] ?? 'unknown',
    labels: { ...m.labels },
    ...(createdAt ? { createdAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
  };
}
