/**
 * Builds the OCI runtime spec of a container: safe defaults that runc needs (cwd, /proc in a mount
 * namespace, pid namespace), from plain options, with an escape hatch to edit the result.
 * @module
 */
import { invalidArgument } from '../client/errors.js';
import { validateAbsolutePath, validateArgs } from '../client/validate.js';
import { etcFiles, resolveUser, type OciUser, type User } from './user.js';
import { defaultCapabilities } from './spec-options/capabilities.js';
import { applyDevices, type DevicesOptions } from './spec-options/devices.js';
import { applyFilesystem, type FilesystemOptions } from './spec-options/filesystem.js';
import { applyInit, type InitOptions } from './spec-options/init.js';
import { applyNamespaces, type NamespacesOptions } from './spec-options/namespaces.js';
import { applyResources, type ResourcesOptions } from './spec-options/resources.js';
import { applySecurity, defaultMaskedPaths, defaultReadonlyPaths, type SecurityOptions } from './spec-options/security.js';

export type { User } from './user.js';

/** The OCI runtime spec, as JSON. Only the parts we set are typed; anything else may be added by `spec`. */
export interface OciSpec {
  /** The OCI runtime spec version, e.g. `'1.0.2'`. */
  ociVersion: string;
  /** The container's init process. */
  process: OciProcess;
  /** The root filesystem: its directory on the host, and whether it is mounted read-only. */
  root: {
    /** The directory on the host. */
    path: string;
    /** Whether it is mounted read-only. */
    readonly?: boolean;
  };
  /** The container's hostname (its own UTS namespace). */
  hostname?: string;
  /** The mounts made in the container (proc, dev, sys, ...). */
  mounts: OciMount[];
  /** Linux specifics: namespaces, masked and read-only paths, resources. */
  linux: {
    /** The namespaces the container gets: new ones, or those at `path` to join. */
    namespaces: Array<{
      /** `'pid'`, `'network'`, `'ipc'`, `'uts'`, `'mount'`, `'user'` or `'cgroup'`. */
      type: string;
      /** A namespace to join, e.g. `/proc/42/ns/net`; absent for a new one. */
      path?: string;
    }>;
    /** The container's cgroup. */
    cgroupsPath?: string;
    /** Paths made unreadable in the container. */
    maskedPaths?: string[];
    /** Paths made read-only in the container. */
    readonlyPaths?: string[];
    /** OCI LinuxResources: memory, cpu, pids limits... */
    resources?: Record<string, unknown>;
    [key: string]: unknown;
  };
  /** Free-form annotations passed to the runtime. */
  annotations?: Record<string, string>;
  [key: string]: unknown;
}

/** The process part of a spec; also the spec of an exec. */
export interface OciProcess {
  /** Whether the process gets a terminal. */
  terminal: boolean;
  /** The uid, gid and additional gids it runs as. */
  user: OciUser;
  /** The command and its arguments; `args[0]` is the binary. */
  args: string[];
  /** The environment, as `KEY=value` entries. */
  env: string[];
  /** The working directory (absolute). */
  cwd: string;
  /** The Linux capabilities of each set, e.g. `['CAP_KILL']`. */
  capabilities?: Record<'bounding' | 'effective' | 'permitted' | 'inheritable' | 'ambient', string[]>;
  /** Resource limits, e.g. `{ type: 'RLIMIT_NOFILE', hard: 1024, soft: 1024 }`. */
  rlimits?: Array<{
    /** The limit, e.g. `'RLIMIT_NOFILE'`. */
    type: string;
    /** Its hard value. */
    hard: number;
    /** Its soft value. */
    soft: number;
  }>;
  /** Whether the process may gain privileges (setuid binaries); true by default here. */
  noNewPrivileges?: boolean;
  [key: string]: unknown;
}

/** A mount of an OCI spec. */
export interface OciMount {
  /** Where it is mounted in the container. */
  destination: string;
  /** The filesystem type, e.g. `'proc'`, `'tmpfs'`, `'bind'`. */
  type: string;
  /** What is mounted: a device, a host path for a bind mount, or the type again. */
  source: string;
  /** Mount options, e.g. `['nosuid', 'noexec']`. */
  options?: string[];
}

/** Options that shape a process (init or exec). */
export interface ProcessOptions {
  /** The command and its arguments; `args[0]` is the binary, absolute or looked up on the process's PATH. */
  readonly args: readonly string[];
  /** 'K=V' strings or a record. PATH defaults to the usual one. */
  readonly env?: readonly string[] | Readonly<Record<string, string>>;
  /** Absolute working directory. Default '/'. */
  readonly cwd?: string;
  /**
   * Who the process runs as: 'name', 'name:group', 'uid', 'uid:gid' or `{ uid, gid? }`, names looked up in the
   * rootfs's /etc/passwd and /etc/group (with the user's other groups), as `docker exec -u` does. Default: the
   * container's user for an exec, root for a container.
   */
  readonly user?: User;
  /** Give the process a terminal (stdout and stderr merged). Default false. */
  readonly terminal?: boolean;
}

/** Options of a container's spec. */
export interface SpecOptions extends ProcessOptions, ResourcesOptions, FilesystemOptions, NamespacesOptions, DevicesOptions, SecurityOptions, InitOptions {
  /** The container's hostname. Default: the container's id. */
  readonly hostname?: string;
  /** Share the host's network namespace instead of a fresh one with loopback only. */
  readonly hostNetwork?: boolean;
  /** Edit the spec before it is sent (the escape hatch). Return a new spec or mutate in place. */
  readonly spec?: (spec: OciSpec) => OciSpec | void;
}

