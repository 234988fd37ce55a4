/**
 * The cgroup limits of a container (memory, CPU, cpuset, pids, block I/O weight) as typed options, checked and
 * turned into OCI LinuxResources. Shared by the container's spec and `task.update`.
 * @module
 */
import { existsSync } from 'node:fs';
import { cpus as hostCpus } from 'node:os';
import { HostUnsupportedError, invalidArgument } from '../../client/errors.js';

/** runc refuses a memory limit below 6 MiB; Docker checks the same floor (`linuxMinMemory`). */
export const MIN_MEMORY = 6 * 1024 * 1024;
/** The CFS period Docker's `--cpus` uses, in microseconds. */
export const CPU_PERIOD = 100_000;

/** A memory limit in bytes, or its parts. */
export type MemoryOption =
  | number
  | {
      /** The hard limit in bytes (`docker run --memory`; cgroup v1 `memory.limit_in_bytes`). At least 6 MiB. */
      readonly limit?: number;
      /** The soft limit in bytes (`docker run --memory-reservation`; `memory.soft_limit_in_bytes`). At least 6 MiB, at most `limit`. */
      readonly reservation?: number;
      /**
       * Memory plus swap in bytes, as `docker run --memory-swap` (`memory.memsw.limit_in_bytes`); -1 for unlimited
       * swap. Needs `limit` and is at least `limit`.
       */
      readonly swap?: number;
    };

/** The cgroup limits a running task can change too (see `task.update`). */
export interface CgroupOptions {
  /**
   * The memory limit in bytes (`docker run --memory`, containerd `oci.WithMemoryLimit`), or its parts
   * `{ limit, reservation, swap }`. A limit or reservation below 6 MiB (runc's floor) is refused.
   */
  readonly memory?: MemoryOption;
  /**
   * How many CPUs' worth of time the container gets, e.g. `1.5` (`docker run --cpus`, containerd
   * `oci.WithCPUCFS(quota, 100000)`): a CFS period of 100000 µs and a quota of `cpus` × period. From 0.01 to the
   * machine's CPU count.
   */
  readonly cpus?: number;
  /** The relative CPU weight, 2..262144 (`docker run --cpu-shares`, containerd `oci.WithCPUShares`; cgroup v1 `cpu.shares`). */
  readonly cpuShares?: number;
  /** The CPUs the container may run on, e.g. `'0-1,3'` (`docker run --cpuset-cpus`, containerd `oci.WithCPUs`). Each must exist on the machine. */
  readonly cpusetCpus?: string;
  /** The most processes (and threads) the container may hold, or -1 for no limit (`docker run --pids-limit`, containerd `oci.WithPidsLimit`). */
  readonly pidsLimit?: number;
  /**
   * The block I/O weight, 10..1000 (`docker run --blkio-weight`; cgroup `blkio.weight`). Needs a kernel whose
   * I/O scheduler has cgroup weights (CFQ, or BFQ with CONFIG_BFQ_GROUP_IOSCHED): where the cgroup has no weight
   * file (blkio.weight, blkio.bfq.weight; io.weight, io.bfq.weight on cgroup v2) it is refused with a
   * HostUnsupportedError (an InvalidArgumentError) naming the files checked, where Docker drops it with a warning.
   */
  readonly blkioWeight?: number;
}

/** The names of {@link CgroupOptions}, to tell them from the other options. */
export const cgroupOptionNames = ['memory', 'cpus', 'cpuShares', 'cpusetCpus', 'pidsLimit', 'blkioWeight'] as const;

/** OCI LinuxResources (its parts we set), as JSON. */
export interface LinuxResources {
  /** Memory limits, bytes. */
  memory?: { limit?: number; reservation?: number; swap?: number };
  /** CPU limits. */
  cpu?: { shares?: number; quota?: number; period?: number; cpus?: string };
  /** The pids limit. */
  pids?: { limit: number };
  /** The block I/O weight. */
  blockIO?: { weight: number };
  [key: string]: unknown;
}

/** Whether `options` sets any {@link CgroupOptions}. */
export function hasCgroupOptions(options: CgroupOptions): boolean {
  return cgroupOptionNames.some((name) => options[name] !== undefined);
}

/**
 * The LinuxResources of `options`, checked: an InvalidArgumentError of `call` names the option and the value.
 *
 * @example
 * ```ts
 * linuxResources({ memory: 64 << 20, cpus: 0.5 }, 'newContainer')
 * // { memory: { limit: 67108864 }, cpu: { quota: 50000, period: 100000 } }
 * ```
 */
