/**
 * The cgroup v2 statistics of a task (`io.containerd.cgroups.v2.Metrics`, what a runc shim on a cgroup v2 host
 * packs into a task's Metric), as plain objects in the shape protobufjs decodes them: camelCase names, uint64 as
 * number (exact up to 2^53; the "max" sentinel, 2^64 - 1, loses its last digits), an absent sub-message as
 * `null`. The build checks every interface against cgroups_v2_metrics.proto (messages-match.ts).
 * @module
 */
import type { CgroupPidsStat, CgroupRdmaStat } from './cgroup-v1-messages.js';

/** Everything the shim read of the task's cgroup v2 folder; a controller it could not read is `null` or empty. */
export interface CgroupV2Metrics {
  /** pids.current and pids.max. */
  readonly pids: CgroupPidsStat | null;
  /** cpu.stat. */
  readonly cpu: CgroupV2CpuStat | null;
  /** memory.stat, memory.current, memory.max, memory.swap.*. */
  readonly memory: CgroupV2MemoryStat | null;
  /** rdma.current and rdma.max. */
  readonly rdma: CgroupRdmaStat | null;
  /** io.stat. */
  readonly io: CgroupV2IoStat | null;
  /** hugetlb.<size>.* per huge page size. */
  readonly hugetlb: readonly CgroupV2HugetlbStat[];
  /** memory.events. */
  readonly memoryEvents: CgroupV2MemoryEvents | null;
}

/** cpu.stat, in microseconds. */
export interface CgroupV2CpuStat {
  /** All CPU time, µs. */
  readonly usageUsec: number;
  /** In user space, µs. */
  readonly userUsec: number;
  /** In the kernel, µs. */
  readonly systemUsec: number;
  /** CFS periods elapsed. */
  readonly nrPeriods: number;
  /** Periods in which the cgroup was throttled. */
  readonly nrThrottled: number;
  /** Time spent throttled, µs. */
  readonly throttledUsec: number;
}

/** memory.stat in bytes (the pg* and workingset_* fields are event counts), with the usage files. */
export interface CgroupV2MemoryStat {
  /** Anonymous memory. */
  readonly anon: number;
  /** File-backed memory (page cache). */
  readonly file: number;
  /** Kernel stacks. */
  readonly kernelStack: number;
  /** Kernel slab. */
  readonly slab: number;
  /** Network buffers. */
  readonly sock: number;
  /** Shared memory (tmpfs, shm). */
  readonly shmem: number;
  /** Memory-mapped files. */
  readonly fileMapped: number;
  /** File pages waiting to be written back. */
  readonly fileDirty: number;
  /** File pages being written back. */
  readonly fileWriteback: number;
  /** Anonymous transparent huge pages. */
  readonly anonThp: number;
  /** Anonymous memory on the inactive LRU list. */
  readonly inactiveAnon: number;
  /** Anonymous memory on the active LRU list. */
  readonly activeAnon: number;
  /** File-backed memory on the inactive LRU list: what the kernel reclaims first. */
  readonly inactiveFile: number;
  /** File-backed memory on the active LRU list. */
  readonly activeFile: number;
  /** Memory that cannot be reclaimed. */
  readonly unevictable: number;
  /** Slab that can be reclaimed. */
  readonly slabReclaimable: number;
  /** Slab that cannot. */
  readonly slabUnreclaimable: number;
  /** Page faults (count). */
  readonly pgfault: number;
  /** Major page faults (count). */
  readonly pgmajfault: number;
  /** Refaults of evicted pages (count). */
  readonly workingsetRefault: number;
  /** Refaulted pages activated at once (count). */
  readonly workingsetActivate: number;
  /** Shadow nodes reclaimed (count). */
  readonly workingsetNodereclaim: number;
  /** Pages scanned on the active list (count). */
  readonly pgrefill: number;
  /** Pages scanned on the inactive list (count). */
  readonly pgscan: number;
  /** Pages reclaimed (count). */
  readonly pgsteal: number;
  /** Pages moved to the active list (count). */
  readonly pgactivate: number;
  /** Pages moved to the inactive list (count). */
  readonly pgdeactivate: number;
  /** Pages postponed for lazy freeing (count). */
  readonly pglazyfree: number;
  /** Lazily freed pages reclaimed (count). */
  readonly pglazyfreed: number;
  /** Transparent huge pages allocated on fault (count). */
  readonly thpFaultAlloc: number;
  /** Transparent huge pages collapsed (count). */
  readonly thpCollapseAlloc: number;
  /** memory.current: all memory in use. */
  readonly usage: number;
  /** memory.max (2^64 - 1 for "max"). */
  readonly usageLimit: number;
  /** memory.swap.current. */
  readonly swapUsage: number;
  /** memory.swap.max (2^64 - 1 for "max"). */
  readonly swapLimit: number;
}

/** memory.events: how many times each boundary was hit. */
export interface CgroupV2MemoryEvents {
  /** Reclaimed while under memory.low. */
  readonly low: number;
  /** Throttled over memory.high. */
  readonly high: number;
  /** About to go over memory.max. */
  readonly max: number;
  /** Went out of memory. */
  readonly oom: number;
  /** Processes the OOM killer killed. */
  readonly oomKill: number;
}

/** io.stat. */
export interface CgroupV2IoStat {
  /** One entry per device. */
  readonly usage: readonly CgroupV2IoEntry[];
}

/** One device of io.stat. */
export interface CgroupV2IoEntry {
  /** The device's major number. */
  readonly major: number;
  /** The device's minor number. */
  readonly minor: number;
  /** Bytes read. */
  readonly rbytes: number;
  /** Bytes written. */
  readonly wbytes: number;
  /** Read operations. */
  readonly rios: number;
  /** Write operations. */
  readonly wios: number;
}

/** One huge page size's use. */
export interface CgroupV2HugetlbStat {
  /** Bytes in use. */
  readonly current: number;
  /** The limit (2^64 - 1 for "max"). */
  readonly max: number;
  /** The page size, e.g. `'2MB'`. */
  readonly pagesize: string;
}
