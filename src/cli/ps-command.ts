/**
 * `rx-containerd ps`: containers and their tasks.
 * @module
 */
import { firstValueFrom } from 'rxjs';
import { Tasks } from '../proto/services.js';
import { toSnapshot, type ProcessSnapshot } from '../process/status.js';
import type { Command } from './command.js';
import { withClient } from './existing.js';
import { fleetHelp, fleetOf, fleetOptions } from './fleet-args.js';
import { duration, table } from './format.js';
import type { Fleet } from '../fleet/fleet.js';
import { processUptimeMs } from './proc-start.js';

export const psCommand: Command = {
  name: 'ps',
  synopsis: '[--json] [--node NAME=ADDRESS]... [--fleet FILE]',
  summary: 'containers and tasks with status, pid, exit code, uptime',
  description: `Lists the namespace's containers with their task's status, pid, exit code and uptime (a task that was
created but not started has no uptime yet).

${fleetHelp} A node that does not answer is named on stderr (the exit code is then 1); the others are listed.
Uptime is read from this host's /proc: a node reached over TCP shows none.`,
  options: {
    json: { type: 'boolean', help: 'a JSON array: id, status, pid, exitCode, uptimeMs, command (null where none), and node with a fleet' },
    ...fleetOptions,
  },
  run: (args) => {
    const fleet = fleetOf(args);
    if (fleet !== undefined) return fleetPs(fleet, args.flag('json') === true);
    return withClient(args.global, async (client) => {
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
    });
  },
};

/** `ps` over a fleet: every node's containers with a NODE column; a node that fails is named on stderr. */
async function fleetPs(fleet: Fleet, json: boolean): Promise<number> {
  try {
    const [containers, tasks] = await Promise.all([fleet.containers(), fleet.tasks()]);
    const byKey = new Map(tasks.items.map((t) => [`${t.node}/${t.containerId}`, t]));
    const local = new Set(fleet.nodes.filter((n) => fleet.node(n).conn.target.startsWith('unix:')));
    const rows = containers.items
      .map(({ node, container: c }) => ({ node, ...row(c.id, byKey.get(`${node}/${c.id}`), (c.spec()?.process.args ?? []).join(' '), local.has(node)) }))
      .sort((a, b) => a.node.localeCompare(b.node) || a.id.localeCompare(b.id));
    const failed = new Map([...containers.failures, ...tasks.failures].map((f) => [f.node, f.error.message]));
    for (const [node, message] of failed) console.error(`rx-containerd: node ${node}: ${message.split('\n')[0]}`);
    if (json) console.log(JSON.stringify(rows, null, 2));
    else {
      const cells = rows.map((r) => [r.node, r.id, r.status, dash(r.pid), dash(r.exitCode), r.uptimeMs === null ? '-' : duration(r.uptimeMs), r.command]);
      console.log(table([['NODE', 'CONTAINER', 'STATUS', 'PID', 'EXIT', 'UPTIME', 'COMMAND'], ...cells]));
    }
    return failed.size > 0 ? 1 : 0;
  } finally {
    fleet.close();
  }
}

interface Row {
  readonly id: string;
  readonly status: string;
  readonly pid: number | null;
  readonly exitCode: number | null;
  readonly uptimeMs: number | null;
  readonly command: string;
}

function row(id: string, s: ProcessSnapshot | undefined, command: string, local = true): Row {
  const alive = s !== undefined && s.status !== 'stopped' && s.pid > 0;
  // Uptime counts from the start: a created task's pid is runc's init, waiting for the start; a remote pid is not ours to read.
  const up = alive && local && s.status !== 'created' ? processUptimeMs(s.pid) : undefined;
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