export function linuxResources(options: CgroupOptions, call: string): LinuxResources {
  const r: LinuxResources = {};
  if (options.memory !== undefined) r.memory = memory(options.memory, call);
  const cpu: NonNullable<LinuxResources['cpu']> = {};
  if (options.cpus !== undefined) {
    const max = hostCpus().length;
    const n = options.cpus;
    const quota = Math.round(n * CPU_PERIOD);
    // Docker: "Range of CPUs is from 0.01 to N.00, as there are only N CPUs available"
    if (typeof n !== 'number' || !Number.isFinite(n) || quota < 1000 || n > max) {
      throw invalidArgument(call, `cpus ${String(n)}: use a number from 0.01 to ${max}, the machine's CPU count`);
    }
    Object.assign(cpu, { quota, period: CPU_PERIOD });
  }
  if (options.cpuShares !== undefined) cpu.shares = integer('cpuShares', options.cpuShares, 2, 262_144, call);
  if (options.cpusetCpus !== undefined) cpu.cpus = cpuset(options.cpusetCpus, call);
  if (Object.keys(cpu).length > 0) r.cpu = cpu;
  if (options.pidsLimit !== undefined) {
    const p = options.pidsLimit;
    if (p !== -1) integer('pidsLimit', p, 1, Number.MAX_SAFE_INTEGER, call, 'a positive integer, or -1 for no limit');
    r.pids = { limit: p };
  }
  if (options.blkioWeight !== undefined) {
    const weight = integer('blkioWeight', options.blkioWeight, 10, 1000, call);
    if (!hostHasBlkioWeight()) {
      throw new HostUnsupportedError({
        option: 'blkioWeight',
        missing: 'block I/O weight in its cgroup',
        checked: BLKIO_WEIGHT_FILES,
        reason: 'the weight comes from the I/O scheduler (CFQ, removed in Linux 5.0, or BFQ built with CONFIG_BFQ_GROUP_IOSCHED); runc would fail to write it',
      }, call, weight);
    }
    r.blockIO = { weight };
  }
  return r;
}

function memory(m: MemoryOption, call: string): NonNullable<LinuxResources['memory']> {
  const parts = typeof m === 'number' ? { limit: m } : m;
  if (typeof parts !== 'object' || parts === null) throw invalidArgument(call, `memory ${String(m)}: use bytes, or { limit, reservation, swap }`);
  const out: NonNullable<LinuxResources['memory']> = {};
  const floor = (name: string, v: number): number =>
    integer(name, v, MIN_MEMORY, Number.MAX_SAFE_INTEGER, call, `bytes, at least 6 MiB (${MIN_MEMORY}, runc's floor)`);
  if (parts.limit !== undefined) out.limit = floor(typeof m === 'number' ? 'memory' : 'memory.limit', parts.limit);
  if (parts.reservation !== undefined) {
    out.reservation = floor('memory.reservation', parts.reservation);
    if (out.limit !== undefined && out.reservation > out.limit) {
      throw invalidArgument(call, `memory.reservation ${out.reservation} is above memory.limit ${out.limit}`);
    }
  }
  if (parts.swap !== undefined) {
    if (parts.swap !== -1) integer('memory.swap', parts.swap, 0, Number.MAX_SAFE_INTEGER, call, 'bytes of memory plus swap, or -1 for unlimited');
    if (out.limit === undefined) throw invalidArgument(call, `memory.swap ${parts.swap} needs memory.limit (as docker's --memory-swap needs --memory)`);
    if (parts.swap !== -1 && parts.swap < out.limit) {
      throw invalidArgument(call, `memory.swap ${parts.swap} is below memory.limit ${out.limit}: it counts memory plus swap`);
    }
    out.swap = parts.swap;
  }
  return out;
}

/** `'0-1,3'` checked against the machine's CPUs. */
function cpuset(list: string, call: string): string {
  const max = hostCpus().length;
  const bad = (why: string): Error => invalidArgument(call, `cpusetCpus ${JSON.stringify(list)}: ${why}`);
  if (typeof list !== 'string' || !/^\d+(-\d+)?(,\d+(-\d+)?)*$/.test(list)) throw bad("use a list such as '0-1,3'");
  for (const part of list.split(',')) {
    const [from, to = from] = part.split('-').map(Number) as [number, number?];
    if (from > to) throw bad(`${part} is a reversed range`);
    if (to >= max) throw bad(`CPU ${to} does not exist: this machine has CPUs 0-${max - 1}`);
  }
  return list;
}

/** `v` if it is an integer in min..max; an InvalidArgumentError naming `name` otherwise. */
export function integer(name: string, v: unknown, min: number, max: number, call: string, want = `an integer from ${min} to ${max}`): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) throw invalidArgument(call, `${name} ${String(v)}: use ${want}`);
  return v;
}

/** The files of a cgroup's block I/O weight: cgroup v1 (CFQ's, BFQ's), then v2. */
const BLKIO_WEIGHT_FILES = ['/sys/fs/cgroup/blkio/blkio.weight', '/sys/fs/cgroup/blkio/blkio.bfq.weight', '/sys/fs/cgroup/io.weight', '/sys/fs/cgroup/io.bfq.weight'];

function hostHasBlkioWeight(): boolean {
  return BLKIO_WEIGHT_FILES.some((f) => existsSync(f));
}
