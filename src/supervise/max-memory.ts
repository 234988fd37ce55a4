/**
 * `maxMemoryBytes`: a process whose memory goes over a limit is restarted gracefully, as pm2's
 * max_memory_restart does. The watch reads the process's metrics every `memoryIntervalMs` (pm2 checks every
 * 30 s) and tells the first sample over the limit.
 * @module
 */
import { catchError, EMPTY, filter, map, type Observable, take } from 'rxjs';
import { checkInteger, checkMs } from './check.js';
import type { SupervisedProcess } from './supervised-process.js';

/** When a process is restarted for its memory. */
export interface MaxMemoryOptions {
  /**
   * Restart the process gracefully (stop signal, grace period, SIGKILL) when its memory goes over this many
   * bytes, as pm2's `max_memory_restart`; its exit then counts as a failure, and the restart policy decides
   * what follows. Memory is the container's working set (`MemoryMetrics.workingSetBytes`: usage less the
   * inactive file cache, what `docker stats` shows), read from the process's `metrics$`. Default: no limit.
   * A process without `metrics$` is not watched.
   */
  readonly maxMemoryBytes?: number;
  /** How often the memory is read, in ms. Default 30 s (pm2's worker interval). */
  readonly memoryIntervalMs?: number;
}

/** pm2 checks its processes' memory every 30 s. */
export const defaultMemoryIntervalMs = 30_000;

/** The first reading over the limit: how much was used, and the limit. */
export interface MemoryExceeded {
  /** The working set seen, in bytes. */
  readonly usageBytes: number;
  /** The limit, in bytes. */
  readonly maxMemoryBytes: number;
}

/**
 * Whether a reading is over the limit: strictly more than `maxMemoryBytes` of working set.
 *
 * @example
 * ```ts
 * overMemory({ memory: { workingSetBytes: 70 << 20 } }, 64 << 20); // true
 * ```
 */
export function overMemory(sample: { readonly memory: { readonly workingSetBytes: number } }, maxMemoryBytes: number): boolean {
  return sample.memory.workingSetBytes > maxMemoryBytes;
}

/**
 * Watches a running process's memory: emits once, the first reading over `maxMemoryBytes`, then completes.
 * Emits nothing without a limit or without `metrics$` on the process; a failing read (the process gone) ends
 * the watch quietly, as the exit is what tells of that.
 *
 * ```
 * maxMemoryBytes 100, readings every 10 ms: 40, 80, 120
 * ──────────10──────────20──────────30
 * 40        80          (x|)             x = { usageBytes: 120, maxMemoryBytes: 100 }
 * ```
 */
export function memoryWatch$(process: SupervisedProcess, options: MaxMemoryOptions): Observable<MemoryExceeded> {
  const max = options.maxMemoryBytes;
  if (max === undefined || process.metrics$ === undefined) return EMPTY;
  return process.metrics$({ intervalMs: options.memoryIntervalMs ?? defaultMemoryIntervalMs }).pipe(
    filter((sample) => overMemory(sample, max)),
    take(1),
    map((sample) => ({ usageBytes: sample.memory.workingSetBytes, maxMemoryBytes: max })),
    catchError(() => EMPTY),
  );
}

/** `maxMemoryBytes` (a positive integer) and `memoryIntervalMs` (a positive timer delay), under `path`. */
export function checkMaxMemory(options: Record<string, unknown>, path: string): void {
  checkInteger(options['maxMemoryBytes'], `${path}.maxMemoryBytes`, 1);
  checkMs(options['memoryIntervalMs'], `${path}.memoryIntervalMs`, { positive: true, timer: true });
}
