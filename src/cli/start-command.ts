/**
 * `rx-containerd start`: starts containers' tasks again, detached.
 * @module
 */
import type { Container } from '../process/container.js';
import { CommandFailure } from './exit-codes.js';
import type { Command } from './command.js';
import { eachContainer, taskOf } from './existing.js';

export const startCommand: Command = {
  name: 'start',
  synopsis: 'ID...',
  summary: 'start containers again, detached (a kept or stopped one, or a created task)',
  description: `Starts each container's task in the background, as docker start does: a created task is started; a stopped
one is deleted and a new one made from the container's spec; a container without a task gets one. Its output goes
nowhere (use 'run' to see it). Prints each id once its task is running.`,
  options: {},
  run: (args) => eachContainer(args, startCommand, startDetached),
};

/** Starts the container's task (a new one unless one is created and waiting); it outlives this command. */
export async function startDetached(container: Container): Promise<void> {
  if (container.spec()?.process?.terminal === true) {
    throw new CommandFailure(`container ${container.id} has a terminal, which needs someone attached: run it with 'run --tty' instead`, 1);
  }
  let task = await taskOf(container);
  const status = (await task?.status())?.status;
  if (status === 'running' || status === 'paused' || status === 'pausing') throw new CommandFailure(`container ${container.id} is already ${status}`, 1);
  if (task !== undefined && status !== 'created') {
    await task.delete();
    task = undefined;
  }
  await (task ?? (await container.newTask({ stdio: 'ignore' }))).start();
}
