/**
 * The wire messages as plain objects, in the shape protobufjs gives them: camelCase names, int64 as
 * number, bytes as Uint8Array, enums as their names, an absent sub-message as `null`.
 *
 * Requests mark optional what containerd does not require (absent is the proto3 default). Responses are
 * decoded with defaults, so every field is present.
 *
 * The build checks every interface here against the .proto files, field by field (messages-match.ts): a
 * misspelled, mistyped, missing or extra field fails `tsc`, naming the field.
 *
 * @example
 * ```ts
 * const req: KillRequest = { containerId: 'web', signal: 15 };
 * ```
 * @module
 */
import type { AnyMessage as Any, TaskMetric as Metric } from './answers.js';
import type { Timestamp } from './timestamp.js';

export type { Timestamp } from './timestamp.js';
export type { AnyMessage as Any, DaemonVersion as VersionResponse, RawEnvelope as EnvelopeMessage, TaskMetric as Metric } from './answers.js';

/** google.protobuf.Empty. */
export type Empty = Record<string, never>;

/** google.protobuf.FieldMask. */
export interface FieldMask {
  readonly paths: readonly string[];
}

/** Labels of a containerd object (image, blob, snapshot, lease, container): key to value. */
export type Labels = Readonly<Record<string, string>>;

// ---- containerd.types, containerd.v1.types ----

/** A mount as containerd describes one (a snapshot's, a task's rootfs): what `mount -t type -o options source target` does. */
export interface Mount {
  /** The filesystem type: `overlay`, `bind`, ... */
  readonly type: string;
  /** What is mounted: a device, a folder for a bind mount, `overlay` for an overlay. */
  readonly source: string;
  /** Where, relative to the mount's root; usually empty (the root itself). */
  readonly target: string;
  /** The mount options: `ro`, `rbind`, `lowerdir=…`, `upperdir=…`, `workdir=…`. */
  readonly options: readonly string[];
}

/** A mount to send: target and options may be left out. */
export interface MountInput {
  readonly type: string;
  readonly source: string;
  readonly target?: string;
  readonly options?: readonly string[];
}

/** containerd.v1.types.Status by name. */
export type Status = 'UNKNOWN' | 'CREATED' | 'RUNNING' | 'STOPPED' | 'PAUSED' | 'PAUSING';

/** An init process (`id` = container id) or an exec, as Tasks.Get and Tasks.List report it. */
export interface Process {
  readonly containerId: string;
  readonly id: string;
  readonly pid: number;
  readonly status: Status;
  readonly stdin: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly terminal: boolean;
  readonly exitStatus: number;
  /** Go's zero time while running: read it with toDate. */
  readonly exitedAt: Timestamp | null;
}

export interface ProcessInfo {
  readonly pid: number;
  readonly info: Any | null;
}

export interface EnvelopeInput {
  readonly timestamp?: Timestamp;
  readonly namespace: string;
  readonly topic: string;
  readonly event: Any;
}

// ---- containerd.services.version.v1 ----
// VersionResponse: DaemonVersion, in answers.ts

// ---- containerd.services.namespaces.v1 ----

export interface Namespace {
  readonly name: string;
  readonly labels: Labels;
}

export interface NamespaceInput {
  readonly name: string;
  readonly labels?: Labels;
}

export interface GetNamespaceRequest { readonly name: string }
export interface GetNamespaceResponse { readonly namespace: Namespace | null }
export interface ListNamespacesRequest { readonly filter?: string }
export interface ListNamespacesResponse { readonly namespaces: readonly Namespace[] }
export interface CreateNamespaceRequest { readonly namespace: NamespaceInput }
export interface CreateNamespaceResponse { readonly namespace: Namespace | null }
export interface UpdateNamespaceRequest {
  readonly namespace: NamespaceInput;
  readonly updateMask?: FieldMask;
}
export interface UpdateNamespaceResponse { readonly namespace: Namespace | null }
export interface DeleteNamespaceRequest { readonly name: string }

// ---- containerd.services.containers.v1 ----

export interface ContainerRuntime {
  readonly name: string;
  readonly options: Any | null;
}

export interface Container {
  readonly id: string;
  readonly labels: Labels;
  readonly image: string;
  readonly runtime: ContainerRuntime | null;
  readonly spec: Any | null;
  readonly snapshotter: string;
  readonly snapshotKey: string;
  readonly createdAt: Timestamp | null;
  readonly updatedAt: Timestamp | null;
  readonly extensions: Readonly<Record<string, Any>>;
}

/** A container to create or update: the id, and whatever else is set. */
export interface ContainerInput {
  readonly id: string;
  readonly labels?: Labels;
  readonly image?: string;
  readonly runtime?: { readonly name: string; readonly options?: Any };
  readonly spec?: Any;
  readonly snapshotter?: string;
  readonly snapshotKey?: string;
  readonly extensions?: Readonly<Record<string, Any>>;
}

