#!/usr/bin/env node
/**
 * The rx-containerd command line: a command from the table, global options before or after it.
 * Exit codes: the process's own for `run` and `exec`; 2 for a usage error; 1 for a failure; 126 and 127 when
 * the command cannot be executed or is not found, as shells and docker have them.
 * @module
 */
import { ContainerdError } from '../client/errors.js';
import { DaemonStartError } from '../testing/daemon.js';
import { globalHelp, globalOptions, helpText, parse, UsageError } from './args.js';
import { commandNamed, commands } from './commands.js';
import { CommandFailure } from './exit-codes.js';
import { packageVersion } from './version.js';

const usage = `Usage: rx-containerd [global options] <command> [options]

Commands:
${commands.map((c) => `  ${c.name.padEnd(12)} ${c.summary}`).join('\n')}
  ${'help'.padEnd(12)} what a command does: rx-containerd help run

${globalHelp}
      --version          the version of rx-containerd

'rx-containerd <command> --help' tells more.`;

/** Runs the CLI with `argv` (without node and the script); resolves the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let name = 'rx-containerd';
  try {
    const { leading, rest } = splitGlobals(argv);
    const [first, ...after] = rest;
    if (leading.includes('--version')) {
      console.log(`rx-containerd ${packageVersion()}`);
      return 0;
    }
    if (first === undefined || first === 'help' || leading.includes('--help') || leading.includes('-h')) {
      const topic = first === 'help' ? after[0] : first;
      const command = topic === undefined ? undefined : commandNamed(topic);
      if (topic !== undefined && command === undefined) throw unknownCommand(topic);
      console.log(command ? helpText(command) : usage);
      return first === undefined && !leading.some((a) => a === '--help' || a === '-h') ? 2 : 0;
    }
    const command = commandNamed(first);
    if (command === undefined) throw unknownCommand(first);
    name = `rx-containerd ${command.name}`;
    const args = parse([...leading, ...after], command);
    if (args.flag('help') === true) {
      console.log(helpText(command));
      return 0;
    }
    return await command.run(args);
  } catch (error) {
    const message = error instanceof UsageError || error instanceof ContainerdError || error instanceof DaemonStartError || error instanceof CommandFailure
      ? error.message
      : error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    console.error(`${name}: ${message.split('\n')[0]}`);
    return error instanceof UsageError ? 2 : error instanceof CommandFailure ? error.exitCode : 1;
  }
}

/** The global options before the command's name, and the words from the name on. */
function splitGlobals(argv: readonly string[]): { leading: string[]; rest: string[] } {
  const leading: string[] = [];
  let i = 0;
  for (; i < argv.length && argv[i]!.startsWith('-'); i++) {
    const word = argv[i]!;
    if (word === '--') {
      i++;
      break;
    }
    const long = word.startsWith('--') ? word.slice(2).split('=')[0]! : undefined;
    const spec = long !== undefined ? globalOptions[long] : Object.values(globalOptions).find((o) => `-${o.short}` === word);
    if (word === '--version') leading.push(word);
    else if (spec === undefined) throw new UsageError(`unknown global option ${word} (valid: ${Object.keys(globalOptions).map((k) => `--${k}`).join(', ')}, --version)`);
    else if (spec.type === 'string' && !word.includes('=')) leading.push(word, argv[++i] ?? '');
    else leading.push(word);
  }
  return { leading, rest: argv.slice(i) };
}

function unknownCommand(name: string): UsageError {
  return new UsageError(`unknown command ${JSON.stringify(name)} (valid: ${[...commands.map((c) => c.name), 'help'].join(', ')})`);
}

// grpc-js names an IP address as the TLS server name (tcp://10.0.0.5:...), which Node reports as deprecated
// (DEP0123) on every TLS connection: a warning for the library's developers, not for the command's user
process.noDeprecation = true;

// A reader that goes away (`| head`) must not kill us before we clean up what we started.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Leftover handles (a grpc channel's timers, stdin) must not keep a finished command alive.
    setTimeout(() => process.exit(code), 200).unref();
  },
  (error: unknown) => {
    console.error(`rx-containerd: ${String(error)}`);
    process.exit(1);
  },
);
