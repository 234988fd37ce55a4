/**
 * `rx-containerd inspect`: containers and their tasks as JSON.
 * @module
 */
import type { Container } from '../process/container.js';
import { UsageError } from './args.js';
import type { Command } from './command.js';
import { containerNamed, pidOf, taskOf, withClient } from './existing.js';

export const inspectCommand: Command = {
  name: 'inspect',
  synopsis: 'ID...',
  summary: 'containers and their tasks as JSON',
  description: `Prints a JSON array with one object per container, as docker inspect does: id, labels, createdAt, rootfs,
image, snapshot (snapshotter and key), stopSignal, the process (args, env, cwd, terminal, user) and the task (status, pid, exitCode, exitedAt), or task: null.`,
  options: {},
  run: async (args) => {
    if (args.positionals.length === 0) throw new UsageError(`inspect needs a container id: rx-containerd inspect ${inspectCommand.synopsis}`);
    return withClient(args.global, async (client) => {
      const found: object[] = [];
      for (const id of args.positionals) found.push(await describe(await containerNamed(client, id)));
      console.log(JSON.stringify(found, null, 2));
      return 0;
    });
  },
};

async function describe(container: Container): Promise<object> {
  const process = container.spec()?.process;
  const task = await taskOf(container);
  const status = await task?.status();
  return {
    id: container.id,
    labels: container.labels,
    createdAt: container.createdAt?.toISOString() ?? null,
    rootfs: container.rootfs ?? null,
    image: container.image ?? null,
    snapshot: container.snapshot ?? null,
    stopSignal: container.stopSignal ?? null,
    process: process ? { args: process.args, env: process.env, cwd: process.cwd, terminal: process.terminal ?? false, user: process.user } : null,
    task: task && status
      ? {
          status: status.status,
          pid: status.status === 'stopped' ? null : (pidOf(task) ?? null),
          exitCode: status.exitStatus ?? null,
          exitedAt: status.exitedAt?.toISOString() ?? null,
        }
      : null,
  };
}
