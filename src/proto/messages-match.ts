/**
 * The build's check that messages.ts and services.ts say what our .proto files say. Each message of the .proto
 * files is listed with the interfaces that stand for it, each service with its table of method descriptors; the
 * two types at the end fail to compile, naming the field, when a name or type differs, when a message, field or
 * method is on one side only. The declarations compared with are generated (scripts/wire-types.mjs), and a spec
 * fails when they are stale against the .proto files.
 *
 * Nothing here runs: the module holds types only.
 * @module
 */
import type * as M from './messages.js';
import type * as I from './image-messages.js';
import type * as C1 from './cgroup-v1-messages.js';
import type * as C2 from './cgroup-v2-messages.js';
import type {
  Containers, Content, Diff, Events, Images, Introspection, Leases, Method, Namespaces, Snapshots, Tasks, Version,
} from './services.js';
import type { EnumName, EnumNames, MessageAt, MessageName, Problems, ServiceAt, ServiceName } from './wire-match.js';

/**
 * An interface that leaves out the fields at the paths `Left` of its message (e.g. `'container.createdAt'`): what
 * a caller cannot set.
 */
interface Leaving<H, Left extends string> {
  readonly shape: H;
  readonly leaves: Left;
}

/** The fields of a container that containerd sets, under the path `Under`. */
type ServerSet<Under extends string> = `${Under}${'createdAt' | 'updatedAt'}`;

/** The fields of a snapshot's info that the snapshotter sets, under the path `Under`. */
type SnapshotServerSet<Under extends string> = `${Under}${'createdAt' | 'updatedAt' | 'parent' | 'kind'}`;

/** Each message of the .proto files, and the interfaces of messages.ts that stand for it. */
interface Messages {
  'google.protobuf.Any': [M.Any];
  'google.protobuf.Empty': [M.Empty];
  'google.protobuf.FieldMask': [M.FieldMask];
  'google.protobuf.Timestamp': [M.Timestamp];

  'containerd.types.Mount': [M.Mount, M.MountInput];
  'containerd.types.Metric': [M.Metric];
  'containerd.types.Envelope': [M.EnvelopeMessage, M.EnvelopeInput];
  'containerd.v1.types.Process': [M.Process];
  'containerd.v1.types.ProcessInfo': [M.ProcessInfo];

  'containerd.services.version.v1.VersionResponse': [M.VersionResponse];

  'containerd.services.namespaces.v1.Namespace': [M.Namespace, M.NamespaceInput];
  'containerd.services.namespaces.v1.GetNamespaceRequest': [M.GetNamespaceRequest];
  'containerd.services.namespaces.v1.GetNamespaceResponse': [M.GetNamespaceResponse];
  'containerd.services.namespaces.v1.ListNamespacesRequest': [M.ListNamespacesRequest];
  'containerd.services.namespaces.v1.ListNamespacesResponse': [M.ListNamespacesResponse];
  'containerd.services.namespaces.v1.CreateNamespaceRequest': [M.CreateNamespaceRequest];
  'containerd.services.namespaces.v1.CreateNamespaceResponse': [M.CreateNamespaceResponse];
  'containerd.services.namespaces.v1.UpdateNamespaceRequest': [M.UpdateNamespaceRequest];
  'containerd.services.namespaces.v1.UpdateNamespaceResponse': [M.UpdateNamespaceResponse];
  'containerd.services.namespaces.v1.DeleteNamespaceRequest': [M.DeleteNamespaceRequest];

  'containerd.services.containers.v1.Container': [M.Container, Leaving<M.ContainerInput, ServerSet<''>>];
  'containerd.services.containers.v1.Container.Runtime': [M.ContainerRuntime];
  'containerd.services.containers.v1.GetContainerRequest': [M.GetContainerRequest];
  'containerd.services.containers.v1.GetContainerResponse': [M.GetContainerResponse];
  'containerd.services.containers.v1.ListContainersRequest': [M.ListContainersRequest];
  'containerd.services.containers.v1.ListContainersResponse': [M.ListContainersResponse];
  'containerd.services.containers.v1.CreateContainerRequest': [Leaving<M.CreateContainerRequest, ServerSet<'container.'>>];
  'containerd.services.containers.v1.CreateContainerResponse': [M.CreateContainerResponse];
  'containerd.services.containers.v1.UpdateContainerRequest': [Leaving<M.UpdateContainerRequest, ServerSet<'container.'>>];
  'containerd.services.containers.v1.UpdateContainerResponse': [M.UpdateContainerResponse];
  'containerd.services.containers.v1.DeleteContainerRequest': [M.DeleteContainerRequest];

