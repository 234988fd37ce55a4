/**
 * A task's packed metrics made typed: the cgroup v1 or v2 statistics decoded with our wire-compatible protos,
 * and the common figures read from them.
 * @module
 */
import { NotFoundError } from '../../client/errors.js';
import { MetricsDecodeError } from '../../client/metrics-error-classes.js';
import type { TaskMetric } from '../../proto/answers.js';
import type { CgroupV1BlkioEntry, CgroupV1Metrics } from '../../proto/cgroup-v1-messages.js';
import type { CgroupV2Metrics } from '../../proto/cgroup-v2-messages.js';
import { codec } from '../../proto/codec.js';
import { toDate } from '../../proto/timestamp.js';
import type { BlkioDevice, BlkioMetrics, TaskMetrics, TaskMetricsV1, TaskMetricsV2 } from './task-metrics.js';

/** The type of the statistics a runc shim sends on a cgroup v1 host. */
export const CGROUP_V1_METRICS = 'io.containerd.cgroups.v1.Metrics';
/** The type of the statistics a runc shim sends on a cgroup v2 host. */
export const CGROUP_V2_METRICS = 'io.containerd.cgroups.v2.Metrics';

const CALL = '/containerd.services.tasks.v1.Tasks/Metrics';

/** Limits at or above this are the kernel's "no limit" (v1: 2^63 rounded down to a page; v2: 2^64 - 1). */
const UNLIMITED = 2 ** 62;

const limitOf = (n: number): number | undefined => (n === 0 || n >= UNLIMITED ? undefined : n);

/** The message name a type_url names: containerd sends it bare; a `type.googleapis.com/` prefix is allowed. */
function typeName(typeUrl: string): string {
  return typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
}

/**
 * Decodes a task's packed metrics (what `task.rawMetrics()` gives) into {@link TaskMetrics}.
 *
 * Errors: NotFoundError when the metric carries no statistics of memory or pids: what the daemon sends for a
 * task whose cgroup folders are gone (an empty cpu and blkio, nothing else; measured on cgroup v1); MetricsDecodeError naming the type for a type_url
 * that is neither cgroup v1 nor v2 statistics, or for bytes that do not decode.
 *
 * @example
 * ```ts
 * const m = decodeMetrics(await task.rawMetrics());
 * m.cgroup; // 1 on a cgroup v1 host
 * ```
 */
export function decodeMetrics(metric: TaskMetric): TaskMetrics {
  const containerId = metric.id;
  const data = metric.data;
  const gone = (): NotFoundError =>
    new NotFoundError({ code: 5, daemonMessage: `the cgroup of task ${containerId} is gone: the daemon sent no statistics`, call: CALL });
  if (data === null || data.value.length === 0) throw gone();
  const name = typeName(data.typeUrl);
  if (name !== CGROUP_V1_METRICS && name !== CGROUP_V2_METRICS) {
    throw new MetricsDecodeError({ containerId, typeUrl: data.typeUrl, problem: 'unknown-type' });
  }
  const c = codec<CgroupV1Metrics | CgroupV2Metrics>(name);
  let stats: CgroupV1Metrics | CgroupV2Metrics;
  try {
    const problem = c.check(data.value);
    if (problem !== undefined) throw new Error(problem);
    stats = c.decode(data.value);
  } catch (cause) {
    throw new MetricsDecodeError({ containerId, typeUrl: data.typeUrl, problem: 'malformed', cause });
  }
  // containerd's cgroups package always fills cpu and blkio (empty when their files are gone) and skips a
  // controller whose folder is missing: neither memory nor pids means the cgroup is no more
  if (stats.memory === null && stats.pids === null) throw gone();
  const sampledAt = toDate(metric.timestamp);
  return name === CGROUP_V1_METRICS
    ? fromV1(containerId, sampledAt, stats as CgroupV1Metrics)
    : fromV2(containerId, sampledAt, stats as CgroupV2Metrics);
}

