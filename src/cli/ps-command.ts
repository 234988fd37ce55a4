/**
 * `rx-containerd ps`: containers and their tasks.
 * @module
 */
import { firstValueFrom } from 'rxjs';
import { Tasks } from '../proto/services.js';
import { toSnapshot, type ProcessSnapshot } from '../process/status.js';
import type { Command } from './command.js';
import { withClient } from './existing.js';
import { duration, table } from './format.js';
import { processUptimeMs } from './proc-start.js';

export const psCommand: Command = {
  name: 'ps',
  synopsis: '[--json]',
  summary: 'containers and tasks with status, pid, exit code, uptime',
  description: `Lists the namespace's containers with their task's status, pid, exit code and uptime (a task that was
created but not started has no uptime yet).`,
  options: {
    json: { type: 'boolean', help: 'a JSON array: id, status, pid, exitCode, uptimeMs, command (null where none)' },
  },
  run: (args) =>
    withClient(args.global, async (client) => {
      const [containers, { tasks }] = await Promise.all([client.containers(), firstValueFrom(client.conn.call$(Tasks.list, {}))]);
      const byId = new Map(tasks.map((t) => [t.containerId || t.id, toSnapshot(t)]));
      const rows = containers
        .sort((a, b) => a.id.localeCompare(b.id))
        .map((c) => row(c.id, byId.get(c.id), (c.spec()?.process.args ?? []).join(' ')));
      if (args.flag('json') === true) {
        console.log(JSON.stringify(rows, null, 2));
        return 0;
      }
      const cells = rows.map((r) => [r.id, r.status, dash(r.pid), dash(r.exitCode), r.uptimeMs === null ? '-' : duration(r.uptimeMs), r.command]);
      console.log(table([['CONTAINER', 'STATUS', 'PID', 'EXIT', 'UPTIME', 'COMMAND'], ...cells]));
      return 0;
    }),
};

interface Row {
  readonly id: string;
  readonly status: string;
  readonly pid: number | null;
  readonly exitCode: number | null;
  readonly uptimeMs: number | null;
  readonly command: string;
}

function row(id: string, s: ProcessSnapshot | undefined, command: string): Row {
  const alive = s !== undefined && s.status !== 'stopped' && s.pid > 0;
  // Uptime counts from the start: a created task's pid is runc's init, waiting for the start.
  const up = alive && s.status !== 'created' ? processUptimeMs(s.pid) : undefined;
  return {
    id,
    status: s?.status ?? 'no task',
    pid: alive ? s.pid : null,
    exitCode: s?.status === 'stopped' ? (s.exitStatus ?? null) : null,
    uptimeMs: up === undefined ? null : Math.round(up),
    command,
  };
}

function dash(n: number | null): string {
  return n === null ? '-' : String(n);
}