  'containerd.services.tasks.v1.CreateTaskRequest': [M.CreateTaskRequest];
  'containerd.services.tasks.v1.CreateTaskResponse': [M.CreateTaskResponse];
  'containerd.services.tasks.v1.StartRequest': [M.StartRequest];
  'containerd.services.tasks.v1.StartResponse': [M.StartResponse];
  'containerd.services.tasks.v1.DeleteTaskRequest': [M.DeleteTaskRequest];
  'containerd.services.tasks.v1.DeleteProcessRequest': [M.DeleteProcessRequest];
  'containerd.services.tasks.v1.DeleteResponse': [M.DeleteResponse];
  'containerd.services.tasks.v1.GetRequest': [M.GetRequest];
  'containerd.services.tasks.v1.GetResponse': [M.GetResponse];
  'containerd.services.tasks.v1.ListTasksRequest': [M.ListTasksRequest];
  'containerd.services.tasks.v1.ListTasksResponse': [M.ListTasksResponse];
  'containerd.services.tasks.v1.KillRequest': [M.KillRequest];
  'containerd.services.tasks.v1.ExecProcessRequest': [M.ExecProcessRequest];
  'containerd.services.tasks.v1.ResizePtyRequest': [M.ResizePtyRequest];
  'containerd.services.tasks.v1.CloseIORequest': [M.CloseIORequest];
  'containerd.services.tasks.v1.PauseTaskRequest': [M.PauseTaskRequest];
  'containerd.services.tasks.v1.ResumeTaskRequest': [M.ResumeTaskRequest];
  'containerd.services.tasks.v1.ListPidsRequest': [M.ListPidsRequest];
  'containerd.services.tasks.v1.ListPidsResponse': [M.ListPidsResponse];
  'containerd.services.tasks.v1.UpdateTaskRequest': [M.UpdateTaskRequest];
  'containerd.services.tasks.v1.MetricsRequest': [M.MetricsRequest];
  'containerd.services.tasks.v1.MetricsResponse': [M.MetricsResponse];
  'containerd.services.tasks.v1.WaitRequest': [M.WaitRequest];
  'containerd.services.tasks.v1.WaitResponse': [M.WaitResponse];

  'containerd.services.events.v1.PublishRequest': [M.PublishRequest];
  'containerd.services.events.v1.ForwardRequest': [M.ForwardRequest];
  'containerd.services.events.v1.SubscribeRequest': [M.SubscribeRequest];

  'containerd.events.TaskIO': [M.TaskIOMessage];
  'containerd.events.TaskCreate': [M.TaskCreateMessage];
  'containerd.events.TaskStart': [M.TaskStartMessage];
  'containerd.events.TaskDelete': [M.TaskDeleteMessage];
  'containerd.events.TaskExit': [M.TaskExitMessage];
  'containerd.events.TaskOOM': [M.TaskOOMMessage];
  'containerd.events.TaskExecAdded': [M.TaskExecAddedMessage];
  'containerd.events.TaskExecStarted': [M.TaskExecStartedMessage];
  'containerd.events.TaskPaused': [M.TaskPausedMessage];
  'containerd.events.TaskResumed': [M.TaskResumedMessage];
  'containerd.events.TaskCheckpointed': [M.TaskCheckpointedMessage];
  'containerd.events.ContainerCreate': [M.ContainerCreateMessage];
  'containerd.events.ContainerCreate.Runtime': [M.ContainerRuntime];
  'containerd.events.ContainerUpdate': [M.ContainerUpdateMessage];
  'containerd.events.ContainerDelete': [M.ContainerDeleteMessage];

  'containerd.types.Descriptor': [I.DescriptorMessage, I.DescriptorInput];
  'containerd.types.Platform': [I.PlatformMessage];
  'google.rpc.Status': [I.RpcStatus];

