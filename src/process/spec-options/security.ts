/**
 * Container options: capabilities, privileged, no_new_privileges, seccomp, AppArmor, masked and read-only paths,
 * supplementary groups, umask, applied to the OCI spec.
 * @module
 */
import { existsSync, readFileSync } from 'node:fs';
import { HostUnsupportedError, invalidArgument } from '../../client/errors.js';
import type { EtcFiles } from '../../images/user-lookup.js';
import type { OciSpec } from '../oci-spec.js';
import { capabilityList, capabilitySet, defaultCapabilities } from './capabilities.js';
import { groupIds, checkUmask, withGroups } from './groups.js';
import { checkSeccompProfile, type SeccompProfile } from './seccomp.js';
import { defaultSeccompProfile } from './seccomp-default.js';

/**
 * Paths made unreadable in a container by default: Docker's list (moby's oci/defaults.go `MaskedPaths`, with
 * /sys/devices/virtual/powercap that Docker 25 added).
 */
export const defaultMaskedPaths: readonly string[] = [
  '/proc/asound', '/proc/acpi', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/timer_list',
  '/proc/timer_stats', '/proc/sched_debug', '/proc/scsi', '/sys/firmware', '/sys/devices/virtual/powercap',
];

/** Paths made read-only in a container by default: Docker's list (moby's oci/defaults.go `ReadonlyPaths`). */
export const defaultReadonlyPaths: readonly string[] = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

/** Container options: capabilities, privileged, no_new_privileges, seccomp, AppArmor, masked and read-only paths, supplementary groups, umask. */
export interface SecurityOptions {
  /**
   * Capabilities added to Docker's default set, by name: `'NET_ADMIN'`, `'CAP_NET_ADMIN'` (any case), or `'ALL'`
   * for every one. `docker run --cap-add`; containerd's `oci.WithAddedCapabilities`.
   */
  readonly capAdd?: readonly string[];
  /**
   * Capabilities removed from Docker's default set, by name as in `capAdd`; `'ALL'` starts from none (then
   * `capAdd` adds). `docker run --cap-drop`; containerd's `oci.WithDroppedCapabilities`.
   */
  readonly capDrop?: readonly string[];
  /**
   * Every capability, no seccomp filter, no masked or read-only paths, /sys writable, every device allowed by
   * the device cgroup. Host devices are not created in /dev (use `devices`). `docker run --privileged`;
   * containerd's `oci.WithPrivileged` (+ `oci.WithAllDevicesAllowed`). Default false.
   */
  readonly privileged?: boolean;
  /**
   * The process and its children may not gain privileges through setuid/setgid binaries or file capabilities.
   * Default true here (Docker's default is false). `docker run --security-opt no-new-privileges`; containerd's
   * `oci.WithNoNewPrivileges`.
   */
  readonly noNewPrivileges?: boolean;
  /**
   * The seccomp filter. `'default'` (the default): a profile equal in effect to Docker's default (syscalls an
   * ordinary program needs; mount, unshare, setns, ... only with CAP_SYS_ADMIN; EPERM for the rest), built for
   * the container's capabilities. `'unconfined'`: no filter. A profile object: used as given (checked).
   * `docker run --security-opt seccomp=unconfined|profile.json`; containerd's `seccomp.WithDefaultProfile` /
   * `seccomp.WithProfile`. `privileged` makes it unconfined unless a profile object is given.
   */
  readonly seccomp?: 'default' | 'unconfined' | SeccompProfile;
  /**
   * The AppArmor profile to run under, by name. Only where the kernel has AppArmor (/sys/module/apparmor enabled,
   * Docker's check): on a host without it (this project's own test machine, for one) asking for a profile is a
   * HostUnsupportedError (an InvalidArgumentError) saying so, as running unconfined silently would mislead (Docker
   * ignores the option there). No default profile is applied.
   * `docker run --security-opt apparmor=NAME`; containerd's `apparmor.WithProfile`.
   */
  readonly apparmor?: string;
  /**
   * Absolute paths made unreadable in the container, replacing the default list (Docker's: /proc/kcore,
   * /proc/keys, /sys/firmware, ...). `[]` masks nothing. containerd's `oci.WithMaskedPaths`; `docker run
   * --security-opt systempaths=unconfined` is `maskedPaths: [], readonlyPaths: []`.
   */
  readonly maskedPaths?: readonly string[];
  /**
   * Absolute paths made read-only in the container, replacing the default list (Docker's: /proc/sys,
   * /proc/sysrq-trigger, /proc/bus, /proc/fs, /proc/irq). containerd's `oci.WithReadonlyPaths`.
   */
  readonly readonlyPaths?: readonly string[];
  /**
   * Supplementary groups of the container's process, added to those of its user: ids, or names looked up in the
   * container's /etc/group (its rootfs folder's, or its image's). `docker run --group-add`; containerd's
   * `oci.WithAdditionalGIDs` (which adds the user's own groups; this adds the given ones).
   */
  readonly groups?: ReadonlyArray<string | number>;
  /**
   * The file mode creation mask of the container's init process (and what it starts), 0..0o777 (e.g. `0o027`).
   * Default: the runtime's, 0o022. The OCI spec's `process.user.umask`. runc applies it to the init process only:
   * an exec runs with 0o022 (measured on runc 1.1.5), so `task.exec` refuses a `umask` of its own.
   */
  readonly umask?: number;
}

