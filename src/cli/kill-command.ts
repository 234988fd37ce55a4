/**
 * `rx-containerd kill`: sends a signal to containers' tasks.
 * @module
 */
import type { Command } from './command.js';
import { eachContainer, runningTaskOf } from './existing.js';
import { signalArg, signalNames } from './signal-arg.js';

export const killCommand: Command = {
  name: 'kill',
  synopsis: '[options] ID...',
  summary: "send a signal to containers' tasks (default SIGKILL)",
  description: `Sends a signal to each container's task, as docker kill does (default SIGKILL; 'stop' is the graceful
way). Prints each id once the signal is sent.`,
  options: {
    signal: { type: 'string', short: 's', arg: 'SIG', suggest: signalNames, help: 'the signal, by name (TERM, SIGTERM) or number (default SIGKILL)' },
    all: { type: 'boolean', help: "every process in the container, the execs too (ctr's --all)" },
  },
  run: (args) => {
    const signal = signalArg(args.string('signal') ?? 'SIGKILL');
    return eachContainer(args, killCommand, async (container) => (await runningTaskOf(container)).kill(signal, { all: args.flag('all') === true }));
  },
};