  'containerd.services.content.v1.Info': [I.ContentInfoMessage, Leaving<I.ContentInfoInput, ServerSet<''>>];
  'containerd.services.content.v1.InfoRequest': [I.ContentInfoRequest];
  'containerd.services.content.v1.InfoResponse': [I.ContentInfoResponse];
  'containerd.services.content.v1.UpdateRequest': [Leaving<I.ContentUpdateRequest, ServerSet<'info.'>>];
  'containerd.services.content.v1.UpdateResponse': [I.ContentUpdateResponse];
  'containerd.services.content.v1.ListContentRequest': [I.ListContentRequest];
  'containerd.services.content.v1.ListContentResponse': [I.ListContentResponse];
  'containerd.services.content.v1.DeleteContentRequest': [I.DeleteContentRequest];
  'containerd.services.content.v1.ReadContentRequest': [I.ReadContentRequest];
  'containerd.services.content.v1.ReadContentResponse': [I.ReadContentResponse];
  'containerd.services.content.v1.Status': [I.ContentStatusMessage];
  'containerd.services.content.v1.StatusRequest': [I.ContentStatusRequest];
  'containerd.services.content.v1.StatusResponse': [I.ContentStatusResponse];
  'containerd.services.content.v1.ListStatusesRequest': [I.ListStatusesRequest];
  'containerd.services.content.v1.ListStatusesResponse': [I.ListStatusesResponse];
  'containerd.services.content.v1.WriteContentRequest': [I.WriteContentRequest];
  'containerd.services.content.v1.WriteContentResponse': [I.WriteContentResponse];
  'containerd.services.content.v1.AbortRequest': [I.AbortContentRequest];

  'containerd.services.images.v1.Image': [I.ImageMessage, Leaving<I.ImageInput, ServerSet<''>>];
  'containerd.services.images.v1.GetImageRequest': [I.GetImageRequest];
  'containerd.services.images.v1.GetImageResponse': [I.GetImageResponse];
  'containerd.services.images.v1.ListImagesRequest': [I.ListImagesRequest];
  'containerd.services.images.v1.ListImagesResponse': [I.ListImagesResponse];
  'containerd.services.images.v1.CreateImageRequest': [Leaving<I.CreateImageRequest, ServerSet<'image.'>>];
  'containerd.services.images.v1.CreateImageResponse': [I.CreateImageResponse];
  'containerd.services.images.v1.UpdateImageRequest': [Leaving<I.UpdateImageRequest, ServerSet<'image.'>>];
  'containerd.services.images.v1.UpdateImageResponse': [I.UpdateImageResponse];
  'containerd.services.images.v1.DeleteImageRequest': [I.DeleteImageRequest];
  'containerd.services.images.v1.ImageCreate': [I.ImageCreateMessage];
  'containerd.services.images.v1.ImageUpdate': [I.ImageUpdateMessage];
  'containerd.services.images.v1.ImageDelete': [I.ImageDeleteMessage];

  'containerd.services.snapshots.v1.Info': [I.SnapshotInfoMessage, Leaving<I.SnapshotInfoInput, SnapshotServerSet<''>>];
  'containerd.services.snapshots.v1.PrepareSnapshotRequest': [I.PrepareSnapshotRequest];
  'containerd.services.snapshots.v1.PrepareSnapshotResponse': [I.PrepareSnapshotResponse];
  'containerd.services.snapshots.v1.ViewSnapshotRequest': [I.ViewSnapshotRequest];
  'containerd.services.snapshots.v1.ViewSnapshotResponse': [I.ViewSnapshotResponse];
  'containerd.services.snapshots.v1.MountsRequest': [I.MountsRequest];
  'containerd.services.snapshots.v1.MountsResponse': [I.MountsResponse];
  'containerd.services.snapshots.v1.RemoveSnapshotRequest': [I.RemoveSnapshotRequest];
  'containerd.services.snapshots.v1.CommitSnapshotRequest': [I.CommitSnapshotRequest];
  'containerd.services.snapshots.v1.StatSnapshotRequest': [I.StatSnapshotRequest];
  'containerd.services.snapshots.v1.StatSnapshotResponse': [I.StatSnapshotResponse];
  'containerd.services.snapshots.v1.UpdateSnapshotRequest': [Leaving<I.UpdateSnapshotRequest, SnapshotServerSet<'info.'>>];
  'containerd.services.snapshots.v1.UpdateSnapshotResponse': [I.UpdateSnapshotResponse];
  'containerd.services.snapshots.v1.ListSnapshotsRequest': [I.ListSnapshotsRequest];
  'containerd.services.snapshots.v1.ListSnapshotsResponse': [I.ListSnapshotsResponse];
  'containerd.services.snapshots.v1.UsageRequest': [I.UsageRequest];
  'containerd.services.snapshots.v1.UsageResponse': [I.UsageResponse];
  'containerd.services.snapshots.v1.CleanupRequest': [I.CleanupRequest];

