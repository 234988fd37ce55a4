/**
 * Reaching what already exists in the daemon: a client for one command, a container by its name, its task.
 * @module
 */
import { rmSync } from 'node:fs';
import { connect, type Client } from '../process/client.js';
import type { Container } from '../process/container.js';
import type { Task } from '../process/task.js';
import { NotFoundError } from '../client/errors.js';
import { UsageError, type GlobalOptions } from './args.js';
import { CommandFailure } from './exit-codes.js';
import type { Command, Parsed } from './command.js';

/** Runs `work` with a client of the global options' daemon and namespace, closed at the end. */
export async function withClient<T>(global: GlobalOptions, work: (client: Client) => Promise<T>): Promise<T> {
  const client = connect(global);
  try {
    return await work(client);
  } finally {
    client.close();
  }
}

/** The container named `id`, or an error that says it is not in the namespace. */
export async function containerNamed(client: Client, id: string): Promise<Container> {
  try {
    return await client.loadContainer(id);
  } catch (error) {
    if (error instanceof NotFoundError) throw new CommandFailure(`no container ${JSON.stringify(id)} in namespace ${client.namespace}`, 1, { cause: error });
    throw error;
  }
}

/**
 * The container's task, or undefined when it has none. Its output stays with whoever reads it (a `run` in
 * another terminal): this handle only signals, waits, pauses and deletes.
 */
export async function taskOf(container: Container): Promise<Task | undefined> {
  let task: Task;
  try {
    task = await container.task({ stdio: 'ignore', stdin: false });
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
  await task.io.detach();
  return task;
}

/** The container's task, or an error saying that it has none. */
export async function runningTaskOf(container: Container): Promise<Task> {
  const task = await taskOf(container);
  if (task === undefined) throw new CommandFailure(`container ${container.id} has no task: start it first`, 1);
  return task;
}

/** A process's host pid, when it has one. */
export function pidOf(process: Pick<Task, 'pid'>): number | undefined {
  return process.pid;
}

/**
 * Runs `act` on each container the command names, in order, printing each id once done (as docker does);
 * the first failure ends the command.
 */
export function eachContainer(args: Parsed, command: Pick<Command, 'name' | 'synopsis'>, act: (container: Container) => Promise<unknown>): Promise<number> {
  if (args.positionals.length === 0) throw new UsageError(`${command.name} needs a container id: rx-containerd ${command.name} ${command.synopsis}`);
  return withClient(args.global, async (client) => {
    for (const id of args.positionals) {
      await act(await containerNamed(client, id));
      console.log(id);
    }
    return 0;
  });
}

/** The label of a container whose rootfs the CLI made for it: the directory goes with the container. */
export const ownRootfsLabel = 'rx-containerd/own-rootfs';

/** Deletes the container (it must have no task), and its rootfs when the CLI made it. */
export async function removeContainer(container: Container): Promise<void> {
  await container.delete();
  if (container.labels[ownRootfsLabel] === 'true' && container.rootfs !== undefined) rmSync(container.rootfs, { recursive: true, force: true });
}
