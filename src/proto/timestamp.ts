/**
 * google.protobuf.Timestamp to and from Date. containerd sends Go's zero time (0001-01-01T00:00:00Z) for a
 * time that has not happened yet, e.g. a running process's exited_at: that reads as `undefined`.
 * @module
 */

/** google.protobuf.Timestamp as decoded (int64 seconds as a number). */
export interface Timestamp {
  /** Seconds since the Unix epoch. */
  readonly seconds: number;
  /** Nanoseconds within the second. */
  readonly nanos: number;
}

/** Seconds since the Unix epoch of Go's zero time.Time, 0001-01-01T00:00:00Z. */
export const GO_ZERO_SECONDS = -62135596800;

/**
 * A Date, or `undefined` for a missing timestamp, Go's zero time (or earlier) and anything a Date cannot hold.
 * Sub-millisecond precision is dropped.
 * @example
 * ```ts
 * toDate({ seconds: 1700000000, nanos: 5e8 });        // 2023-11-14T22:13:20.500Z
 * toDate({ seconds: -62135596800, nanos: 0 });        // undefined
 * toDate(null);                                       // undefined
 * ```
 */
export function toDate(ts: Timestamp | null | undefined): Date | undefined {
  if (ts === null || ts === undefined) return undefined;
  const { seconds, nanos } = ts;
  if (!Number.isFinite(seconds) || !Number.isFinite(nanos) || seconds <= GO_ZERO_SECONDS) return undefined;
  const d = new Date(seconds * 1000 + Math.floor(nanos / 1e6));
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * A Timestamp for a Date (nanos always in [0, 1e9)).
 * @example
 * ```ts
 * fromDate(new Date(1500)); // { seconds: 1, nanos: 500000000 }
 * ```
 */
export function fromDate(d: Date): Timestamp {
  const ms = d.getTime();
  const seconds = Math.floor(ms / 1000);
  return { seconds, nanos: (ms - seconds * 1000) * 1e6 };
}
