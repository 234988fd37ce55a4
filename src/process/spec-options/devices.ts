/**
 * Container options: devices and device cgroup rules, applied to the OCI spec.
 * @module
 */
import { statSync } from 'node:fs';
import { invalidArgument } from '../../client/errors.js';
import type { OciSpec } from '../oci-spec.js';

/** A host device made available in the container (`docker run --device`, containerd's `oci.WithDevices`). */
export interface Device {
  /** The host's device node, e.g. `/dev/fuse` (absolute; a character or block device). */
  readonly path: string;
  /** What the container may do with it: a subset of `'rwm'` (read, write, mknod). Default `'rwm'`. */
  readonly permissions?: string;
  /** Where it appears in the container (absolute). Default: `path`. */
  readonly containerPath?: string;
}

/** Container options: devices and device cgroup rules. */
export interface DevicesOptions {
  /**
   * Host devices made in the container's /dev with the host's type, major and minor numbers, mode and owner,
   * and allowed by its device cgroup (`docker run --device PATH[:CPATH[:PERMS]]`, containerd's `oci.WithDevices`
   * / `oci.WithLinuxDevice`).
   */
  readonly devices?: readonly Device[];
  /**
   * Extra rules of the device cgroup, in `docker run --device-cgroup-rule` syntax: `'TYPE MAJOR:MINOR ACCESS'`,
   * TYPE `a` (all), `c` (char) or `b` (block), MAJOR and MINOR a number or `*`, ACCESS a subset of `rwm`; e.g.
   * `'c 1:3 rwm'` lets the container mknod and use /dev/null's numbers (containerd's `oci.WithDeviceCgroupRule`
   * equivalent: a `linux.resources.devices` entry).
   */
  readonly deviceCgroupRules?: readonly string[];
}

/** A device cgroup entry of the OCI spec (`linux.resources.devices`). */
interface DeviceRule {
  allow: boolean;
  type?: string;
  major?: number;
  minor?: number;
  access: string;
}

// Docker's pattern for --device-cgroup-rule (daemon/oci_linux.go, deviceCgroupRuleRegex)
const cgroupRule = /^([acb]) ([0-9]+|\*):([0-9]+|\*) ([rwm]{1,3})$/;

/** Applies the {@link DevicesOptions} of `options` to `spec`, after checking them (InvalidArgumentError naming the option). */
export function applyDevices(spec: OciSpec, options: DevicesOptions, call: string): void {
  const { devices, deviceCgroupRules } = options;
  const rules: DeviceRule[] = [];
  if (devices !== undefined) {
    if (!Array.isArray(devices)) throw invalidArgument(call, `devices must be an array, got ${JSON.stringify(devices)}`);
    const linuxDevices = (spec.linux.devices as unknown[] | undefined) ?? [];
    devices.forEach((device: Device, i) => {
      const what = `devices[${i}]`;
      if (typeof device !== 'object' || device === null) throw invalidArgument(call, `${what} must be { path, permissions?, containerPath? }, got ${JSON.stringify(device)}`);
      const path = absolute(device.path, `${what}.path`, call);
      const containerPath = device.containerPath === undefined ? path : absolute(device.containerPath, `${what}.containerPath`, call);
      const access = permissions(device.permissions ?? 'rwm', `${what}.permissions`, call);
      const node = hostDevice(path, what, call);
      linuxDevices.push({ path: containerPath, type: node.type, major: node.major, minor: node.minor, fileMode: node.mode, uid: node.uid, gid: node.gid });
      rules.push({ allow: true, type: node.type, major: node.major, minor: node.minor, access });
    });
    spec.linux.devices = linuxDevices;
  }
  if (deviceCgroupRules !== undefined) {
    if (!Array.isArray(deviceCgroupRules)) throw invalidArgument(call, `deviceCgroupRules must be an array of strings, got ${JSON.stringify(deviceCgroupRules)}`);
    deviceCgroupRules.forEach((rule: unknown, i) => rules.push(parseRule(rule, `deviceCgroupRules[${i}]`, call)));
  }
  if (rules.length === 0) return;
  const resources = (spec.linux.resources ??= {});
  resources.devices = [...((resources.devices as DeviceRule[] | undefined) ?? []), ...rules];
}

/** The device node at `path`: its type, numbers (from `rdev`), permission bits and owner. */
function hostDevice(path: string, what: string, call: string): { type: 'c' | 'b'; major: number; minor: number; mode: number; uid: number; gid: number } {
  let stat;
  try {
    stat = statSync(path);
  } catch {
    throw invalidArgument(call, `${what}.path ${JSON.stringify(path)} does not exist on the host`);
  }
  if (!stat.isCharacterDevice() && !stat.isBlockDevice()) throw invalidArgument(call, `${what}.path ${JSON.stringify(path)} is not a device`);
  // glibc's gnu_dev_major / gnu_dev_minor: the 64-bit dev_t split into 12+32 bits of major, 20 of minor
  const rdev = BigInt(stat.rdev);
  const major = Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
  const minor = Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));
  return { type: stat.isCharacterDevice() ? 'c' : 'b', major, minor, mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
}

function parseRule(rule: unknown, what: string, call: string): DeviceRule {
  const match = typeof rule === 'string' ? cgroupRule.exec(rule) : null;
  if (!match) throw invalidArgument(call, `${what} must read 'TYPE MAJOR:MINOR ACCESS' (e.g. 'c 1:3 rwm'), got ${JSON.stringify(rule)}`);
  const [, type, major, minor, access] = match as unknown as [string, string, string, string, string];
  permissions(access, what, call);
  return {
    allow: true,
    type,
    ...(major === '*' ? {} : { major: Number(major) }),
    ...(minor === '*' ? {} : { minor: Number(minor) }),
    access,
  };
}

function permissions(value: unknown, what: string, call: string): string {
  if (typeof value !== 'string' || !/^[rwm]{1,3}$/.test(value) || new Set(value).size !== value.length) {
    throw invalidArgument(call, `${what} must be a subset of 'rwm' (e.g. 'rw'), got ${JSON.stringify(value)}`);
  }
  return value;
}

function absolute(path: unknown, what: string, call: string): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.includes('\0')) {
    throw invalidArgument(call, `${what} must be an absolute path, got ${JSON.stringify(path)}`);
  }
  return path;
}
