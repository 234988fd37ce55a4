/**
 * The daemon's task and container events as typed values, and the envelope that carries them.
 *
 * Every event payload decodes to one member of {@link ContainerdEvent}, discriminated by `type`. A payload
 * whose type_url we do not know arrives as an {@link UnknownEvent}: a value, never an error.
 *
 * @example
 * ```ts
 * client.events$.subscribe(({ topic, event }) => {
 *   if (event.type === 'TaskExit') console.log(topic, event.containerId, event.exitStatus);
 * });
 * ```
 * @module
 */
import { ImageTopics, type ImageEvent } from './image-events.js';

export type * from './image-events.js';
export { ImageTopics } from './image-events.js';

/** A mount as the daemon reports it (TaskCreate's rootfs). */
export interface MountInfo {
  /** The filesystem type, e.g. `'overlay'`. */
  readonly type: string;
  /** What is mounted. */
  readonly source: string;
  /** Where (empty for a rootfs mount). */
  readonly target: string;
  /** Mount options. */
  readonly options: readonly string[];
}

/** The stdio paths of a task (TaskCreate's io). */
export interface TaskIOInfo {
  /** The stdin FIFO's path, or `''`. */
  readonly stdin: string;
  /** The stdout FIFO's path, or `''`. */
  readonly stdout: string;
  /** The stderr FIFO's path, or `''`. */
  readonly stderr: string;
  /** Whether the task has a terminal. */
  readonly terminal: boolean;
}

/** A task was created (`/tasks/create`): its init process exists, not yet started. */
export interface TaskCreate {
  /** The event's kind. */
  readonly type: 'TaskCreate';
  /** The task's container. */
  readonly containerId: string;
  /** The task's bundle directory on the host. */
  readonly bundle: string;
  /** The task's root filesystem mounts. */
  readonly rootfs: readonly MountInfo[];
  /** The task's stdio paths. */
  readonly io: TaskIOInfo | undefined;
  /** The checkpoint it was restored from, or `''`. */
  readonly checkpoint: string;
  /** The init process's host pid. */
  readonly pid: number;
}

/** A task's init process started (`/tasks/start`). */
export interface TaskStart {
  /** The event's kind. */
  readonly type: 'TaskStart';
  /** The task's container. */
  readonly containerId: string;
  /** The init process's host pid. */
  readonly pid: number;
}

/** A task or an exec was deleted (`/tasks/delete`), with its exit status. */
export interface TaskDelete {
  /** The event's kind. */
  readonly type: 'TaskDelete';
  /** The task's container. */
  readonly containerId: string;
  /** The deleted process's host pid. */
  readonly pid: number;
  /** Its exit status. */
  readonly exitStatus: number;
  /** When it exited; undefined for a process that never ran. */
  readonly exitedAt: Date | undefined;
  /** The exec id for an exec; empty (or the container id) for the init process. */
  readonly id: string;
}

/** A process exited (`/tasks/exit`): the init process or an exec, by `id`. See also the `exits()` operator. */
export interface TaskExit {
  /** The event's kind. */
  readonly type: 'TaskExit';
  /** The process's container. */
  readonly containerId: string;
  /** The process id: the container id for init, else the exec id. */
  readonly id: string;
  /** The process's host pid. */
  readonly pid: number;
  /** Its exit status (128 + N when signal N killed it). */
  readonly exitStatus: number;
  /** When it exited. */
  readonly exitedAt: Date | undefined;
}

/** A process of the container ran out of memory (`/tasks/oom`). */
export interface TaskOOM {
  /** The event's kind. */
  readonly type: 'TaskOOM';
  /** The container whose cgroup hit its memory limit. */
  readonly containerId: string;
}

/** An exec was created in a task (`/tasks/exec-added`). */
export interface TaskExecAdded {
  /** The event's kind. */
  readonly type: 'TaskExecAdded';
  /** The task's container. */
  readonly containerId: string;
  /** The exec's id. */
  readonly execId: string;
}

/** An exec started (`/tasks/exec-started`). */
export interface TaskExecStarted {
  /** The event's kind. */
  readonly type: 'TaskExecStarted';
  /** The task's container. */
  readonly containerId: string;
  /** The exec's id. */
  readonly execId: string;
  /** The exec's host pid. */
  readonly pid: number;
}

/** A task was paused (`/tasks/paused`). */
export interface TaskPaused {
  /** The event's kind. */
  readonly type: 'TaskPaused';
  /** The paused task's container. */
  readonly containerId: string;
}

