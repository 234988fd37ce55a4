/**
 * The daemon's answers that public calls hand over as they came off the wire, under public names: a packed
 * message (protobuf's Any), a timestamp, the daemon's version, a task's metric and a raw event envelope.
 * The wire module (messages.ts) takes its types of the same messages from here.
 * @module
 */
import type { Timestamp } from './timestamp.js';

export type { Timestamp };

/** A protobuf message packed with the name of its type (google.protobuf.Any). */
export interface AnyMessage {
  /** The message's type, e.g. `'types.containerd.io/containerd.events.TaskExit'`. */
  readonly typeUrl: string;
  /** The message's protobuf encoding. */
  readonly value: Uint8Array;
}

/** The daemon's version, as `client.version()` resolves it. */
export interface DaemonVersion {
  /** The release, e.g. `'1.7.24~ds1'` (distributions add their suffix). */
  readonly version: string;
  /** The source revision it was built from (may be empty). */
  readonly revision: string;
}

/** A task's resource use, as `task.metrics()` resolves it: the cgroup statistics of its container. */
export interface TaskMetric {
  /** When the daemon read them. */
  readonly timestamp: Timestamp | null;
  /** The container's id. */
  readonly id: string;
  /**
   * The statistics, packed: `io.containerd.cgroups.v1.Metrics` or `io.containerd.cgroups.v2.Metrics` by the
   * host's cgroup version (decode them with containerd's cgroups protos).
   */
  readonly data: AnyMessage | null;
}

/** An event as the daemon's Subscribe sends it, before decoding: what an `EventPort` emits. */
export interface RawEnvelope {
  /** When the event was published. */
  readonly timestamp: Timestamp | null;
  /** The namespace it happened in. */
  readonly namespace: string;
  /** Its topic, e.g. `'/tasks/exit'`. */
  readonly topic: string;
  /** The event, packed. */
  readonly event: AnyMessage | null;
}

/** One process of a task, as `task.pids()` lists it. */
export interface TaskPid {
  /** Its host pid. */
  readonly pid: number;
  /** The exec it belongs to, where the shim says; absent for the init process and processes it forked. */
  readonly execId?: string;
  /**
   * Whether it is a zombie: it exited and its parent has not reaped it (see the container option `init`). The
   * daemon does not say: its ListPids carries the pids of the task's cgroup, which a process leaves when it exits.
   * `task.pids()` reads the states from this host's /proc, and adds the zombies (children of the task's
   * processes), when the daemon runs on this host and /proc shows its processes; absent when that cannot be known
   * (a remote daemon, a client in another pid namespace).
   */
  readonly zombie?: boolean;
}
