/**
 * Container options: mounts (bind, tmpfs), the root's writability, /dev/shm, the host's /etc files, hostname and domainname, applied to the OCI spec.
 * @module
 */
import { existsSync } from 'node:fs';
import { invalidArgument } from '../../client/errors.js';
import type { OciMount, OciSpec } from '../oci-spec.js';

/** How mount events propagate between a bind mount and its source (mount(8)'s propagation flags). */
export type Propagation = 'private' | 'rprivate' | 'shared' | 'rshared' | 'slave' | 'rslave';

/** A host folder or file bound into the container (`docker run --mount type=bind`, containerd's `oci.WithMounts`). */
export interface BindMount {
  /** A bind mount. */
  readonly type: 'bind';
  /** The host path (absolute, and it must exist). */
  readonly source: string;
  /** Where it appears in the container (absolute). */
  readonly target: string;
  /** Mount it read-only (`readonly` / `ro` of `--mount`). Default false. */
  readonly readonly?: boolean;
  /** Mount propagation (`bind-propagation` of `--mount`). Default: none set, which runc makes `rprivate` as Docker does. */
  readonly propagation?: Propagation;
}

/** A fresh in-memory filesystem (`docker run --mount type=tmpfs` / `--tmpfs`, containerd's `oci.WithMounts`). */
export interface TmpfsMount {
  /** A tmpfs mount. */
  readonly type: 'tmpfs';
  /** Where it appears in the container (absolute). */
  readonly target: string;
  /** Its size limit in bytes (`tmpfs-size`). Default: the kernel's (half the RAM). */
  readonly size?: number;
  /** The mode of its root folder, e.g. `0o1777` (`tmpfs-mode`). Default the kernel's (0o1777). */
  readonly mode?: number;
}

/** One mount of {@link FilesystemOptions.mounts}. */
export type ContainerMount = BindMount | TmpfsMount;

/** Which of the host's name-resolution files the container sees (see {@link FilesystemOptions.hostFiles}). */
export interface HostFiles {
  /** The host's /etc/resolv.conf at /etc/resolv.conf, read-only. */
  readonly resolvConf?: boolean;
  /** The host's /etc/hosts at /etc/hosts, read-only. */
  readonly hosts?: boolean;
}

/** Container options: mounts (bind, tmpfs), the root's writability, /dev/shm, the host's /etc files, hostname and domainname. */
export interface FilesystemOptions {
  /**
   * Bind and tmpfs mounts (`docker run --mount`, `-v`, `--tmpfs`; containerd's `oci.WithMounts`), made in
   * order after the defaults; one whose target is a default mount's (`/dev/shm`, `/run`, ...) replaces it.
   * Targets are absolute; a bind source must exist on the host.
   */
  readonly mounts?: readonly ContainerMount[];
  /** Mount the root filesystem read-only (`docker run --read-only`, containerd's `oci.WithRootFSReadonly`). Default false. */
  readonly readonlyRootfs?: boolean;
  /** The size of the /dev/shm tmpfs in bytes (`docker run --shm-size`, containerd's `oci.WithDevShmSize`). Default 64 MiB. */
  readonly shmSize?: number;
  /** The container's NIS domain name (`docker run --domainname`, containerd's `oci.WithDomainname`). Default none. */
  readonly domainname?: string;
  /**
   * The host's /etc/resolv.conf and /etc/hosts bound read-only into the container (`true`: both), so names
   * resolve as on the host. This is what Docker gives a container with `--network host`; with a private network
   * Docker writes its own /etc/hosts and /etc/hostname instead, which `etcHosts` does (and which `hosts` here
   * contradicts); a host resolv.conf naming 127.0.0.x (a local cache) does not answer from a private network
   * namespace. No `/etc/hostname` file is made here (the `hostname` option sets the kernel's, which `hostname`
   * prints). The rootfs needs an `/etc` folder. Default: none.
   */
  readonly hostFiles?: boolean | HostFiles;
}

const propagations: readonly string[] = ['private', 'rprivate', 'shared', 'rshared', 'slave', 'rslave'];

