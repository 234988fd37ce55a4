/**
 * Container options: the namespaces shared with the host or joined from another container, applied to the OCI spec.
 * @module
 */
import { invalidArgument } from '../../client/errors.js';
import type { OciSpec } from '../oci-spec.js';

/**
 * Where a namespace comes from: `'host'` shares the host's; `{ container }` joins the namespace of another
 * container's running task (its id, or `{ id }`, e.g. a Container); `{ path }` joins the namespace at that path
 * (e.g. `/var/run/netns/blue` or `/proc/42/ns/net`), as `ctr run --with-ns` does. Default: a new one.
 */
export type NamespaceSource = 'host' | JoinContainer | JoinPath;

/** Join the namespace of another container's running task. */
export interface JoinContainer {
  /** The container: its id, or an object with its id (e.g. a Container). */
  readonly container: string | {
    /** The container's id. */
    readonly id: string;
  };
}

/** Join the namespace at a path of the host. */
export interface JoinPath {
  /** The namespace file, e.g. `/var/run/netns/blue` or `/proc/42/ns/net` (absolute). */
  readonly path: string;
}

/** Container options: the namespaces shared with the host or joined from another container. */
export interface NamespacesOptions {
  /**
   * The network namespace (`docker run --network host|container:ID`; containerd's
   * `oci.WithHostNamespace(network)` / `oci.WithLinuxNamespace`). Default: a new one with loopback only.
   * `hostNetwork: true` is the same as `'host'`.
   */
  readonly network?: NamespaceSource;
  /** The pid namespace (`docker run --pid host|container:ID`). `'host'`: the container sees every host process. Default: a new one. */
  readonly pid?: NamespaceSource;
  /** The IPC namespace (`docker run --ipc host|container:ID`). Default: a new one. */
  readonly ipc?: NamespaceSource;
  /**
   * The UTS namespace: `'host'` shares the host's hostname and domain name (`docker run --uts host`, containerd's
   * `oci.WithHostNamespace(uts)`); `hostname` and `domainname` cannot be set then. Default: a new one.
   */
  readonly uts?: 'host';
}

/** The OCI namespace type of each option, and its file under /proc/PID/ns. */
export const namespaceKinds = { network: 'net', pid: 'pid', ipc: 'ipc' } as const;

/** Applies the {@link NamespacesOptions} of `options` to `spec`, after checking them (InvalidArgumentError naming the option). */
export function applyNamespaces(spec: OciSpec, options: NamespacesOptions & { readonly hostNetwork?: boolean; readonly hostname?: string }, call: string): void {
  const { network, hostNetwork } = options;
  if (hostNetwork !== undefined && typeof hostNetwork !== 'boolean') throw invalidArgument(call, `hostNetwork must be a boolean, got ${JSON.stringify(hostNetwork)}`);
  if (hostNetwork === true && network !== undefined && network !== 'host') {
    throw invalidArgument(call, `hostNetwork: true contradicts network ${JSON.stringify(network)}: give one of them`);
  }
  for (const option of ['network', 'pid', 'ipc'] as const) {
    const source = option === 'network' && hostNetwork === true ? 'host' : options[option];
    if (source === undefined) continue;
    const type = option;
    const path = namespacePath(source, option, call);
    const others = spec.linux.namespaces.filter((n) => n.type !== type);
    spec.linux.namespaces = path === undefined ? others : [...others, { type, path }];
  }
  const { uts } = options;
  if (uts !== undefined) {
    if (uts !== 'host') throw invalidArgument(call, `uts must be 'host', got ${JSON.stringify(uts)}`);
    if (options.hostname !== undefined || spec.domainname !== undefined) {
      throw invalidArgument(call, "uts: 'host' shares the host's names: hostname and domainname cannot be set with it");
    }
    // runc refuses to set a hostname without a UTS namespace of the container's own
    delete spec.hostname;
    delete spec.domainname;
    spec.linux.namespaces = spec.linux.namespaces.filter((n) => n.type !== 'uts');
  }
}

/** The path to join for `source`, or undefined for the host's (no namespace of the container's own). */
function namespacePath(source: NamespaceSource, option: string, call: string): string | undefined {
  if (source === 'host') return undefined;
  if (typeof source === 'object' && source !== null) {
    if ('path' in source && source.path !== undefined) {
      if (typeof source.path !== 'string' || !source.path.startsWith('/')) {
        throw invalidArgument(call, `${option}.path must be an absolute path, got ${JSON.stringify(source.path)}`);
      }
      return source.path;
    }
    if ('container' in source) {
      // resolved to { path } by newContainer (join-namespaces.ts), which asks the daemon for the task's pid
      throw invalidArgument(call, `${option}: { container } is resolved by newContainer; to build a spec alone, give { path: '/proc/PID/ns/...' }`);
    }
  }
  throw invalidArgument(call, `${option} must be 'host', { container } or { path }, got ${JSON.stringify(source)}`);
}
