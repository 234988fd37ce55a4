/**
 * Linux capabilities by name: the full list the kernel knows, Docker's default set, and the set a container gets
 * from `capAdd` / `capDrop` / `privileged` (as `docker run --cap-add/--cap-drop/--privileged` and containerd's
 * `oci.WithAddedCapabilities` / `oci.WithDroppedCapabilities` / `oci.WithPrivileged` compute it).
 * @module
 */
import { readFileSync } from 'node:fs';
import { invalidArgument } from '../../client/errors.js';

/**
 * Every Linux capability, in the kernel's order (include/uapi/linux/capability.h, numbers 0 to 40: the names
 * are a fact carried over from the kernel header).
 */
export const allCapabilities: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_DAC_READ_SEARCH', 'CAP_FOWNER', 'CAP_FSETID', 'CAP_KILL', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETPCAP', 'CAP_LINUX_IMMUTABLE', 'CAP_NET_BIND_SERVICE', 'CAP_NET_BROADCAST', 'CAP_NET_ADMIN',
  'CAP_NET_RAW', 'CAP_IPC_LOCK', 'CAP_IPC_OWNER', 'CAP_SYS_MODULE', 'CAP_SYS_RAWIO', 'CAP_SYS_CHROOT',
  'CAP_SYS_PTRACE', 'CAP_SYS_PACCT', 'CAP_SYS_ADMIN', 'CAP_SYS_BOOT', 'CAP_SYS_NICE', 'CAP_SYS_RESOURCE',
  'CAP_SYS_TIME', 'CAP_SYS_TTY_CONFIG', 'CAP_MKNOD', 'CAP_LEASE', 'CAP_AUDIT_WRITE', 'CAP_AUDIT_CONTROL',
  'CAP_SETFCAP', 'CAP_MAC_OVERRIDE', 'CAP_MAC_ADMIN', 'CAP_SYSLOG', 'CAP_WAKE_ALARM', 'CAP_BLOCK_SUSPEND',
  'CAP_AUDIT_READ', 'CAP_PERFMON', 'CAP_BPF', 'CAP_CHECKPOINT_RESTORE',
];

/**
 * Docker's default capability set (moby's oci/defaults.go `DefaultCapabilities`): enough for ordinary programs,
 * nothing that reaches the host. A container gets it unless `capAdd`, `capDrop` or `privileged` say otherwise.
 */
export const defaultCapabilities: readonly string[] = [
  'CAP_CHOWN', 'CAP_DAC_OVERRIDE', 'CAP_FSETID', 'CAP_FOWNER', 'CAP_MKNOD', 'CAP_NET_RAW', 'CAP_SETGID',
  'CAP_SETUID', 'CAP_SETFCAP', 'CAP_SETPCAP', 'CAP_NET_BIND_SERVICE', 'CAP_SYS_CHROOT', 'CAP_KILL', 'CAP_AUDIT_WRITE',
];

const known = new Set(allCapabilities);

/**
 * The kernel name of capability `name` (`'net_admin'`, `'NET_ADMIN'` and `'CAP_NET_ADMIN'` all give
 * `'CAP_NET_ADMIN'`), or `'ALL'`.
 * @throws InvalidArgumentError naming `option` and the value when it is not a capability name.
 */
export function capabilityName(name: unknown, option: string, call: string): string {
  if (typeof name !== 'string') {
    throw invalidArgument(call, `invalid ${option} entry ${JSON.stringify(name)}: a capability name such as 'NET_ADMIN'`);
  }
  const upper = name.trim().toUpperCase();
  if (upper === 'ALL') return 'ALL';
  const full = upper.startsWith('CAP_') ? upper : `CAP_${upper}`;
  if (!known.has(full)) {
    throw invalidArgument(call, `unknown capability ${JSON.stringify(name)} in ${option}: a Linux capability name such as 'NET_ADMIN', or 'ALL'`);
  }
  return full;
}

/**
 * The capability names of the list `option`, checked and in kernel form.
 * @throws InvalidArgumentError when it is not an array of capability names.
 */
export function capabilityList(list: unknown, option: string, call: string): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list)) {
    throw invalidArgument(call, `invalid ${option} ${JSON.stringify(list)}: an array of capability names`);
  }
  return list.map((name) => capabilityName(name, option, call));
}

/**
 * Every capability this host can grant: those of the kernel's list in the bounding set of this process (read from
 * /proc/self/status), as Docker and containerd's `oci.WithPrivileged` take the running process's own; all of them
 * when it cannot be read. A host whose own bounding set lacks one (a sandboxed machine) makes runc fail to apply it.
 */
export function hostCapabilities(): string[] {
  try {
    const line = /^CapBnd:\s*([0-9a-f]+)$/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (line?.[1] === undefined) return [...allCapabilities];
    const mask = BigInt(`0x${line[1]}`);
    return allCapabilities.filter((_, bit) => ((mask >> BigInt(bit)) & 1n) === 1n);
  } catch {
    return [...allCapabilities];
  }
}

/**
 * The capabilities a process gets, as Docker computes them: `privileged` or `'ALL'` added gives every capability
 * the host can grant ({@link hostCapabilities});
 * `'ALL'` dropped starts from none; otherwise Docker's default set. Then `drop` is removed and `add` added (an
 * added capability wins over the same one dropped).
 */
export function capabilitySet(base: readonly string[], add: readonly string[], drop: readonly string[], privileged = false): string[] {
  if (privileged) return hostCapabilities();
  if (add.includes('ALL')) return hostCapabilities().filter((c) => !drop.includes(c));
  const start = drop.includes('ALL') ? [] : base.filter((c) => !drop.includes(c));
  return [...start, ...add.filter((c) => !start.includes(c))];
}