function fromV1(containerId: string, sampledAt: Date | undefined, stats: CgroupV1Metrics): TaskMetricsV1 {
  const m = stats.memory;
  const usage = m?.usage?.usage ?? 0;
  const swapTotal = m?.swap?.usage ?? 0;
  const cpu = stats.cpu;
  return {
    cgroup: 1,
    containerId,
    sampledAt,
    memory: {
      usageBytes: usage,
      workingSetBytes: Math.max(0, usage - (m?.totalInactiveFile ?? 0)),
      limitBytes: limitOf(m?.usage?.limit ?? 0),
      rssBytes: m?.totalRss ?? 0,
      cacheBytes: m?.totalCache ?? 0,
      maxUsageBytes: m?.usage === null || m === null ? undefined : m.usage.max,
      swapBytes: Math.max(0, swapTotal - usage),
      oomKills: stats.memoryOomControl?.oomKill ?? 0,
    },
    cpu: {
      usageNs: cpu?.usage?.total ?? 0,
      userNs: cpu?.usage?.user ?? 0,
      systemNs: cpu?.usage?.kernel ?? 0,
      periods: cpu?.throttling?.periods ?? 0,
      throttledPeriods: cpu?.throttling?.throttledPeriods ?? 0,
      throttledNs: cpu?.throttling?.throttledTime ?? 0,
    },
    pids: { current: stats.pids?.current ?? 0, limit: limitOf(stats.pids?.limit ?? 0) },
    blkio: blkioV1(stats.blkio?.ioServiceBytesRecursive ?? [], stats.blkio?.ioServicedRecursive ?? []),
    stats,
  };
}

/** Per device, the Read and Write lines of the bytes and the operations files (the kernel's Total is left out). */
function blkioV1(bytes: readonly CgroupV1BlkioEntry[], ops: readonly CgroupV1BlkioEntry[]): BlkioMetrics {
  const devices = new Map<string, { major: number; minor: number; readBytes: number; writeBytes: number; reads: number; writes: number }>();
  const add = (entries: readonly CgroupV1BlkioEntry[], read: 'readBytes' | 'reads', write: 'writeBytes' | 'writes'): void => {
    for (const e of entries) {
      const op = e.op.toLowerCase();
      if (op !== 'read' && op !== 'write') continue;
      const key = `${e.major}:${e.minor}`;
      let d = devices.get(key);
      if (d === undefined) devices.set(key, (d = { major: e.major, minor: e.minor, readBytes: 0, writeBytes: 0, reads: 0, writes: 0 }));
      d[op === 'read' ? read : write] += e.value;
    }
  };
  add(bytes, 'readBytes', 'writeBytes');
  add(ops, 'reads', 'writes');
  return summed([...devices.values()]);
}

function summed(devices: readonly BlkioDevice[]): BlkioMetrics {
  return {
    readBytes: devices.reduce((n, d) => n + d.readBytes, 0),
    writeBytes: devices.reduce((n, d) => n + d.writeBytes, 0),
    devices,
  };
}

function fromV2(containerId: string, sampledAt: Date | undefined, stats: CgroupV2Metrics): TaskMetricsV2 {
  const m = stats.memory;
  const usage = m?.usage ?? 0;
  const cpu = stats.cpu;
  return {
    cgroup: 2,
    containerId,
    sampledAt,
    memory: {
      usageBytes: usage,
      workingSetBytes: Math.max(0, usage - (m?.inactiveFile ?? 0)),
      limitBytes: limitOf(m?.usageLimit ?? 0),
      rssBytes: m?.anon ?? 0,
      cacheBytes: m?.file ?? 0,
      maxUsageBytes: undefined,
      swapBytes: m?.swapUsage ?? 0,
      oomKills: stats.memoryEvents?.oomKill ?? 0,
    },
    cpu: {
      usageNs: (cpu?.usageUsec ?? 0) * 1000,
      userNs: (cpu?.userUsec ?? 0) * 1000,
      systemNs: (cpu?.systemUsec ?? 0) * 1000,
      periods: cpu?.nrPeriods ?? 0,
      throttledPeriods: cpu?.nrThrottled ?? 0,
      throttledNs: (cpu?.throttledUsec ?? 0) * 1000,
    },
    pids: { current: stats.pids?.current ?? 0, limit: limitOf(stats.pids?.limit ?? 0) },
    blkio: summed((stats.io?.usage ?? []).map((e) => ({
      major: e.major, minor: e.minor, readBytes: e.rbytes, writeBytes: e.wbytes, reads: e.rios, writes: e.wios,
    }))),
    stats,
  };
}
