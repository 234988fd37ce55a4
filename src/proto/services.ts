/**
 * One descriptor per RPC method: its gRPC path and typed codecs, read from the reflected services of our
 * .proto files. The client layer drives grpc-js with them:
 *
 * @example
 * ```ts
 * const m = Tasks.kill;
 * client.makeUnaryRequest(m.path, (r: KillRequest) => m.request.encode(r), (b: Buffer) => m.response.decode(b),
 *   { containerId: 'web', signal: 9 }, metadata, callback);
 * ```
 * @module
 */
import { codec, type Codec } from './codec.js';
import { lookupService } from './root.js';
import type * as M from './messages.js';
import type * as I from './image-messages.js';

/** An RPC method of a containerd service. */
export interface Method<Req, Res> {
  /** The gRPC path, e.g. `'/containerd.services.tasks.v1.Tasks/Create'`. */
  readonly path: string;
  /** The method's name, e.g. `'Create'`. */
  readonly name: string;
  /** The service's full name, e.g. `'containerd.services.tasks.v1.Tasks'`. */
  readonly service: string;
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly request: Codec<Req>;
  readonly response: Codec<Res>;
}

/** What a method's descriptor needs from the reflected service: read at the descriptor's first use. */
interface Resolved {
  readonly requestStream: boolean;
  readonly responseStream: boolean;
  readonly request: string;
  readonly response: string;
}

function resolve(service: string, name: string): Resolved {
  const m = lookupService(service).methods[name];
  if (m === undefined) throw new Error(`rx-containerd: no method ${service}/${name} in the .proto files`);
  m.resolve();
  const req = m.resolvedRequestType;
  const res = m.resolvedResponseType;
  if (req === null || res === null) throw new Error(`rx-containerd: ${service}/${name} has unresolved types`);
  return {
    requestStream: m.requestStream === true,
    responseStream: m.responseStream === true,
    request: req.fullName.replace(/^\./, ''),
    response: res.fullName.replace(/^\./, ''),
  };
}

/**
 * The descriptor of `service`/`name`. Building it reads nothing: the .proto files are read when one of
 * `requestStream`, `responseStream`, `request` or `response` is first read, which throws if the files cannot
 * be loaded or lack the method. `Req` and `Res` are the plain-object shapes of messages.ts, which the build
 * checks against the .proto files.
 * @example
 * ```ts
 * const wait = method<M.WaitRequest, M.WaitResponse>('containerd.services.tasks.v1.Tasks', 'Wait');
 * ```
 */
export function method<Req extends object, Res extends object>(service: string, name: string): Method<Req, Res> {
  let resolved: Resolved | undefined;
  const get = (): Resolved => (resolved ??= resolve(service, name));
  return {
    path: `/${service}/${name}`,
    name,
    service,
    get requestStream() { return get().requestStream; },
    get responseStream() { return get().responseStream; },
    get request() { return codec<Req>(get().request); },
    get response() { return codec<Res>(get().response); },
  };
}

const VERSION = 'containerd.services.version.v1.Version';
const NAMESPACES = 'containerd.services.namespaces.v1.Namespaces';
const CONTAINERS = 'containerd.services.containers.v1.Containers';
const TASKS = 'containerd.services.tasks.v1.Tasks';
const EVENTS = 'containerd.services.events.v1.Events';

/** containerd.services.version.v1.Version: the one call that needs no namespace. */
export const Version = {
  version: method<M.Empty, M.VersionResponse>(VERSION, 'Version'),
} as const;

/** containerd.services.namespaces.v1.Namespaces. */
export const Namespaces = {
  get: method<M.GetNamespaceRequest, M.GetNamespaceResponse>(NAMESPACES, 'Get'),
  list: method<M.ListNamespacesRequest, M.ListNamespacesResponse>(NAMESPACES, 'List'),
  create: method<M.CreateNamespaceRequest, M.CreateNamespaceResponse>(NAMESPACES, 'Create'),
  update: method<M.UpdateNamespaceRequest, M.UpdateNamespaceResponse>(NAMESPACES, 'Update'),
  delete: method<M.DeleteNamespaceRequest, M.Empty>(NAMESPACES, 'Delete'),
} as const;

