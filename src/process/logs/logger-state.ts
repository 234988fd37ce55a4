/**
 * Whether a container's logger runs, read on this host: its pid file (`logger.pid` in the log folder, written
 * when it starts, removed when it ends normally) against /proc. A pid file whose process is gone, or is another
 * program now, means the logger was killed: the process it logged for writes into a pipe nobody reads.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { asyncScheduler, distinctUntilChanged, exhaustMap, filter, from, interval, map, type Observable, type SchedulerLike, startWith, take } from 'rxjs';
import { LOGGER_PID_FILE } from './log-options.js';

/**
 * `'running'`: the logger is there; `'ended'`: no pid file (it ended normally, or has not started); `'killed'`:
 * its pid file is left but its process is gone (SIGKILL, the OOM killer).
 */
export type LoggerState = 'running' | 'ended' | 'killed';

/** The state of the logger writing into `dir`, with its pid when the pid file names one. */
export async function loggerState(dir: string): Promise<{ readonly state: LoggerState; readonly pid?: number }> {
  let text: string;
  try {
    text = await readFile(join(dir, LOGGER_PID_FILE), 'utf8');
  } catch {
    return { state: 'ended' };
  }
  const pid = Number(text.trim());
  if (!Number.isSafeInteger(pid) || pid <= 0) return { state: 'ended' };
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'latin1');
    const processState = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    // a recycled pid runs something else: the logger's command line names its folder
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0');
    const ours = cmdline.includes(dir);
    if (ours && processState !== 'Z' && processState !== 'X') return { state: 'running', pid };
  } catch {
    // no such process
  }
  // it may have ended normally between the two reads: then its pid file is gone
  return (await pidFileExists(dir)) ? { state: 'killed', pid } : { state: 'ended' };
}

async function pidFileExists(dir: string): Promise<boolean> {
  return readFile(join(dir, LOGGER_PID_FILE)).then(() => true, () => false);
}

/**
 * Emits the logger's pid once, when the logger writing into `dir` is found killed; checked every `periodMs`
 * (default 1000) while subscribed. Never emits for a logger that ends normally.
 */
export function loggerKilled$(dir: string, periodMs = 1000, scheduler: SchedulerLike = asyncScheduler): Observable<number | undefined> {
  return interval(periodMs, scheduler).pipe(
    startWith(-1),
    exhaustMap(() => from(loggerState(dir))),
    distinctUntilChanged((a, b) => a.state === b.state && a.pid === b.pid),
    filter((s) => s.state === 'killed'),
    take(1),
    map((s) => s.pid),
  );
}
