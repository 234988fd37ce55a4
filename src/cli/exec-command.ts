/**
 * `rx-containerd exec`: runs a command in a container's running task, in the foreground.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { maxTimerMs } from '../supervise/check.js';
import { UsageError, wholeNumber } from './args.js';
import type { Command } from './command.js';
import { environment } from './env-args.js';
import { notRunnable } from './exit-codes.js';
import { containerNamed, runningTaskOf, withClient } from './existing.js';
import { foregroundOptions, runInForeground } from './foreground.js';
import { listenForInterrupts } from './interrupts.js';

export const execCommand: Command = {
  name: 'exec',
  synopsis: '[options] ID [--] CMD [ARGS...]',
  summary: "run a command in a container's running task",
  description: `Runs CMD inside the container's running task, as docker exec does: with the container's environment (-e adds
to it), user and working directory unless given. Streams its output and exits with its exit code (127 when CMD
is not found, 126 when it cannot be executed). Ctrl-C stops it gracefully, a second Ctrl-C kills it.`,
  commandLineAfter: 1,
  options: {
    ...foregroundOptions,
    user: { type: 'string', short: 'u', arg: 'USER', help: "who runs it: name, name:group, uid or uid:gid (default the container's)" },
    workdir: { type: 'string', short: 'w', arg: 'DIR', help: "working directory inside the container (default the container's)" },
    'exec-id': { type: 'string', arg: 'ID', help: 'the exec id (default: exec-<random>)' },
  },
  run: async (args) => {
    const [id, ...command] = args.positionals;
    if (id === undefined || command.length === 0) throw new UsageError('exec needs a container and a command: rx-containerd exec [options] ID [--] CMD [ARGS...]');
    const tty = args.flag('tty') === true;
    const interactive = args.flag('interactive') === true;
    const gracePeriodMs = wholeNumber('grace', args.string('grace'), 10_000, 0, maxTimerMs);
    const env = environment(args.strings('env-file'), args.strings('env'), tty);
    const execId = args.string('exec-id') ?? `exec-${randomBytes(4).toString('hex')}`;
    const user = args.string('user');
    const cwd = args.string('workdir');
    return withClient(args.global, async (client) => {
      const task = await runningTaskOf(await containerNamed(client, id));
      const interrupts = listenForInterrupts(`${id} exec ${execId}`, gracePeriodMs, tty);
      try {
        const proc = await task
          .exec(execId, { args: command, env, terminal: tty, ...(user === undefined ? {} : { user }), ...(cwd === undefined ? {} : { cwd }) }, { stdio: tty ? 'pipe' : 'inherit', stdin: tty || interactive })
          .catch((error: unknown) => {
            throw notRunnable(error, command[0]);
          });
        return await runInForeground(proc, { tty, interactive, gracePeriodMs, interrupts, binary: command[0] });
      } finally {
        interrupts.dispose();
      }
    });
  },
};