/** containerd.services.containers.v1.Containers. */
export const Containers = {
  get: method<M.GetContainerRequest, M.GetContainerResponse>(CONTAINERS, 'Get'),
  list: method<M.ListContainersRequest, M.ListContainersResponse>(CONTAINERS, 'List'),
  create: method<M.CreateContainerRequest, M.CreateContainerResponse>(CONTAINERS, 'Create'),
  update: method<M.UpdateContainerRequest, M.UpdateContainerResponse>(CONTAINERS, 'Update'),
  delete: method<M.DeleteContainerRequest, M.Empty>(CONTAINERS, 'Delete'),
} as const;

/** containerd.services.tasks.v1.Tasks. */
export const Tasks = {
  create: method<M.CreateTaskRequest, M.CreateTaskResponse>(TASKS, 'Create'),
  start: method<M.StartRequest, M.StartResponse>(TASKS, 'Start'),
  delete: method<M.DeleteTaskRequest, M.DeleteResponse>(TASKS, 'Delete'),
  deleteProcess: method<M.DeleteProcessRequest, M.DeleteResponse>(TASKS, 'DeleteProcess'),
  get: method<M.GetRequest, M.GetResponse>(TASKS, 'Get'),
  list: method<M.ListTasksRequest, M.ListTasksResponse>(TASKS, 'List'),
  kill: method<M.KillRequest, M.Empty>(TASKS, 'Kill'),
  exec: method<M.ExecProcessRequest, M.Empty>(TASKS, 'Exec'),
  resizePty: method<M.ResizePtyRequest, M.Empty>(TASKS, 'ResizePty'),
  closeIO: method<M.CloseIORequest, M.Empty>(TASKS, 'CloseIO'),
  pause: method<M.PauseTaskRequest, M.Empty>(TASKS, 'Pause'),
  resume: method<M.ResumeTaskRequest, M.Empty>(TASKS, 'Resume'),
  listPids: method<M.ListPidsRequest, M.ListPidsResponse>(TASKS, 'ListPids'),
  update: method<M.UpdateTaskRequest, M.Empty>(TASKS, 'Update'),
  metrics: method<M.MetricsRequest, M.MetricsResponse>(TASKS, 'Metrics'),
  wait: method<M.WaitRequest, M.WaitResponse>(TASKS, 'Wait'),
} as const;

/** containerd.services.events.v1.Events; `subscribe` streams raw envelopes (see any.ts toEnvelope). */
export const Events = {
  publish: method<M.PublishRequest, M.Empty>(EVENTS, 'Publish'),
  forward: method<M.ForwardRequest, M.Empty>(EVENTS, 'Forward'),
  subscribe: method<M.SubscribeRequest, M.EnvelopeMessage>(EVENTS, 'Subscribe'),
} as const;

const CONTENT = 'containerd.services.content.v1.Content';
const IMAGES = 'containerd.services.images.v1.Images';
const SNAPSHOTS = 'containerd.services.snapshots.v1.Snapshots';
const DIFF = 'containerd.services.diff.v1.Diff';
const LEASES = 'containerd.services.leases.v1.Leases';
const INTROSPECTION = 'containerd.services.introspection.v1.Introspection';

/** containerd.services.content.v1.Content: blobs by digest. `read` and `list` stream; `write` is bidirectional. */
export const Content = {
  info: method<I.ContentInfoRequest, I.ContentInfoResponse>(CONTENT, 'Info'),
  update: method<I.ContentUpdateRequest, I.ContentUpdateResponse>(CONTENT, 'Update'),
  list: method<I.ListContentRequest, I.ListContentResponse>(CONTENT, 'List'),
  delete: method<I.DeleteContentRequest, M.Empty>(CONTENT, 'Delete'),
  read: method<I.ReadContentRequest, I.ReadContentResponse>(CONTENT, 'Read'),
  status: method<I.ContentStatusRequest, I.ContentStatusResponse>(CONTENT, 'Status'),
  listStatuses: method<I.ListStatusesRequest, I.ListStatusesResponse>(CONTENT, 'ListStatuses'),
  write: method<I.WriteContentRequest, I.WriteContentResponse>(CONTENT, 'Write'),
  abort: method<I.AbortContentRequest, M.Empty>(CONTENT, 'Abort'),
} as const;