const defaultPath = 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/**
 * The process part of a spec, validated. Used for a container's init process and for execs; `rootfs` is where
 * user and group names are looked up. An exec passes
 * the container's own process as `base`, as `ctr task exec` does: it inherits the environment (the exec's `env`
 * adds to it and overrides by name), user, working directory, capabilities and limits, unless given.
 *
 * @example
 * ```ts
 * processSpec({ args: ['/bin/sh', '-c', 'echo hi'], env: { GREETING: 'hi' } })
 * ```
 */
export function processSpec(options: ProcessOptions, rootfs?: string, call = 'processSpec', base?: OciProcess): OciProcess {
  const args = validateArgs(options.args, call);
  const cwd = validateAbsolutePath(options.cwd ?? base?.cwd ?? '/', 'cwd', call);
  const env = mergeEnv(base?.env ?? [], toEnv(options.env, call));
  return {
    ...base,
    terminal: options.terminal ?? false,
    user: options.user === undefined && base ? base.user : resolveUser(options.user, rootfs, call),
    args: [...args],
    env: env.some((e) => e.startsWith('PATH=')) ? env : [defaultPath, ...env],
    cwd,
    capabilities: base?.capabilities ?? {
      bounding: [...defaultCapabilities],
      effective: [...defaultCapabilities],
      permitted: [...defaultCapabilities],
      inheritable: [],
      ambient: [],
    },
    // No rlimits by default: the process inherits the daemon's, as a Docker container does (see `rlimits`).
    ...(base?.rlimits ? { rlimits: base.rlimits } : {}),
    noNewPrivileges: base?.noNewPrivileges ?? true,
  };
}

/** `base` with `extra` added; an entry of `extra` replaces the one of `base` with the same name. */
function mergeEnv(base: readonly string[], extra: readonly string[]): string[] {
  const name = (e: string): string => e.slice(0, e.indexOf('='));
  const replaced = new Set(extra.map(name));
  return [...base.filter((e) => !replaced.has(name(e))), ...extra];
}

/**
 * A whole container spec, validated.
 *
 * @example
 * ```ts
 * const spec = containerSpec('web', 'demo', { args: ['/bin/httpd', '-f'], hostname: 'web' });
 * ```
 */
export function containerSpec(id: string, namespace: string, options: SpecOptions, rootfs?: string): OciSpec {
  const call = 'newContainer';
  const namespaces = [{ type: 'pid' }, { type: 'ipc' }, { type: 'uts' }, { type: 'mount' }];
  if (!options.hostNetwork) namespaces.push({ type: 'network' });
  const spec: OciSpec = {
    ociVersion: '1.0.2-dev',
    process: processSpec(options, rootfs, call),
    root: { path: 'rootfs', readonly: false },
    hostname: options.hostname ?? id,
    mounts: [
      { destination: '/proc', type: 'proc', source: 'proc', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/dev', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
      { destination: '/dev/pts', type: 'devpts', source: 'devpts', options: ['nosuid', 'noexec', 'newinstance', 'ptmxmode=0666', 'mode=0620', 'gid=5'] },
      { destination: '/dev/shm', type: 'tmpfs', source: 'shm', options: ['nosuid', 'noexec', 'nodev', 'mode=1777', 'size=65536k'] },
      { destination: '/dev/mqueue', type: 'mqueue', source: 'mqueue', options: ['nosuid', 'noexec', 'nodev'] },
      { destination: '/sys', type: 'sysfs', source: 'sysfs', options: ['nosuid', 'noexec', 'nodev', 'ro'] },
      { destination: '/run', type: 'tmpfs', source: 'tmpfs', options: ['nosuid', 'strictatime', 'mode=755', 'size=65536k'] },
    ],
    linux: {
      namespaces,
      cgroupsPath: `/${namespace}/${id}`,
      resources: { devices: [{ allow: false, access: 'rwm' }] },
      maskedPaths: [...defaultMaskedPaths],
      readonlyPaths: [...defaultReadonlyPaths],
    },
  };
  applyFilesystem(spec, options, call);
  applyNamespaces(spec, options, call);
  applyResources(spec, options, call); // after the namespaces: a net.* sysctl needs the container's own network
  applyDevices(spec, options, call);
  applySecurity(spec, options, call, etcFiles(rootfs));
  applyInit(spec, options, call); // last: the command it wraps is final
  const edited = options.spec?.(spec) ?? spec;
  // The escape hatch may break what runc needs; check the parts whose absence leaks or fails late.
  validateArgs(edited.process?.args, call);
  validateAbsolutePath(edited.process?.cwd, 'process.cwd', call);
  return edited;
}

function toEnv(env: ProcessOptions['env'], call: string): string[] {
  if (env === undefined) return [];
  const list = Array.isArray(env)
    ? (env as readonly string[])
    : Object.entries(env as Record<string, unknown>).map(([k, v]) => {
        if (typeof v !== 'string') throw invalidArgument(call, `env ${JSON.stringify(k)} must be a string; got ${v === null ? 'null' : typeof v}`);
        return `${k}=${v}`;
      });
  for (const e of list) {
    if (typeof e !== 'string' || !/^[^=\0]+=[^\0]*$/.test(e)) {
      throw invalidArgument(call, `invalid env entry ${JSON.stringify(e)}: use 'NAME=value'`);
    }
  }
  return [...list];
}