export interface GetContainerRequest { readonly id: string }
export interface GetContainerResponse { readonly container: Container | null }
export interface ListContainersRequest { readonly filters?: readonly string[] }
export interface ListContainersResponse { readonly containers: readonly Container[] }
export interface CreateContainerRequest { readonly container: ContainerInput }
export interface CreateContainerResponse { readonly container: Container | null }
export interface UpdateContainerRequest {
  readonly container: ContainerInput;
  readonly updateMask?: FieldMask;
}
export interface UpdateContainerResponse { readonly container: Container | null }
export interface DeleteContainerRequest { readonly id: string }

// ---- containerd.services.tasks.v1 ----

export interface CreateTaskRequest {
  readonly containerId: string;
  readonly rootfs?: readonly MountInput[];
  readonly stdin?: string;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly terminal?: boolean;
  readonly options?: Any;
}
export interface CreateTaskResponse {
  readonly containerId: string;
  readonly pid: number;
}

/** No execId: the init process. */
export interface StartRequest {
  readonly containerId: string;
  readonly execId?: string;
}
export interface StartResponse { readonly pid: number }

export interface DeleteTaskRequest { readonly containerId: string }
export interface DeleteProcessRequest {
  readonly containerId: string;
  readonly execId: string;
}
export interface DeleteResponse {
  readonly id: string;
  readonly pid: number;
  readonly exitStatus: number;
  readonly exitedAt: Timestamp | null;
}

export interface GetRequest {
  readonly containerId: string;
  readonly execId?: string;
}
export interface GetResponse { readonly process: Process | null }

export interface ListTasksRequest { readonly filter?: string }
export interface ListTasksResponse { readonly tasks: readonly Process[] }

export interface KillRequest {
  readonly containerId: string;
  readonly execId?: string;
  readonly signal: number;
  readonly all?: boolean;
}

/** spec is required in practice: without it the shim crashes (see CONTAINERD-FACTS.md). */
export interface ExecProcessRequest {
  readonly containerId: string;
  readonly execId: string;
  readonly spec: Any;
  readonly stdin?: string;
  readonly stdout?: string;
  readonly stderr?: string;
  readonly terminal?: boolean;
}

export interface ResizePtyRequest {
  readonly containerId: string;
  readonly execId?: string;
  readonly width: number;
  readonly height: number;
}

export interface CloseIORequest {
  readonly containerId: string;
  readonly execId?: string;
  readonly stdin?: boolean;
}

export interface PauseTaskRequest { readonly containerId: string }
export interface ResumeTaskRequest { readonly containerId: string }
export interface ListPidsRequest { readonly containerId: string }
export interface ListPidsResponse { readonly processes: readonly ProcessInfo[] }

export interface UpdateTaskRequest {
  readonly containerId: string;
  readonly resources?: Any;
  readonly annotations?: Labels;
}

export interface MetricsRequest { readonly filters?: readonly string[] }
export interface MetricsResponse { readonly metrics: readonly Metric[] }

export interface WaitRequest {
  readonly containerId: string;
  readonly execId?: string;
}
export interface WaitResponse {
  readonly exitStatus: number;
  readonly exitedAt: Timestamp | null;
}

// ---- containerd.services.events.v1 ----

export interface PublishRequest {
  readonly topic: string;
  readonly event: Any;
}
export interface ForwardRequest { readonly envelope: EnvelopeInput }
/** Filters are ORed; always include `namespace==NS` (Subscribe spans every namespace otherwise). */
export interface SubscribeRequest { readonly filters?: readonly string[] }

// ---- containerd.events (event payloads inside an Envelope's Any) ----

export interface TaskIOMessage {
  readonly stdin: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly terminal: boolean;
}
export interface TaskCreateMessage {
  readonly containerId: string;
  readonly bundle: string;
  readonly rootfs: readonly Mount[];
  readonly io: TaskIOMessage | null;
  readonly checkpoint: string;
  readonly pid: number;
}
export interface TaskStartMessage {
  readonly containerId: string;
  readonly pid: number;
}
export interface TaskDeleteMessage {
  readonly containerId: string;
  readonly pid: number;
  readonly exitStatus: number;
  readonly exitedAt: Timestamp | null;
  readonly id: string;
}
export interface TaskExitMessage {
  readonly containerId: string;
  readonly id: string;
  readonly pid: number;
  readonly exitStatus: number;
  readonly exitedAt: Timestamp | null;
}
export interface TaskOOMMessage { readonly containerId: string }
export interface TaskExecAddedMessage {
  readonly containerId: string;
  readonly execId: string;
}
export interface TaskExecStartedMessage {
  readonly containerId: string;
  readonly execId: string;
  readonly pid: number;
}
export interface TaskPausedMessage { readonly containerId: string }
export interface TaskResumedMessage { readonly containerId: string }
export interface TaskCheckpointedMessage {
  readonly containerId: string;
  readonly checkpoint: string;
}
export interface ContainerCreateMessage {
  readonly id: string;
  readonly image: string;
  readonly runtime: ContainerRuntime | null;
}
export interface ContainerUpdateMessage {
  readonly id: string;
  readonly image: string;
  readonly labels: Labels;
  readonly snapshotKey: string;
}
export interface ContainerDeleteMessage { readonly id: string }
