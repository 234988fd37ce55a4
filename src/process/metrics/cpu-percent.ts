/**
 * CPU percentage between two samples of a task's metrics, as `docker stats` shows it.
 *
 * Docker computes `cpuDelta / systemDelta × onlineCPUs × 100`, where `cpuDelta` is the container's CPU time
 * between two reads and `systemDelta` the host's total CPU time over the same reads (/proc/stat, every state
 * of every CPU summed). Every CPU's time advances with the clock, so `systemDelta` is the online CPUs times
 * the wall time between the reads, and the formula comes down to `cpuDelta / wallDelta × 100`. That is what we
 * compute, with `wallDelta` read from the daemon's own timestamps of the two samples (it stamps each read of
 * the cgroup), so no access to the host's /proc is needed and the client's clock plays no part: 100 is one CPU
 * busy the whole time, 200 two. A sample without a timestamp falls back on the scheduler's clock when it
 * arrived. A counter that went backwards (a new cgroup under the same id) or no time elapsed gives 0, as
 * Docker shows 0.00% when a delta is not positive.
 * @module
 */
import { asyncScheduler, map, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { TaskMetrics } from './task-metrics.js';

/**
 * The CPU use between two readings, in percent of one CPU: `(cpu ns used) / (ns elapsed) × 100`.
 *
 * @example
 * ```ts
 * // 0.5 s of CPU time over 1 s of the daemon's clock: half a CPU
 * cpuPercent({ usageNs: 1e9, atMs: 0 }, { usageNs: 1.5e9, atMs: 1000 }); // 50
 * ```
 */
export function cpuPercent(
  previous: { readonly usageNs: number; readonly atMs: number },
  current: { readonly usageNs: number; readonly atMs: number },
): number {
  const cpuDeltaNs = current.usageNs - previous.usageNs;
  const wallDeltaNs = (current.atMs - previous.atMs) * 1e6;
  return cpuDeltaNs > 0 && wallDeltaNs > 0 ? (cpuDeltaNs / wallDeltaNs) * 100 : 0;
}

/**
 * Adds `cpuPercent` to each sample of a stream from its second on, against the sample before it. The time of
 * a sample is the daemon's `sampledAt`; when either of the two has none, the scheduler's clock at arrival.
 *
 * ```
 * samples:  a-------b-------c        (usageNs 0, 0.5e9, 1.5e9; 1 s apart)
 * result:   a-------b-------c        a: no cpuPercent, b: 50, c: 100
 * ```
 */
export function withCpuPercent(scheduler: SchedulerLike = asyncScheduler): OperatorFunction<TaskMetrics, TaskMetrics> {
  return (source) => {
    let previous: { usageNs: number; sampledMs: number | undefined; arrivedMs: number } | undefined;
    return source.pipe(
      map((sample) => {
        const current = { usageNs: sample.cpu.usageNs, sampledMs: sample.sampledAt?.getTime(), arrivedMs: scheduler.now() };
        const before = previous;
        previous = current;
        if (before === undefined) return sample;
        const daemonClock = before.sampledMs !== undefined && current.sampledMs !== undefined;
        const at = (s: typeof current): number => (daemonClock ? s.sampledMs! : s.arrivedMs);
        return { ...sample, cpuPercent: cpuPercent({ usageNs: before.usageNs, atMs: at(before) }, { usageNs: current.usageNs, atMs: at(current) }) };
      }),
    );
  };
}
