/**
 * The cgroup v1 statistics of a task (`io.containerd.cgroups.v1.Metrics`, what a runc shim on a cgroup v1 host
 * packs into a task's Metric), as plain objects in the shape protobufjs decodes them: camelCase names, uint64 as
 * number (exact up to 2^53; only the "no limit" sentinels go above, and lose their last digits), an absent
 * sub-message as `null`. Field by field what containerd's cgroups package reads from the cgroup's files; the
 * build checks every interface against cgroups_v1_metrics.proto (messages-match.ts).
 * @module
 */

/** Everything the shim read of the task's cgroup v1 hierarchy; a controller it could not read is `null` or empty. */
export interface CgroupV1Metrics {
  /** hugetlb.<size>.* per huge page size. */
  readonly hugetlb: readonly CgroupV1HugetlbStat[];
  /** pids.current and pids.max. */
  readonly pids: CgroupPidsStat | null;
  /** cpuacct usage and the CFS throttling of cpu.stat. */
  readonly cpu: CgroupV1CpuStat | null;
  /** memory.stat and the memory.*_in_bytes files. */
  readonly memory: CgroupV1MemoryStat | null;
  /** The blkio.*_recursive files. */
  readonly blkio: CgroupV1BlkioStat | null;
  /** rdma.current and rdma.max. */
  readonly rdma: CgroupRdmaStat | null;
  /** Network interfaces (filled by other runtimes; the runc shim leaves it empty). */
  readonly network: readonly CgroupV1NetworkStat[];
  /** How many tasks of the cgroup are in each scheduler state (when the shim reads them). */
  readonly cgroupStats: CgroupV1CgroupStats | null;
  /** memory.oom_control. */
  readonly memoryOomControl: CgroupV1MemoryOomControl | null;
}

/** One huge page size's use. */
export interface CgroupV1HugetlbStat {
  /** Bytes in use. */
  readonly usage: number;
  /** The most bytes ever in use. */
  readonly max: number;
  /** How many allocations hit the limit. */
  readonly failcnt: number;
  /** The page size, e.g. `'2MB'`. */
  readonly pagesize: string;
}

/** The pids controller: processes now, and the limit. */
export interface CgroupPidsStat {
  /** Processes and threads in the cgroup now. */
  readonly current: number;
  /** pids.max: v1 sends 0 for no limit, v2 2^64 - 1. */
  readonly limit: number;
}

/** The cpu and cpuacct controllers. */
export interface CgroupV1CpuStat {
  /** CPU time used. */
  readonly usage: CgroupV1CpuUsage | null;
  /** CFS quota throttling. */
  readonly throttling: CgroupV1Throttle | null;
}

/** cpuacct.usage and its split, in nanoseconds. */
export interface CgroupV1CpuUsage {
  /** All CPU time, ns. */
  readonly total: number;
  /** In the kernel (system), ns. */
  readonly kernel: number;
  /** In user space, ns. */
  readonly user: number;
  /** All CPU time per CPU, ns. */
  readonly perCpu: readonly number[];
}

/** The throttling counters of cpu.stat. */
export interface CgroupV1Throttle {
  /** CFS periods elapsed (nr_periods). */
  readonly periods: number;
  /** Periods in which the cgroup was throttled (nr_throttled). */
  readonly throttledPeriods: number;
  /** Time spent throttled, ns (throttled_time). */
  readonly throttledTime: number;
}

/**
 * memory.stat in bytes (the `pg*` fields are event counts), for this cgroup and, as `total*`, with its
 * descendants; and the usage files as entries.
 */
export interface CgroupV1MemoryStat {
  /** Page cache. */
  readonly cache: number;
  /** Anonymous memory and swap cache (rss). */
  readonly rss: number;
  /** Anonymous transparent huge pages. */
  readonly rssHuge: number;
  /** Memory-mapped files. */
  readonly mappedFile: number;
  /** Waiting to be written back. */
  readonly dirty: number;
  /** Being written back. */
  readonly writeback: number;
  /** Pages charged (count). */
  readonly pgPgIn: number;
  /** Pages uncharged (count). */
  readonly pgPgOut: number;
  /** Page faults (count). */
  readonly pgFault: number;
  /** Major page faults (count). */
  readonly pgMajFault: number;
  /** Anonymous memory on the inactive LRU list. */
  readonly inactiveAnon: number;
  /** Anonymous memory on the active LRU list. */
  readonly activeAnon: number;
  /** File-backed memory on the inactive LRU list: what the kernel reclaims first. */
  readonly inactiveFile: number;
  /** File-backed memory on the active LRU list. */
  readonly activeFile: number;
  /** Memory that cannot be reclaimed (mlocked). */
  readonly unevictable: number;
  /** The memory limit of the hierarchy. */
  readonly hierarchicalMemoryLimit: number;
  /** The memory plus swap limit of the hierarchy. */
  readonly hierarchicalSwapLimit: number;
  /** cache, with descendants. */
  readonly totalCache: number;
  /** rss, with descendants. */
  readonly totalRss: number;
  /** rss_huge, with descendants. */
  readonly totalRssHuge: number;
  /** mapped_file, with descendants. */
  readonly totalMappedFile: number;
  /** dirty, with descendants. */
  readonly totalDirty: number;
  /** writeback, with descendants. */
  readonly totalWriteback: number;
  /** pgpgin, with descendants (count). */
  readonly totalPgPgIn: number;
  /** pgpgout, with descendants (count). */
  readonly totalPgPgOut: number;
  /** pgfault, with descendants (count). */
  readonly totalPgFault: number;
  /** pgmajfault, with descendants (count). */
  readonly totalPgMajFault: number;
  /** inactive_anon, with descendants. */
  readonly totalInactiveAnon: number;
  /** active_anon, with descendants. */
  readonly totalActiveAnon: number;
  /** inactive_file, with descendants. */
  readonly totalInactiveFile: number;
  /** active_file, with descendants. */
  readonly totalActiveFile: number;
  /** unevictable, with descendants. */
  readonly totalUnevictable: number;
  /** memory.usage_in_bytes, memory.limit_in_bytes, memory.max_usage_in_bytes, memory.failcnt. */
  readonly usage: CgroupV1MemoryEntry | null;
  /** The same of memory.memsw.* (memory plus swap). */
  readonly swap: CgroupV1MemoryEntry | null;
  /** The same of memory.kmem.* (kernel memory). */
  readonly kernel: CgroupV1MemoryEntry | null;
  /** The same of memory.kmem.tcp.* (TCP buffers). */
  readonly kernelTcp: CgroupV1MemoryEntry | null;
}