  'containerd.services.diff.v1.ApplyRequest': [I.ApplyRequest];
  'containerd.services.diff.v1.ApplyResponse': [I.ApplyResponse];
  'containerd.services.diff.v1.DiffRequest': [I.DiffRequest];
  'containerd.services.diff.v1.DiffResponse': [I.DiffResponse];

  'containerd.services.leases.v1.Lease': [I.LeaseMessage];
  'containerd.services.leases.v1.CreateRequest': [I.CreateLeaseRequest];
  'containerd.services.leases.v1.CreateResponse': [I.CreateLeaseResponse];
  'containerd.services.leases.v1.DeleteRequest': [I.DeleteLeaseRequest];
  'containerd.services.leases.v1.ListRequest': [I.ListLeasesRequest];
  'containerd.services.leases.v1.ListResponse': [I.ListLeasesResponse];
  'containerd.services.leases.v1.Resource': [I.LeaseResource];
  'containerd.services.leases.v1.AddResourceRequest': [I.LeaseResourceRequest];
  'containerd.services.leases.v1.DeleteResourceRequest': [I.LeaseResourceRequest];
  'containerd.services.leases.v1.ListResourcesRequest': [I.ListResourcesRequest];
  'containerd.services.leases.v1.ListResourcesResponse': [I.ListResourcesResponse];

  'containerd.services.introspection.v1.Plugin': [I.PluginMessage];
  'containerd.services.introspection.v1.PluginsRequest': [I.PluginsRequest];
  'containerd.services.introspection.v1.PluginsResponse': [I.PluginsResponse];
  'containerd.services.introspection.v1.ServerResponse': [I.ServerResponse];

  'containerd.events.ContentDelete': [I.ContentDeleteMessage];
  'containerd.events.ContentCreate': [I.ContentCreateMessage];
  'containerd.events.SnapshotPrepare': [I.SnapshotPrepareMessage];
  'containerd.events.SnapshotCommit': [I.SnapshotCommitMessage];
  'containerd.events.SnapshotRemove': [I.SnapshotRemoveMessage];
  'io.containerd.cgroups.v1.Metrics': [C1.CgroupV1Metrics];
  'io.containerd.cgroups.v1.HugetlbStat': [C1.CgroupV1HugetlbStat];
  'io.containerd.cgroups.v1.PidsStat': [C1.CgroupPidsStat];
  'io.containerd.cgroups.v1.CPUStat': [C1.CgroupV1CpuStat];
  'io.containerd.cgroups.v1.CPUUsage': [C1.CgroupV1CpuUsage];
  'io.containerd.cgroups.v1.Throttle': [C1.CgroupV1Throttle];
  'io.containerd.cgroups.v1.MemoryStat': [C1.CgroupV1MemoryStat];
  'io.containerd.cgroups.v1.MemoryEntry': [C1.CgroupV1MemoryEntry];
  'io.containerd.cgroups.v1.MemoryOomControl': [C1.CgroupV1MemoryOomControl];
  'io.containerd.cgroups.v1.BlkIOStat': [C1.CgroupV1BlkioStat];
  'io.containerd.cgroups.v1.BlkIOEntry': [C1.CgroupV1BlkioEntry];
  'io.containerd.cgroups.v1.RdmaStat': [C1.CgroupRdmaStat];
  'io.containerd.cgroups.v1.RdmaEntry': [C1.CgroupRdmaEntry];
  'io.containerd.cgroups.v1.NetworkStat': [C1.CgroupV1NetworkStat];
  'io.containerd.cgroups.v1.CgroupStats': [C1.CgroupV1CgroupStats];

  'io.containerd.cgroups.v2.Metrics': [C2.CgroupV2Metrics];
  'io.containerd.cgroups.v2.PidsStat': [C1.CgroupPidsStat];
  'io.containerd.cgroups.v2.CPUStat': [C2.CgroupV2CpuStat];
  'io.containerd.cgroups.v2.MemoryStat': [C2.CgroupV2MemoryStat];
  'io.containerd.cgroups.v2.MemoryEvents': [C2.CgroupV2MemoryEvents];
  'io.containerd.cgroups.v2.RdmaStat': [C1.CgroupRdmaStat];
  'io.containerd.cgroups.v2.RdmaEntry': [C1.CgroupRdmaEntry];
  'io.containerd.cgroups.v2.IOStat': [C2.CgroupV2IoStat];
  'io.containerd.cgroups.v2.IOEntry': [C2.CgroupV2IoEntry];
  'io.containerd.cgroups.v2.HugeTlbStat': [C2.CgroupV2HugetlbStat];
}

