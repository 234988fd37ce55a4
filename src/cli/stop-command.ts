/**
 * `rx-containerd stop`: stops containers' tasks gracefully: the stop signal, a grace period, then SIGKILL.
 * @module
 */
import { firstValueFrom } from 'rxjs';
import { maxTimerMs } from '../supervise/check.js';
import { stopGracefully$ } from '../supervise/stop-gracefully.js';
import { wholeNumber } from './args.js';
import type { Command } from './command.js';
import { eachContainer, taskOf } from './existing.js';
import { signalArg, signalNames } from './signal-arg.js';

export const stopCommand: Command = {
  name: 'stop',
  synopsis: '[options] ID...',
  summary: 'stop tasks gracefully: the stop signal, then SIGKILL after the grace period',
  description: `Sends each container's task the stop signal (default: the container's image's StopSignal, else
SIGTERM), waits up to the grace period for it to
exit, then sends SIGKILL, as docker stop does. The stopped task stays, with its exit code (see ps); 'rm' removes
the container, 'start' runs it again. Prints each id once its task has exited.`,
  options: {
    grace: { type: 'string', arg: 'MS', help: 'grace period before SIGKILL, in ms (default 10000)' },
    signal: { type: 'string', short: 's', arg: 'SIG', suggest: signalNames, help: "the stop signal (default: the image's StopSignal, else SIGTERM)" },
  },
  run: (args) => {
    const gracePeriodMs = wholeNumber('grace', args.string('grace'), 10_000, 0, maxTimerMs);
    const given = args.string('signal');
    // none given: stopGracefully$ sends the task's own stop signal (its image's StopSignal), else SIGTERM
    const stopSignal = given === undefined ? undefined : signalArg(given);
    return eachContainer(args, stopCommand, async (container) => {
      const task = await taskOf(container);
      if (task === undefined || (await task.status()).status === 'stopped') return;
      await firstValueFrom(stopGracefully$(task, stopSignal === undefined ? { gracePeriodMs } : { stopSignal, gracePeriodMs }));
    });
  },
};
