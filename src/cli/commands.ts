/**
 * The command table: every command of the CLI, in the order `--help` lists them. The parser, the help texts
 * and the completion scripts all read it.
 * @module
 */
import type { Command } from './command.js';
import { completionCommand } from './completion-command.js';
import { demoCommand } from './demo-command.js';
import { eventsCommand } from './events-command.js';
import { execCommand } from './exec-command.js';
import { imagesCommand } from './images-command.js';
import { importCommand } from './import-command.js';
import { inspectCommand } from './inspect-command.js';
import { killCommand } from './kill-command.js';
import { pauseCommand } from './pause-command.js';
import { psCommand } from './ps-command.js';
import { pullCommand } from './pull-command.js';
import { pushCommand } from './push-command.js';
import { resumeCommand } from './resume-command.js';
import { rmCommand } from './rm-command.js';
import { rmiCommand } from './rmi-command.js';
import { runCommand } from './run-command.js';
import { startCommand } from './start-command.js';
import { stopCommand } from './stop-command.js';
import { topCommand } from './top-command.js';

export const commands: readonly Command[] = [
  runCommand,
  execCommand,
  psCommand,
  topCommand,
  inspectCommand,
  eventsCommand,
  stopCommand,
  killCommand,
  startCommand,
  pauseCommand,
  resumeCommand,
  rmCommand,
  importCommand,
  imagesCommand,
  pullCommand,
  pushCommand,
  rmiCommand,
  demoCommand,
  completionCommand(() => commands),
];

/** The command named `name`, if there is one. */
export function commandNamed(name: string): Command | undefined {
  return commands.find((c) => c.name === name);
}
