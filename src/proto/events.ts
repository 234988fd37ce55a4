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

/** A mount as the daemon reports it (TaskCreate's rootfs). */
export interface MountInfo {
  readonly type: string;
  readonly source: string;
  readonly target: string;
  readonly options: readonly string[];
}

/** The stdio paths of a task (TaskCreate's io). */
export interface TaskIOInfo {
  readonly stdin: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly terminal: boolean;
}

/** A task was created (`/tasks/create`): its init process exists, not yet started. */
export interface TaskCreate {
  readonly type: 'TaskCreate';
  readonly containerId: string;
  readonly bundle: string;
  readonly rootfs: readonly MountInfo[];
  readonly io: TaskIOInfo | undefined;
  readonly checkpoint: string;
  readonly pid: number;
}

/** A task's init process started (`/tasks/start`). */
export interface TaskStart {
  readonly type: 'TaskStart';
  readonly containerId: string;
  readonly pid: number;
}

/** A task or an exec was deleted (`/tasks/delete`), with its exit status. */
export interface TaskDelete {
  readonly type: 'TaskDelete';
  readonly containerId: string;
  readonly pid: number;
  readonly exitStatus: number;
  readonly exitedAt: Date | undefined;
  /** The exec id for an exec; empty (or the container id) for the init process. */
  readonly id: string;
}

/** A process exited (`/tasks/exit`): the init process or an exec, by `id`. See also the `exits()` operator. */
export interface TaskExit {
  readonly type: 'TaskExit';
  readonly containerId: string;
  /** The process id: the container id for init, else the exec id. */
  readonly id: string;
  readonly pid: number;
  readonly exitStatus: number;
  readonly exitedAt: Date | undefined;
}

/** A process of the container ran out of memory (`/tasks/oom`). */
export interface TaskOOM {
  readonly type: 'TaskOOM';
  readonly containerId: string;
}

/** An exec was created in a task (`/tasks/exec-added`). */
export interface TaskExecAdded {
  readonly type: 'TaskExecAdded';
  readonly containerId: string;
  readonly execId: string;
}

/** An exec started (`/tasks/exec-started`). */
export interface TaskExecStarted {
  readonly type: 'TaskExecStarted';
  readonly containerId: string;
  readonly execId: string;
  readonly pid: number;
}

/** A task was paused (`/tasks/paused`). */
export interface TaskPaused {
  readonly type: 'TaskPaused';
  readonly containerId: string;
}

/** A paused task was resumed (`/tasks/resumed`). */
export interface TaskResumed {
  readonly type: 'TaskResumed';
  readonly containerId: string;
}

/** A task was checkpointed (`/tasks/checkpointed`). */
export interface TaskCheckpointed {
  readonly type: 'TaskCheckpointed';
  readonly containerId: string;
  readonly checkpoint: string;
}

/** A container was created (`/containers/create`). */
export interface ContainerCreate {
  readonly type: 'ContainerCreate';
  readonly id: string;
  readonly image: string;
  readonly runtime: { readonly name: string } | undefined;
}

/** A container's metadata changed (`/containers/update`). */
export interface ContainerUpdate {
  readonly type: 'ContainerUpdate';
  readonly id: string;
  readonly image: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly snapshotKey: string;
}

/** A container was deleted (`/containers/delete`). */
export interface ContainerDelete {
  readonly type: 'ContainerDelete';
  readonly id: string;
}

/** An event whose type_url the registry does not know: kept as raw bytes. */
export interface UnknownEvent {
  readonly type: 'Unknown';
  readonly typeUrl: string;
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
export type ContainerdEvent = TaskEvent | ContainerEvent | UnknownEvent;

/** The name of a known event type, e.g. `'TaskExit'`. */
export type EventType = Exclude<ContainerdEvent['type'], 'Unknown'>;

/** One event as it comes off the daemon's stream. */
export interface Envelope<E extends ContainerdEvent = ContainerdEvent> {
  readonly timestamp: Date;
  readonly namespace: string;
  readonly topic: string;
  readonly event: E;
}

/** The topics the daemon publishes for tasks and containers. */
export const Topics = {
  TaskCreate: '/tasks/create',
  TaskStart: '/tasks/start',
  TaskDelete: '/tasks/delete',
  TaskExit: '/tasks/exit',
  TaskOOM: '/tasks/oom',
  TaskExecAdded: '/tasks/exec-added',
  TaskExecStarted: '/tasks/exec-started',
  TaskPaused: '/tasks/paused',
  TaskResumed: '/tasks/resumed',
  TaskCheckpointed: '/tasks/checkpointed',
  ContainerCreate: '/containers/create',
  ContainerUpdate: '/containers/update',
  ContainerDelete: '/containers/delete',
} as const satisfies Record<EventType, string>;
