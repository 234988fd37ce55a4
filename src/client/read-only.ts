/**
 * Read-only mode: which containerd RPC methods only read, and the refusal of every other one before it leaves
 * the client. The rule sits in the connection's call layer (every call of every public method goes through
 * it), so it holds for any call built on these methods, present or future. It fails closed: a method missing
 * from the table of reads is refused.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { nameErrorClass } from './error-base.js';
import { ContainerdError, shortCall } from './error-classes.js';

/**
 * The topic the shared event stream publishes its fences on (`streams/fence.ts`). A fence is the one publish a
 * read-only client makes: an event on a topic of the library's own, which changes nothing in the daemon
 * (events are not stored) and which every rx-containerd client drops from its streams; it is what proves the
 * event stream live, on which `wait$` relies.
 */
export const FENCE_TOPIC = '/rx-containerd/fence';

/** The RPC methods that only read: their full gRPC paths. Every other method mutates. */
export const READ_METHODS: ReadonlySet<string> = new Set([
  '/containerd.services.version.v1.Version/Version',
  '/containerd.services.namespaces.v1.Namespaces/Get',
  '/containerd.services.namespaces.v1.Namespaces/List',
  '/containerd.services.containers.v1.Containers/Get',
  '/containerd.services.containers.v1.Containers/List',
  '/containerd.services.tasks.v1.Tasks/Get',
  '/containerd.services.tasks.v1.Tasks/List',
  '/containerd.services.tasks.v1.Tasks/ListPids',
  '/containerd.services.tasks.v1.Tasks/Metrics',
  '/containerd.services.tasks.v1.Tasks/Wait',
  '/containerd.services.events.v1.Events/Subscribe',
  '/containerd.services.content.v1.Content/Info',
  '/containerd.services.content.v1.Content/List',
  '/containerd.services.content.v1.Content/Read',
  '/containerd.services.content.v1.Content/Status',
  '/containerd.services.content.v1.Content/ListStatuses',
  '/containerd.services.images.v1.Images/Get',
  '/containerd.services.images.v1.Images/List',
  '/containerd.services.snapshots.v1.Snapshots/Mounts',
  '/containerd.services.snapshots.v1.Snapshots/Stat',
  '/containerd.services.snapshots.v1.Snapshots/List',
  '/containerd.services.snapshots.v1.Snapshots/Usage',
  '/containerd.services.leases.v1.Leases/List',
  '/containerd.services.leases.v1.Leases/ListResources',
  '/containerd.services.introspection.v1.Introspection/Plugins',
  '/containerd.services.introspection.v1.Introspection/Server',
]);

/**
 * The RPC methods that change the daemon's state (or a process's: a signal, a resize, closing stdin), all
 * refused by a read-only client. Listed for the specs and the docs; the refusal itself is "not in
 * {@link READ_METHODS}". Snapshots.View makes a snapshot; Diff.Diff writes a layer to the content store.
 */
export const MUTATING_METHODS: ReadonlySet<string> = new Set([
  ...['Create', 'Update', 'Delete'].map((m) => `/containerd.services.namespaces.v1.Namespaces/${m}`),
  ...['Create', 'Update', 'Delete'].map((m) => `/containerd.services.containers.v1.Containers/${m}`),
  ...['Create', 'Start', 'Delete', 'DeleteProcess', 'Kill', 'Exec', 'ResizePty', 'CloseIO', 'Pause', 'Resume', 'Update'].map(
    (m) => `/containerd.services.tasks.v1.Tasks/${m}`,
  ),
  ...['Publish', 'Forward'].map((m) => `/containerd.services.events.v1.Events/${m}`),
  ...['Update', 'Delete', 'Write', 'Abort'].map((m) => `/containerd.services.content.v1.Content/${m}`),
  ...['Create', 'Update', 'Delete'].map((m) => `/containerd.services.images.v1.Images/${m}`),
  ...['Prepare', 'View', 'Commit', 'Remove', 'Update', 'Cleanup'].map((m) => `/containerd.services.snapshots.v1.Snapshots/${m}`),
  ...['Apply', 'Diff'].map((m) => `/containerd.services.diff.v1.Diff/${m}`),
  ...['Create', 'Delete', 'AddResource', 'DeleteResource'].map((m) => `/containerd.services.leases.v1.Leases/${m}`),
]);

/**
 * A call refused because the client is read-only (`connect({ readOnly: true })`): nothing was sent to the
 * daemon. `call` names the RPC method (e.g. `/containerd.services.tasks.v1.Tasks/Kill`) or the public call
 * refused before any RPC (`pull`). gRPC code PERMISSION_DENIED, as the daemon would say for a call it forbids.
 */
export class ReadOnlyError extends ContainerdError {
  /** @param call - the RPC method's path, or the public call's name. */
  constructor(call: string) {
    super(
      { code: GrpcStatus.PERMISSION_DENIED, daemonMessage: 'refused: the client is read-only (connect({ readOnly: true })); nothing was sent', call },
      `${shortCall(call)}: refused: the client is read-only (connect({ readOnly: true })) and ${shortCall(call)} changes the daemon; nothing was sent`,
    );
  }
}
nameErrorClass(ReadOnlyError, 'ReadOnlyError', 'ERR_CONTAINERD_READ_ONLY');

/**
 * The refusal of `path` with `request` on a read-only client, or undefined when it only reads (or is the event
 * stream's fence).
 */
export function readOnlyRefusal(path: string, request: unknown): ReadOnlyError | undefined {
  if (READ_METHODS.has(path)) return undefined;
  if (path === '/containerd.services.events.v1.Events/Publish' && (request as { topic?: unknown } | undefined)?.topic === FENCE_TOPIC) return undefined;
  return new ReadOnlyError(path);
}
