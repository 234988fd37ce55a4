#!/usr/bin/env node
/**
 * The `rx-containerd` command line: run, events, ps, demo.
 * @module
 */
import { ContainerdError } from '../client/errors.js';
import { DaemonStartError } from '../testing/daemon.js';
import { globalHelp, UsageError } from './args.js';
import { demoCommand } from './demo-command.js';
import { eventsCommand } from './events-command.js';
import { psCommand } from './ps-command.js';
import { runCommand } from './run-command.js';

const usage = `Usage: rx-containerd <command> [options]

Commands:
  run [options] -- CMD [ARGS...]   run a container in the foreground, exit with its exit code
  events [--topic T] [--json]      the live event stream of the namespace
  ps                               containers and tasks with status, pid, exit code, uptime
  demo                             a private containerd running a small supervised set, live

${globalHelp}

'rx-containerd <command> --help' tells more.`;

const commands: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  events: eventsCommand,
  ps: psCommand,
  demo: demoCommand,
};

/** Runs the CLI with `argv` (without node and the script); resolves the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    console.error(`rx-containerd: unknown command ${JSON.stringify(name)}; try --help`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    const message = error instanceof UsageError || error instanceof ContainerdError || error instanceof DaemonStartError
      ? error.message
      : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(`rx-containerd ${name}: ${message.split('\n')[0]}`);
    return error instanceof UsageError ? 2 : 1;
  }
}

// A reader that goes away (`| head`) must not kill us before we clean up what we started.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Leftover handles (a grpc channel's timers) must not keep a finished command alive.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    console.error(`rx-containerd: ${String(error)}`);
    process.exit(1);
  },
);