/** One family of memory counters, in bytes. */
export interface CgroupV1MemoryEntry {
  /** The limit (9223372036854771712, about 2^63, for none). */
  readonly limit: number;
  /** In use now. */
  readonly usage: number;
  /** The most ever in use. */
  readonly max: number;
  /** How many times the limit was hit (count). */
  readonly failcnt: number;
}

/** memory.oom_control. */
export interface CgroupV1MemoryOomControl {
  /** 1 when the OOM killer is disabled for the cgroup. */
  readonly oomKillDisable: number;
  /** 1 while the cgroup is under OOM (its processes paused, with the killer disabled). */
  readonly underOom: number;
  /** How many processes the OOM killer killed in the cgroup (kernels from 4.13). */
  readonly oomKill: number;
}

/** The blkio controller's recursive counters, one entry per device and operation. */
export interface CgroupV1BlkioStat {
  /** Bytes transferred (blkio.io_service_bytes_recursive, or the throttle policy's when that is empty). */
  readonly ioServiceBytesRecursive: readonly CgroupV1BlkioEntry[];
  /** Operations done (blkio.io_serviced_recursive). */
  readonly ioServicedRecursive: readonly CgroupV1BlkioEntry[];
  /** Operations queued. */
  readonly ioQueuedRecursive: readonly CgroupV1BlkioEntry[];
  /** Time servicing operations, ns. */
  readonly ioServiceTimeRecursive: readonly CgroupV1BlkioEntry[];
  /** Time operations waited, ns. */
  readonly ioWaitTimeRecursive: readonly CgroupV1BlkioEntry[];
  /** Operations merged. */
  readonly ioMergedRecursive: readonly CgroupV1BlkioEntry[];
  /** Disk time, ms. */
  readonly ioTimeRecursive: readonly CgroupV1BlkioEntry[];
  /** Sectors transferred. */
  readonly sectorsRecursive: readonly CgroupV1BlkioEntry[];
}

/** One line of a blkio file. */
export interface CgroupV1BlkioEntry {
  /** The operation: `'Read'`, `'Write'`, `'Sync'`, `'Async'`, `'Discard'`, `'Total'`; empty for a plain count. */
  readonly op: string;
  /** The device's name where the shim found it, else empty. */
  readonly device: string;
  /** The device's major number. */
  readonly major: number;
  /** The device's minor number. */
  readonly minor: number;
  /** The count. */
  readonly value: number;
}

/** The rdma controller. */
export interface CgroupRdmaStat {
  /** Use per device. */
  readonly current: readonly CgroupRdmaEntry[];
  /** Limits per device. */
  readonly limit: readonly CgroupRdmaEntry[];
}

/** One device of the rdma controller. */
export interface CgroupRdmaEntry {
  /** The device. */
  readonly device: string;
  /** HCA handles. */
  readonly hcaHandles: number;
  /** HCA objects. */
  readonly hcaObjects: number;
}

/** One network interface's counters. */
export interface CgroupV1NetworkStat {
  /** The interface. */
  readonly name: string;
  /** Bytes received. */
  readonly rxBytes: number;
  /** Packets received. */
  readonly rxPackets: number;
  /** Receive errors. */
  readonly rxErrors: number;
  /** Received packets dropped. */
  readonly rxDropped: number;
  /** Bytes sent. */
  readonly txBytes: number;
  /** Packets sent. */
  readonly txPackets: number;
  /** Send errors. */
  readonly txErrors: number;
  /** Packets to send dropped. */
  readonly txDropped: number;
}

/** The cgroup's tasks by scheduler state. */
export interface CgroupV1CgroupStats {
  /** Sleeping. */
  readonly nrSleeping: number;
  /** Running. */
  readonly nrRunning: number;
  /** Stopped. */
  readonly nrStopped: number;
  /** In uninterruptible sleep. */
  readonly nrUninterruptible: number;
  /** Waiting on IO. */
  readonly nrIoWait: number;
}
