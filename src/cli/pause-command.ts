/**
 * `rx-containerd pause`: freezes containers' tasks (the cgroup freezer).
 * @module
 */
import type { Command } from './command.js';
import { eachContainer, runningTaskOf } from './existing.js';

export const pauseCommand: Command = {
  name: 'pause',
  synopsis: 'ID...',
  summary: "freeze containers' tasks ('resume' thaws them)",
  description: "Freezes every process of each container's task; 'resume' lets them run again. Prints each id.",
  options: {},
  run: (args) => eachContainer(args, pauseCommand, async (container) => (await runningTaskOf(container)).pause()),
};