/** A paused task was resumed (`/tasks/resumed`). */
export interface TaskResumed {
  /** The event's kind. */
  readonly type: 'TaskResumed';
  /** The resumed task's container. */
  readonly containerId: string;
}

/** A task was checkpointed (`/tasks/checkpointed`). */
export interface TaskCheckpointed {
  /** The event's kind. */
  readonly type: 'TaskCheckpointed';
  /** The task's container. */
  readonly containerId: string;
  /** The checkpoint's name. */
  readonly checkpoint: string;
}

/** A container was created (`/containers/create`). */
export interface ContainerCreate {
  /** The event's kind. */
  readonly type: 'ContainerCreate';
  /** The container's id. */
  readonly id: string;
  /** Its image, or `''`. */
  readonly image: string;
  /** Its runtime, e.g. `{ name: 'io.containerd.runc.v2' }`. */
  readonly runtime:
    | {
        /** The runtime's name, e.g. `'io.containerd.runc.v2'`. */
        readonly name: string;
      }
    | undefined;
}

/** A container's metadata changed (`/containers/update`). */
export interface ContainerUpdate {
  /** The event's kind. */
  readonly type: 'ContainerUpdate';
  /** The container's id. */
  readonly id: string;
  /** Its image, or `''`. */
  readonly image: string;
  /** Its labels after the update. */
  readonly labels: Readonly<Record<string, string>>;
  /** Its snapshot key. */
  readonly snapshotKey: string;
}

/** A container was deleted (`/containers/delete`). */
export interface ContainerDelete {
  /** The event's kind. */
  readonly type: 'ContainerDelete';
  /** The container's id. */
  readonly id: string;
}

/** An event whose type_url the registry does not know: kept as raw bytes. */
export interface UnknownEvent {
  /** The event's kind: a payload whose type we do not know. */
  readonly type: 'Unknown';
  /** The payload's type URL. */
  readonly typeUrl: string;
  /** The payload's bytes, undecoded. */
  readonly value: Uint8Array;
}

/** The events of tasks and their processes (topics under `/tasks/`). */
export type TaskEvent =
  | TaskCreate
  | TaskStart
  | TaskDelete
  | TaskExit
  | TaskOOM
  | TaskExecAdded
  | TaskExecStarted
  | TaskPaused
  | TaskResumed
  | TaskCheckpointed;

/** The events of containers (topics under `/containers/`). */
export type ContainerEvent = ContainerCreate | ContainerUpdate | ContainerDelete;

/** Every event the library decodes, plus {@link UnknownEvent}. */
export type ContainerdEvent = TaskEvent | ContainerEvent | ImageEvent | UnknownEvent;

/** The name of a known event type, e.g. `'TaskExit'`. */
export type EventType = Exclude<ContainerdEvent['type'], 'Unknown'>;

/** One event as it comes off the daemon's stream. */
export interface Envelope<E extends ContainerdEvent = ContainerdEvent> {
  /** When the daemon published the event. */
  readonly timestamp: Date;
  /** The namespace it happened in. */
  readonly namespace: string;
  /** Its topic, e.g. `'/tasks/exit'`. */
  readonly topic: string;
  /** The event, decoded. */
  readonly event: E;
}

/** The topics the daemon publishes for tasks and containers. */
export const Topics = {
  /** A task was created. */
  TaskCreate: '/tasks/create',
  /** A task's init process started. */
  TaskStart: '/tasks/start',
  /** A task or exec was deleted. */
  TaskDelete: '/tasks/delete',
  /** A task's process (init or exec) exited. */
  TaskExit: '/tasks/exit',
  /** A container hit its memory limit. */
  TaskOOM: '/tasks/oom',
  /** An exec was added to a task. */
  TaskExecAdded: '/tasks/exec-added',
  /** An exec started. */
  TaskExecStarted: '/tasks/exec-started',
  /** A task was paused. */
  TaskPaused: '/tasks/paused',
  /** A task was resumed. */
  TaskResumed: '/tasks/resumed',
  /** A task was checkpointed. */
  TaskCheckpointed: '/tasks/checkpointed',
  /** A container was created. */
  ContainerCreate: '/containers/create',
  /** A container was updated. */
  ContainerUpdate: '/containers/update',
  /** A container was deleted. */
  ContainerDelete: '/containers/delete',
  ...ImageTopics,
} as const satisfies Record<EventType, string>;