/** Each enum of the .proto files, and the union of names that stands for it. */
interface Enums {
  'containerd.v1.types.Status': M.Status;
  'containerd.services.content.v1.WriteAction': I.WriteAction;
  'containerd.services.snapshots.v1.Kind': I.SnapshotKind;
}

/** Each service of the .proto files, and its table of method descriptors in services.ts. */
interface Services {
  'containerd.services.version.v1.Version': typeof Version;
  'containerd.services.namespaces.v1.Namespaces': typeof Namespaces;
  'containerd.services.containers.v1.Containers': typeof Containers;
  'containerd.services.tasks.v1.Tasks': typeof Tasks;
  'containerd.services.events.v1.Events': typeof Events;
  'containerd.services.content.v1.Content': typeof Content;
  'containerd.services.images.v1.Images': typeof Images;
  'containerd.services.snapshots.v1.Snapshots': typeof Snapshots;
  'containerd.services.diff.v1.Diff': typeof Diff;
  'containerd.services.leases.v1.Leases': typeof Leases;
  'containerd.services.introspection.v1.Introspection': typeof Introspection;
}

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

type MissingHere<Path extends string> = `${Path}: in the .proto, missing here`;

type ShapeProblems<N extends string, S> = S extends Leaving<infer H, infer Left>
  ? Exclude<Problems<H, MessageAt<N>, N>, MissingHere<`${N}.${Left}`>>
  : Problems<S, MessageAt<N>, N>;

type MessageProblems = {
  [N in keyof Messages]: { [I in keyof Messages[N]]: ShapeProblems<N, Messages[N][I]> }[number];
}[keyof Messages];

type EnumProblems = {
  [N in keyof Enums]: Same<Enums[N], EnumNames<N>> extends true ? never : `${N}: not the names of the .proto's enum`;
}[keyof Enums];

type FieldNames<Path extends string, Here extends string, There extends string> =
  | `${Path}.${Exclude<Here, There>}: not in the .proto`
  | `${Path}.${Exclude<There, Here>}: in the .proto, missing here`;

/**
 * What differs between a table of descriptors and the generated service, method by method: the methods, and the
 * field names of each request and response, so that each method is paired with the interfaces of its own
 * messages. (The fields' types are checked once, in the table of messages.)
 */
/** The field names of a message; none for `Record<string, never>` (google.protobuf.Empty). */
type Keys<T> = string extends keyof T ? never : keyof T & string;

type TableProblems<N extends string, Table, Generated = ServiceAt<N>> = {
  [K in (keyof Table | keyof Generated) & string]-?: K extends keyof Generated
    ? K extends keyof Table
      ? Table[K] extends Method<infer Req, infer Res>
        ? Generated[K] extends (request: infer GReq) => Promise<infer GRes>
          ? FieldNames<`${N}.${K} request`, Keys<Req>, Keys<GReq>> | FieldNames<`${N}.${K} response`, Keys<Res>, Keys<GRes>>
          : `${N}.${K}: not a method in the .proto`
        : `${N}.${K}: not a method descriptor`
      : `${N}.${K}: in the .proto, missing in services.ts`
    : `${N}.${K}: not in the .proto`;
}[(keyof Table | keyof Generated) & string];

type ServiceProblems = { [N in keyof Services]: TableProblems<N, Services[N]> }[keyof Services];

type Coverage =
  | `${Exclude<MessageName, keyof Messages>}: a message of the .proto files without an interface here`
  | `${Exclude<keyof Messages, MessageName>}: not a message of the .proto files`
  | `${Exclude<EnumName, keyof Enums>}: an enum of the .proto files without a type here`
  | `${Exclude<ServiceName, keyof Services>}: a service of the .proto files without a table here`
  | `${Exclude<keyof Services, ServiceName>}: not a service of the .proto files`;

/** `'match'` when there is no problem; otherwise the problems, which the compiler prints. */
type Verdict<P extends string> = [P] extends [never] ? 'match' : { readonly [Problem in P]: 'fix it' };

/** Compiles only when `V` is the verdict of no problem. */
type Checked<V extends 'match'> = V;

/** The interfaces and descriptor tables say what the .proto files say, field by field. */
export type WireTypesMatch = Checked<Verdict<MessageProblems | EnumProblems | ServiceProblems>>;
/** Every message, enum and service of the .proto files has its interface, type or table here, and no more. */
export type WireTypesCovered = Checked<Verdict<Coverage>>;
