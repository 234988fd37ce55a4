/**
 * A task's resource use as `task.metrics()` gives it: the same few figures for cgroup v1 and v2 hosts (memory,
 * CPU, pids, block IO), read from the statistics the daemon packs, with the whole decoded message beside them
 * under `stats`, typed by `cgroup`.
 * @module
 */
import type { CgroupV1Metrics } from '../../proto/cgroup-v1-messages.js';
import type { CgroupV2Metrics } from '../../proto/cgroup-v2-messages.js';

/** Memory, in bytes. */
export interface MemoryMetrics {
  /** All memory charged to the cgroup, page cache included: v1 memory.usage_in_bytes, v2 memory.current. */
  readonly usageBytes: number;
  /**
   * What the container uses that the kernel cannot simply drop: usage less the inactive file cache (v1
   * total_inactive_file, v2 inactive_file), never below 0. Kubernetes' working set, and what `docker stats`
   * shows as MEM USAGE; what `maxMemoryBytes` compares with.
   */
  readonly workingSetBytes: number;
  /** The memory limit; undefined when there is none (v1's 2^63 - 4096, v2's "max"). */
  readonly limitBytes: number | undefined;
  /** Anonymous memory: v1 total_rss, v2 anon. */
  readonly rssBytes: number;
  /** Page cache: v1 total_cache, v2 file. */
  readonly cacheBytes: number;
  /** The most ever used (v1 memory.max_usage_in_bytes); undefined on v2, whose statistics do not carry it. */
  readonly maxUsageBytes: number | undefined;
  /** Swap in use (v1 memsw usage less usage, v2 memory.swap.current); 0 without swap accounting. */
  readonly swapBytes: number;
  /** How many processes the OOM killer killed in the cgroup (v1 memory.oom_control oom_kill, v2 memory.events oom_kill). */
  readonly oomKills: number;
}

/** CPU time, in nanoseconds (v2's microseconds times 1000), and CFS throttling. */
export interface CpuMetrics {
  /** All CPU time used since the cgroup was made, ns. */
  readonly usageNs: number;
  /** In user space, ns. */
  readonly userNs: number;
  /** In the kernel, ns. */
  readonly systemNs: number;
  /** CFS periods elapsed under a CPU quota (`cpus`); 0 without one. */
  readonly periods: number;
  /** Periods in which the quota throttled the cgroup. */
  readonly throttledPeriods: number;
  /** Time throttled, ns. */
  readonly throttledNs: number;
}

/** Processes. */
export interface PidsMetrics {
  /** Processes and threads now. */
  readonly current: number;
  /** The limit (`pidsLimit`); undefined when there is none. */
  readonly limit: number | undefined;
}

/** Block IO of one device. */
export interface BlkioDevice {
  /** The device's major number. */
  readonly major: number;
  /** The device's minor number. */
  readonly minor: number;
  /** Bytes read. */
  readonly readBytes: number;
  /** Bytes written. */
  readonly writeBytes: number;
  /** Read operations. */
  readonly reads: number;
  /** Write operations. */
  readonly writes: number;
}

/** Block IO, summed over devices as `docker stats` shows BLOCK I/O, and per device. */
export interface BlkioMetrics {
  /** Bytes read from block devices. */
  readonly readBytes: number;
  /** Bytes written to block devices. */
  readonly writeBytes: number;
  /** Per device (v1 blkio.io_service_bytes_recursive and io_serviced_recursive; v2 io.stat). */
  readonly devices: readonly BlkioDevice[];
}

/** What both cgroup versions give. */
export interface TaskMetricsCommon {
  /** The task's container. */
  readonly containerId: string;
  /** When the daemon read the cgroup (its clock); undefined if it did not say. */
  readonly sampledAt: Date | undefined;
  /** Memory, in bytes. */
  readonly memory: MemoryMetrics;
  /** CPU time, ns. */
  readonly cpu: CpuMetrics;
  /** Processes. */
  readonly pids: PidsMetrics;
  /** Block IO, in bytes and operations. */
  readonly blkio: BlkioMetrics;
  /**
   * CPU use between the previous sample of a polling `metrics$({ intervalMs })` and this one, in percent of one
   * CPU as `docker stats` shows it (200 is two CPUs busy). Absent on a single reading and on a stream's first
   * sample: it needs two.
   */
  readonly cpuPercent?: number;
}

/** The metrics of a task on a cgroup v1 host. */
export interface TaskMetricsV1 extends TaskMetricsCommon {
  /** The host's cgroup version: 1. */
  readonly cgroup: 1;
  /** Everything the daemon sent, decoded (io.containerd.cgroups.v1.Metrics). */
  readonly stats: CgroupV1Metrics;
}

/** The metrics of a task on a cgroup v2 host. */
export interface TaskMetricsV2 extends TaskMetricsCommon {
  /** The host's cgroup version: 2. */
  readonly cgroup: 2;
  /** Everything the daemon sent, decoded (io.containerd.cgroups.v2.Metrics). */
  readonly stats: CgroupV2Metrics;
}

/**
 * A task's metrics: the common figures, and the full statistics of its cgroup version under `stats`.
 *
 * @example
 * ```ts
 * const m = await task.metrics();
 * console.log(m.memory.workingSetBytes, m.cpu.usageNs);
 * if (m.cgroup === 1) console.log(m.stats.memory?.totalPgFault);
 * else console.log(m.stats.memory?.pgfault);
 * ```
 */
export type TaskMetrics = TaskMetricsV1 | TaskMetricsV2;

/** Options of `task.metrics$()`. */
export interface MetricsOptions {
  /**
   * Read the metrics every `intervalMs` (the first at once) until the task exits or the subscriber leaves, with
   * `cpuPercent` from the second sample on. Without it, `metrics$()` reads once. A read still in flight when the
   * next is due makes that one skipped. Docker's `docker stats` reads about every second.
   */
  readonly intervalMs?: number;
}
