/**
 * `rx-containerd logs`: a container's log, as `docker logs` prints it: stdout lines on stdout, stderr lines on
 * stderr, optionally followed.
 * @module
 */
import { lastValueFrom, tap } from 'rxjs';
import { loggerBinary } from '../process/logs/logger-binary.js';
import type { LogLine } from '../process/logs/log-line.js';
import { UsageError } from './args.js';
import type { Command } from './command.js';
import { containerNamed, withClient } from './existing.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: an RFC 3339 time (`2026-11-30T12:00:00Z`) or a duration back from now (`90s`, `10m`, `2h`, `1d`). */
export function sinceArg(value: string, now = Date.now()): number {
  const relative = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(value);
  if (relative) return now - Number(relative[1]) * UNITS[relative[2]!]!;
  const time = /^\d{4}-\d{2}-\d{2}T/.test(value) ? Date.parse(value) : NaN;
  if (Number.isNaN(time)) throw new UsageError(`--since must be an RFC 3339 time (2026-11-30T12:00:00Z) or a duration (90s, 10m, 2h, 1d), got ${JSON.stringify(value)}`);
  return time;
}

export const logsCommand: Command = {
  name: 'logs',
  synopsis: '[-f] [--since TIME] [--tail N] [--stream S] [-t] ID',
  summary: "a container's log (its `log` option): stdout and stderr lines, followed with -f",
  description: `Prints the lines a logging container's tasks wrote (see the library's log option), oldest first, across
rotated files: stdout lines on stdout, stderr lines on stderr, as docker logs does. With -f, goes on printing new
lines until the task exits and its log is drained (Ctrl-C stops). --build-logger builds the logger binary into
its cache (or finds it) and prints its path.`,
  options: {
    follow: { type: 'boolean', short: 'f', help: 'keep printing new lines until the task exits' },
    since: { type: 'string', arg: 'TIME', help: 'only lines since TIME: RFC 3339, or a duration back from now (10m, 2h)' },
    tail: { type: 'string', arg: 'N', help: 'only the last N lines (then follow from there)' },
    stream: { type: 'string', arg: 'S', choices: ['stdout', 'stderr'], help: 'only this stream' },
    timestamps: { type: 'boolean', short: 't', help: 'prefix each line with its time (RFC 3339, ns)' },
    'build-logger': { type: 'boolean', help: 'build (or find) the logger binary and print its path' },
  },
  run: async (args) => {
    if (args.flag('build-logger') === true) {
      console.log(await loggerBinary());
      return 0;
    }
    const [id, ...extra] = args.positionals;
    if (id === undefined || extra.length > 0) throw new UsageError(`logs needs one container id: rx-containerd logs ${logsCommand.synopsis}`);
    const tailText = args.string('tail');
    const tail = tailText === undefined ? undefined : Number(tailText);
    if (tail !== undefined && !(Number.isInteger(tail) && tail >= 0)) throw new UsageError(`--tail must be a whole number of lines, got ${JSON.stringify(tailText)}`);
    const sinceText = args.string('since');
    const stream = args.string('stream') as LogLine['stream'] | undefined;
    const timestamps = args.flag('timestamps') === true;
    return withClient(args.global, async (client) => {
      const container = await containerNamed(client, id);
      const print = (line: LogLine): void => {
        const text = `${timestamps ? `${line.timestamp} ` : ''}${line.text}\n`;
        (line.stream === 'stderr' ? process.stderr : process.stdout).write(text);
      };
      await lastValueFrom(
        container
          .logs$({
            follow: args.flag('follow') === true,
            ...(sinceText === undefined ? {} : { since: sinceArg(sinceText) }),
            ...(tail === undefined ? {} : { tail }),
            ...(stream === undefined ? {} : { stream }),
          })
          .pipe(tap(print)),
        { defaultValue: undefined },
      );
      return 0;
    });
  },
};
