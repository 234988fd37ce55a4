/**
 * The daemon's view of a process turned into ours.
 * @module
 */
import type { Process as ProcessMessage } from '../proto/messages.js';
import { toDate } from '../proto/timestamp.js';
import type { ProcessState, ProcessStatus } from './types.js';

/** A process's status with its pid, as a status check or the sweep sees it. */
export interface ProcessSnapshot extends ProcessStatus {
  /** The process's host pid (0 when it has none yet). */
  readonly pid: number;
}

/**
 * Converts a Tasks.Get / Tasks.List process into a snapshot. Go's zero time means "no exit": a stopped process
 * without an exit time never ran, and its snapshot has no `exitedAt` (none is made up).
 */
export function toSnapshot(p: ProcessMessage): ProcessSnapshot {
  const status = p.status.toLowerCase() as ProcessState;
  const exitedAt = toDate(p.exitedAt);
  if (status !== 'stopped') return { status, pid: p.pid };
  return exitedAt === undefined ? { status, pid: p.pid, exitStatus: p.exitStatus } : { status, pid: p.pid, exitStatus: p.exitStatus, exitedAt };
}
