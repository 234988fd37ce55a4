/**
 * What `rx-containerd top` shows of its rows: when it refreshes, the table for a terminal and the JSON line for
 * machines. Pure: the terminal itself is `top-terminal.ts`.
 * @module
 */
import { asyncScheduler, auditTime, map, type OperatorFunction, type SchedulerLike, switchMap, timer } from 'rxjs';
import { bytes, duration, table } from './format.js';
import type { TopRow } from './top-rows.js';

/** The rows of one refresh, and when it was. */
export interface TopFrame {
  readonly rows: readonly TopRow[];
  /** The refresh's time, in ms since the epoch (what uptimes count to). */
  readonly at: number;
}

/**
 * A frame after each change (changes within `settleMs` make one) and again every `intervalMs` while nothing
 * changes, so that uptimes go on.
 *
 * ```text
 * rows:    a-----b--------|      (intervalMs 4, settleMs 1)
 * frames:  -a---a-b---b---b      a, b: their rows
 * ```
 */
export function topFrames(intervalMs: number, settleMs = 50, scheduler: SchedulerLike = asyncScheduler): OperatorFunction<readonly TopRow[], TopFrame> {
  return (rows$) =>
    rows$.pipe(
      auditTime(settleMs, scheduler),
      switchMap((rows) => timer(0, intervalMs, scheduler).pipe(map(() => ({ rows, at: scheduler.now() })))),
    );
}

/** How long the row's task has run at `at`, in ms; null when it does not run. */
export function uptimeMs(row: TopRow, at: number): number | null {
  return row.startedAt === null || (row.status !== 'running' && row.status !== 'paused') ? null : Math.max(0, at - row.startedAt);
}

/** The status column: the daemon's word, or how the last task ended. */
export function statusText(row: TopRow): string {
  if ((row.status === 'stopped' || row.status === 'no task') && row.exitCode !== null) return `exited ${row.exitCode}${row.oomKilled ? ' (oom)' : ''}`;
  return row.status;
}

const dash = (v: string | null): string => v ?? '-';

/**
 * The terminal's frame: a title line, then the table, each line cut at `width` columns, and rows past `height`
 * lines left out with a last line that counts them.
 */
export function topScreen(frame: TopFrame, namespace: string, width: number, height = Infinity): string {
  const title = `rx-containerd top  namespace ${namespace}  ${new Date(frame.at).toISOString().slice(11, 19)}  ${frame.rows.length} container${frame.rows.length === 1 ? '' : 's'}  (q to quit)`;
  // a fleet's rows carry their node: a NODE column first, as `ps --node` shows it
  const nodes = frame.rows.some((r) => r.node !== undefined);
  const cells = frame.rows.map((r) => {
    const up = uptimeMs(r, frame.at);
    return [
      ...(nodes ? [r.node ?? '-'] : []),
      r.name,
      statusText(r),
      dash(r.pid === null ? null : String(r.pid)),
      dash(up === null ? null : duration(up)),
      dash(r.restarts === null ? null : String(r.restarts)),
      dash(r.cpuPercent === null ? null : `${r.cpuPercent.toFixed(1)}%`),
      dash(r.memoryBytes === null ? null : bytes(r.memoryBytes)),
    ];
  });
  const body = table([[...(nodes ? ['NODE'] : []), 'NAME', 'STATUS', 'PID', 'UPTIME', 'RESTARTS', 'CPU %', 'MEMORY'], ...cells]);
  let lines = [title, '', ...body.split('\n')];
  if (lines.length > height) {
    const kept = Math.max(3, height - 1);
    lines = [...lines.slice(0, kept), `... and ${lines.length - kept} more`];
  }
  return lines.map((line) => line.slice(0, Math.max(1, width))).join('\n');
}

/** One JSON line of a frame: `{ time, namespace, rows: [{ node?, id, name, status, pid, uptimeMs, restarts, cpuPercent, memoryBytes, exitCode, oomKilled }] }` (`node` on a fleet's rows only). */
export function topJson(frame: TopFrame, namespace: string): string {
  return JSON.stringify({
    time: new Date(frame.at).toISOString(),
    namespace,
    rows: frame.rows.map((r) => ({
      ...(r.node === undefined ? {} : { node: r.node }),
      id: r.id,
      name: r.name,
      status: r.status,
      pid: r.pid,
      uptimeMs: uptimeMs(r, frame.at),
      restarts: r.restarts,
      cpuPercent: r.cpuPercent === null ? null : Math.round(r.cpuPercent * 10) / 10,
      memoryBytes: r.memoryBytes,
      exitCode: r.exitCode,
      oomKilled: r.oomKilled,
    })),
  });
}