/** Whether this kernel has AppArmor enabled (what Docker checks too). */
export function hostHasAppArmor(): boolean {
  try {
    return existsSync('/sys/module/apparmor') && readFileSync('/sys/module/apparmor/parameters/enabled', 'utf8').trim() === 'Y';
  } catch {
    return false;
  }
}

/**
 * Applies the {@link SecurityOptions} of `options` to `spec`, after checking them (InvalidArgumentError naming
 * the option). `etc` holds the container's /etc/group, where the names of `groups` are looked up.
 */
export function applySecurity(spec: OciSpec, options: SecurityOptions, call: string, etc: EtcFiles = {}): void {
  const o = options as Record<keyof SecurityOptions, unknown>;
  const add = capabilityList(o.capAdd, 'capAdd', call);
  const drop = capabilityList(o.capDrop, 'capDrop', call);
  const privileged = checkBoolean(o.privileged, 'privileged', call) ?? false;
  const noNewPrivileges = checkBoolean(o.noNewPrivileges, 'noNewPrivileges', call);
  const seccomp = checkSeccomp(o.seccomp, call);
  const apparmor = checkAppArmor(o.apparmor, call);
  const masked = checkPaths(o.maskedPaths, 'maskedPaths', call);
  const readonly = checkPaths(o.readonlyPaths, 'readonlyPaths', call);
  const gids = groupIds(o.groups, etc, call);
  const umask = checkUmask(o.umask, call);

  const capabilities = capabilitySet(defaultCapabilities, add, drop, privileged);
  spec.process.capabilities = { bounding: capabilities, effective: capabilities, permitted: capabilities, inheritable: [], ambient: [] };
  if (noNewPrivileges !== undefined) spec.process.noNewPrivileges = noNewPrivileges;
  if (apparmor !== undefined) spec.process.apparmorProfile = apparmor;
  spec.process.user = withGroups(spec.process.user, gids);
  if (umask !== undefined) spec.process.user = { ...spec.process.user, umask };
  spec.linux.maskedPaths = [...(masked ?? (privileged ? [] : defaultMaskedPaths))];
  spec.linux.readonlyPaths = [...(readonly ?? (privileged ? [] : defaultReadonlyPaths))];
  if (typeof seccomp === 'object') spec.linux.seccomp = seccomp;
  else if (seccomp === 'default' || (seccomp === undefined && !privileged)) spec.linux.seccomp = defaultSeccompProfile(capabilities);
  if (privileged) {
    for (const mount of spec.mounts) {
      if (mount.type === 'sysfs') mount.options = [...(mount.options ?? []).filter((x) => x !== 'ro'), 'rw'];
    }
    spec.linux.resources = { ...spec.linux.resources, devices: [{ allow: true, access: 'rwm' }] };
  }
}

function checkBoolean(value: unknown, option: string, call: string): boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') throw invalidArgument(call, `invalid ${option} ${JSON.stringify(value)}: true or false`);
  return value;
}

function checkSeccomp(value: unknown, call: string): 'default' | 'unconfined' | SeccompProfile | undefined {
  if (value === undefined || value === 'default' || value === 'unconfined') return value;
  if (typeof value === 'string') throw invalidArgument(call, `invalid seccomp ${JSON.stringify(value)}: 'default', 'unconfined' or a profile object`);
  return checkSeccompProfile(value, call);
}

function checkAppArmor(value: unknown, call: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !/^[^\s\0]+$/.test(value)) {
    throw invalidArgument(call, `invalid apparmor ${JSON.stringify(value)}: an AppArmor profile name`);
  }
  if (!hostHasAppArmor()) {
    throw new HostUnsupportedError({
      option: 'apparmor',
      missing: 'AppArmor',
      checked: ['/sys/module/apparmor/parameters/enabled'],
      reason: 'the kernel was built without it or boots with it off (apparmor=0, or another LSM in lsm=); running unconfined instead would mislead',
    }, call, value);
  }
  return value;
}

function checkPaths(value: unknown, option: string, call: string): string[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'string' && p.startsWith('/') && !p.includes('\0'))) {
    throw invalidArgument(call, `invalid ${option} ${JSON.stringify(value)}: an array of absolute paths`);
  }
  return [...(value as string[])];
}
