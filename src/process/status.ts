/**
 * The daemon's view of a process turned into ours.
 * @module
 */
import type { Process as ProcessMessage } from '../proto/messages.js';
import { toDate } from '../proto/timestamp.js';
import type { ExitStatus, ProcessState, ProcessStatus } from './types.js';

/** A process's status with its pid, as a status check or the sweep sees it. */
export interface ProcessSnapshot extends ProcessStatus {
  readonly pid: number;
}

/** Converts a Tasks.Get / Tasks.List process into a snapshot. Go's zero time means "no exit yet". */
export function toSnapshot(p: ProcessMessage): ProcessSnapshot {
  const status = p.status.toLowerCase() as ProcessState;
  const exitedAt = toDate(p.exitedAt);
  return status === 'stopped'
    ? { status, pid: p.pid, exitStatus: p.exitStatus, exitedAt: exitedAt ?? new Date() }
    : { status, pid: p.pid };
}

/** The exit status of a stopped snapshot, else undefined. */
export function exitOf(s: ProcessStatus): ExitStatus | undefined {
  return s.status === 'stopped' ? { code: s.exitStatus ?? 0, exitedAt: s.exitedAt ?? new Date() } : undefined;
}
