/**
 * `rx-containerd resume`: thaws containers' paused tasks.
 * @module
 */
import type { Command } from './command.js';
import { eachContainer, runningTaskOf } from './existing.js';

export const resumeCommand: Command = {
  name: 'resume',
  synopsis: 'ID...',
  summary: "thaw containers' paused tasks",
  description: "Lets the processes of each container's paused task run again. Prints each id.",
  options: {},
  run: (args) => eachContainer(args, resumeCommand, async (container) => (await runningTaskOf(container)).resume()),
};