/** Applies the {@link FilesystemOptions} of `options` to `spec`, after checking them (InvalidArgumentError naming the option). */
export function applyFilesystem(spec: OciSpec, options: FilesystemOptions, call: string): void {
  const { mounts, readonlyRootfs, shmSize, domainname, hostFiles } = options;
  if (readonlyRootfs !== undefined) {
    if (typeof readonlyRootfs !== 'boolean') throw invalidArgument(call, `readonlyRootfs must be a boolean, got ${JSON.stringify(readonlyRootfs)}`);
    spec.root.readonly = readonlyRootfs;
  }
  if (shmSize !== undefined) {
    const size = positiveInteger(shmSize, 'shmSize', call);
    const shm = spec.mounts.find((m) => m.destination === '/dev/shm');
    if (shm) shm.options = [...(shm.options ?? []).filter((o) => !o.startsWith('size=')), `size=${size}`];
  }
  if (domainname !== undefined) {
    // the kernel keeps at most 64 bytes (__NEW_UTS_LEN)
    if (typeof domainname !== 'string' || domainname === '' || Buffer.byteLength(domainname) > 64 || /[\0\s]/.test(domainname)) {
      throw invalidArgument(call, `domainname must be 1-64 bytes without spaces, got ${JSON.stringify(domainname)}`);
    }
    spec.domainname = domainname;
    // runc before 1.2 ignores `domainname`; the UTS sysctl sets the same name on every runc
    spec.linux.sysctl = { ...(spec.linux.sysctl as Record<string, string> | undefined), 'kernel.domainname': domainname };
  }
  for (const mount of hostFileMounts(hostFiles, call)) addMount(spec, mount);
  if (mounts !== undefined) {
    if (!Array.isArray(mounts)) throw invalidArgument(call, `mounts must be an array, got ${JSON.stringify(mounts)}`);
    mounts.forEach((m, i) => addMount(spec, toOciMount(m, `mounts[${i}]`, call)));
  }
}

/** `mount` added to `spec`, replacing a mount at the same destination (as Docker's user mounts replace its defaults). */
function addMount(spec: OciSpec, mount: OciMount): void {
  spec.mounts = [...spec.mounts.filter((m) => m.destination !== mount.destination), mount];
}

function hostFileMounts(hostFiles: FilesystemOptions['hostFiles'], call: string): OciMount[] {
  if (hostFiles === undefined || hostFiles === false) return [];
  const all = hostFiles === true;
  if (!all && (typeof hostFiles !== 'object' || hostFiles === null)) {
    throw invalidArgument(call, `hostFiles must be a boolean or { resolvConf?, hosts? }, got ${JSON.stringify(hostFiles)}`);
  }
  const chosen = all ? { resolvConf: true, hosts: true } : hostFiles;
  for (const [key, value] of Object.entries(chosen)) {
    if (key !== 'resolvConf' && key !== 'hosts') throw invalidArgument(call, `hostFiles.${key} is not an option: use resolvConf or hosts`);
    if (typeof value !== 'boolean' && value !== undefined) throw invalidArgument(call, `hostFiles.${key} must be a boolean, got ${JSON.stringify(value)}`);
  }
  const files = [chosen.resolvConf ? '/etc/resolv.conf' : undefined, chosen.hosts ? '/etc/hosts' : undefined].filter((f): f is string => f !== undefined);
  return files.map((file) => {
    if (!existsSync(file)) throw invalidArgument(call, `hostFiles: the host has no ${file}`);
    return { destination: file, type: 'bind', source: file, options: ['rbind', 'ro'] };
  });
}

function toOciMount(mount: ContainerMount, what: string, call: string): OciMount {
  if (typeof mount !== 'object' || mount === null) throw invalidArgument(call, `${what} must be a mount object, got ${JSON.stringify(mount)}`);
  const destination = absolute(mount.target, `${what}.target`, call);
  if (mount.type === 'bind') {
    const source = absolute(mount.source, `${what}.source`, call);
    if (!existsSync(source)) throw invalidArgument(call, `${what}.source ${JSON.stringify(source)} does not exist on the host`);
    if (mount.readonly !== undefined && typeof mount.readonly !== 'boolean') {
      throw invalidArgument(call, `${what}.readonly must be a boolean, got ${JSON.stringify(mount.readonly)}`);
    }
    if (mount.propagation !== undefined && !propagations.includes(mount.propagation)) {
      throw invalidArgument(call, `${what}.propagation must be one of ${propagations.join(', ')}, got ${JSON.stringify(mount.propagation)}`);
    }
    const options = ['rbind', mount.readonly ? 'ro' : 'rw', ...(mount.propagation ? [mount.propagation] : [])];
    return { destination, type: 'bind', source, options };
  }
  if (mount.type === 'tmpfs') {
    const options = ['nosuid', 'nodev'];
    if (mount.size !== undefined) options.push(`size=${positiveInteger(mount.size, `${what}.size`, call)}`);
    if (mount.mode !== undefined) {
      if (!Number.isInteger(mount.mode) || mount.mode < 0 || mount.mode > 0o7777) {
        throw invalidArgument(call, `${what}.mode must be a file mode from 0 to 0o7777, got ${JSON.stringify(mount.mode)}`);
      }
      options.push(`mode=${mount.mode.toString(8)}`);
    }
    return { destination, type: 'tmpfs', source: 'tmpfs', options };
  }
  throw invalidArgument(call, `${what}.type must be 'bind' or 'tmpfs', got ${JSON.stringify((mount as { type?: unknown }).type)}`);
}

function absolute(path: unknown, what: string, call: string): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('\0')) {
    throw invalidArgument(call, `${what} must be an absolute path, got ${JSON.stringify(path)}`);
  }
  return path;
}

function positiveInteger(value: unknown, what: string, call: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
    throw invalidArgument(call, `${what} must be a positive whole number of bytes, got ${JSON.stringify(value)}`);
  }
  return value;
}
