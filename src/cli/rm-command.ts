/**
 * `rx-containerd rm`: removes containers, and with `-f` their running tasks first.
 * @module
 */
import { CommandFailure } from './exit-codes.js';
import type { Command } from './command.js';
import { eachContainer, removeContainer, taskOf } from './existing.js';

export const rmCommand: Command = {
  name: 'rm',
  synopsis: '[options] ID...',
  summary: 'remove containers (-f: kill their running tasks first)',
  description: `Removes each container with its stopped task, as docker rm does. A container whose task is still alive is
refused unless -f is given: then the task is killed (SIGKILL) first. Prints each id once removed.`,
  options: {
    force: { type: 'boolean', short: 'f', help: 'kill a running task first' },
  },
  run: (args) =>
    eachContainer(args, rmCommand, async (container) => {
      const task = await taskOf(container);
      if (task !== undefined) {
        const { status } = await task.status();
        if (status !== 'stopped' && args.flag('force') !== true) {
          throw new CommandFailure(`container ${container.id} is ${status}: stop it first, or rm -f to kill it`, 1);
        }
        await task.delete({ kill: status !== 'stopped' });
      }
      await removeContainer(container);
    }),
};
