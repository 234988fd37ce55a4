/**
 * `rx-containerd ps`: containers and their tasks.
 * @module
 */
import { readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { Tasks } from '../proto/services.js';
import { connect } from '../process/client.js';
import { toSnapshot } from '../process/status.js';
import { globalHelp, parse } from './args.js';
import { duration, table } from './format.js';
export const psHelp = `Usage: rx-containerd ps

Lists the namespace's containers with their task's status, pid, exit code and uptime.
${globalHelp}`;
export async function psCommand(argv) {
    const { global, help } = parse(argv, {});
    if (help) {
        console.log(psHelp);
        return 0;
    }
    const client = connect(global);
    try {
        const [containers, { tasks }] = await Promise.all([client.containers(), firstValueFrom(client.conn.call$(Tasks.list, {}))]);
        const byId = new Map(tasks.map((t) => [t.containerId || t.id, t]));
        const rows = [['CONTAINER', 'STATUS', 'PID', 'EXIT', 'UPTIME', 'COMMAND']];
        for (const c of containers.sort((a, b) => a.id.localeCompare(b.id))) {
            const t = byId.get(c.id);
            const s = t ? toSnapshot(t) : undefined;
            const upMs = s && s.status !== 'stopped' && s.pid > 0 ? uptimeMs(s.pid) : undefined;
            rows.push([
                c.id,
                s?.status ?? 'no task',
                s && s.pid > 0 ? String(s.pid) : '-',
                s?.status === 'stopped' ? String(s.exitStatus) : '-',
                upMs !== undefined ? duration(upMs) : '-',
                (c.spec()?.process.args ?? []).join(' '),
            ]);
        }
        console.log(table(rows));
        return 0;
    }
    finally {
        client.close();
    }
}
/** How long a local pid has run, from /proc (the daemon runs on this host); undefined when unreadable. */
function uptimeMs(pid) {
    try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const startTicks = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]);
        const uptimeS = Number(readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
        return Math.max(0, (uptimeS - startTicks / 100) * 1000);
    }
    catch {
        return undefined;
    }
}
//# sourceMappingURL=ps-command.js.map