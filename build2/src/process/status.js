import { toDate } from '../proto/timestamp.js';
/**
 * Converts a Tasks.Get / Tasks.List process into a snapshot. Go's zero time means "no exit": a stopped process
 * without an exit time never ran, and its snapshot has no `exitedAt` (none is made up).
 */
export function toSnapshot(p) {
    const status = p.status.toLowerCase();
    const exitedAt = toDate(p.exitedAt);
    if (status !== 'stopped')
        return { status, pid: p.pid };
    return exitedAt === undefined ? { status, pid: p.pid, exitStatus: p.exitStatus } : { status, pid: p.pid, exitStatus: p.exitStatus, exitedAt };
}
//# sourceMappingURL=status.js.map