/**
 * When a local process started, from /proc: the daemon runs on this host, and neither Tasks.Get nor Tasks.List
 * says when a task started.
 * @module
 */
import { readFileSync } from 'node:fs';

/** How long the local process `pid` has run, in ms, from /proc; undefined when unreadable (gone, or not local). */
export function processUptimeMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
    const uptimeS = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    return Math.max(0, (uptimeS - startTicks / 100) * 1000); // USER_HZ is 100 on Linux
  } catch {
    return undefined;
  }
}
