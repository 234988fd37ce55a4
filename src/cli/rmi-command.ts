/**
 * `rx-containerd rmi`: removes images.
 * @module
 */
import { NotFoundError } from '../client/errors.js';
import { normalizeReference } from '../images/reference.js';
import { UsageError } from './args.js';
import type { Command } from './command.js';
import { CommandFailure } from './exit-codes.js';
import { withClient } from './existing.js';

export const rmiCommand: Command = {
  name: 'rmi',
  synopsis: '[--sync] NAME...',
  summary: 'remove images (their content goes with the garbage collector)',
  description: `Removes each image record, as ctr images rm does (a short name is read as docker does: busybox is
docker.io/library/busybox:latest); the content and snapshots only it referenced are then the
garbage collector's. Containers made from the image keep running. With --sync the command returns once the
collector has run. Prints each name once removed; a name that is not there fails the command (the others are
still removed).`,
  options: {
    sync: { type: 'boolean', help: 'wait for the garbage collector' },
  },
  run: (args) => {
    if (args.positionals.length === 0) throw new UsageError('rmi takes at least one image NAME');
    return withClient(args.global, async (client) => {
      const missing: string[] = [];
      for (const name of args.positionals) {
        try {
          const image = await client.getImage(normalizeReference(name, 'rmi'));
          await image.delete({ sync: args.flag('sync') === true });
          console.log(name);
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
          missing.push(name);
        }
      }
      if (missing.length > 0) throw new CommandFailure(`no image ${missing.map((n) => JSON.stringify(n)).join(', ')} in namespace ${client.namespace}`, 1);
      return 0;
    });
  },
};