/** containerd.services.images.v1.Images: image records (a name pointing at a descriptor). */
export const Images = {
  get: method<I.GetImageRequest, I.GetImageResponse>(IMAGES, 'Get'),
  list: method<I.ListImagesRequest, I.ListImagesResponse>(IMAGES, 'List'),
  create: method<I.CreateImageRequest, I.CreateImageResponse>(IMAGES, 'Create'),
  update: method<I.UpdateImageRequest, I.UpdateImageResponse>(IMAGES, 'Update'),
  delete: method<I.DeleteImageRequest, M.Empty>(IMAGES, 'Delete'),
} as const;

/** containerd.services.snapshots.v1.Snapshots: layered filesystems by key; `list` streams. */
export const Snapshots = {
  prepare: method<I.PrepareSnapshotRequest, I.PrepareSnapshotResponse>(SNAPSHOTS, 'Prepare'),
  view: method<I.ViewSnapshotRequest, I.ViewSnapshotResponse>(SNAPSHOTS, 'View'),
  mounts: method<I.MountsRequest, I.MountsResponse>(SNAPSHOTS, 'Mounts'),
  commit: method<I.CommitSnapshotRequest, M.Empty>(SNAPSHOTS, 'Commit'),
  remove: method<I.RemoveSnapshotRequest, M.Empty>(SNAPSHOTS, 'Remove'),
  stat: method<I.StatSnapshotRequest, I.StatSnapshotResponse>(SNAPSHOTS, 'Stat'),
  update: method<I.UpdateSnapshotRequest, I.UpdateSnapshotResponse>(SNAPSHOTS, 'Update'),
  list: method<I.ListSnapshotsRequest, I.ListSnapshotsResponse>(SNAPSHOTS, 'List'),
  usage: method<I.UsageRequest, I.UsageResponse>(SNAPSHOTS, 'Usage'),
  cleanup: method<I.CleanupRequest, M.Empty>(SNAPSHOTS, 'Cleanup'),
} as const;

/** containerd.services.diff.v1.Diff: apply a layer onto mounts, or compute a layer between two. */
export const Diff = {
  apply: method<I.ApplyRequest, I.ApplyResponse>(DIFF, 'Apply'),
  diff: method<I.DiffRequest, I.DiffResponse>(DIFF, 'Diff'),
} as const;

/** containerd.services.leases.v1.Leases: what keeps content and snapshots from the garbage collector. */
export const Leases = {
  create: method<I.CreateLeaseRequest, I.CreateLeaseResponse>(LEASES, 'Create'),
  delete: method<I.DeleteLeaseRequest, M.Empty>(LEASES, 'Delete'),
  list: method<I.ListLeasesRequest, I.ListLeasesResponse>(LEASES, 'List'),
  addResource: method<I.LeaseResourceRequest, M.Empty>(LEASES, 'AddResource'),
  deleteResource: method<I.LeaseResourceRequest, M.Empty>(LEASES, 'DeleteResource'),
  listResources: method<I.ListResourcesRequest, I.ListResourcesResponse>(LEASES, 'ListResources'),
} as const;

/** containerd.services.introspection.v1.Introspection: the daemon's plugins and identity. */
export const Introspection = {
  plugins: method<I.PluginsRequest, I.PluginsResponse>(INTROSPECTION, 'Plugins'),
  server: method<M.Empty, I.ServerResponse>(INTROSPECTION, 'Server'),
} as const;
