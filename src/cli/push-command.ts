/**
 * `rx-containerd push`: an image of the namespace to a registry, as `ctr images push`.
 * @module
 */
import type { Command } from './command.js';
import { UsageError } from './args.js';
import { withClient } from './existing.js';
import { referenceArg } from './reference-arg.js';
import { registryOptions, registryOptionTable } from './registry-args.js';
import { followTransfer, transferMode, transferView } from './transfer-progress.js';

export const pushCommand: Command = {
  name: 'push',
  synopsis: '[options] REF [IMAGE]',
  summary: 'push an image to a registry, as ctr images push',
  description: `Pushes IMAGE (an image of the namespace, by name; default REF) to REF: the config and layers the registry lacks
(mounted from another repository of the registry when the image was pulled from it), then the manifests, then
the target under REF's tag. Prints the digest pushed. Plain HTTP for localhost and 127.0.0.0/8, HTTPS elsewhere;
credentials as pull takes them. Progress goes to stderr: a bar per blob on a terminal, else a line per blob
sent (done), found (exists) or mounted.`,
  options: {
    ...registryOptionTable,
    json: { type: 'boolean', help: 'one JSON line per progress value on stdout, the last one holding the target' },
  },
  run: async (args) => {
    const [text, image, ...extra] = args.positionals;
    if (text === undefined || extra.length > 0) throw new UsageError('push takes REF and an optional IMAGE: rx-containerd push REF [IMAGE]');
    const reference = referenceArg(text, 'push');
    const local = image === undefined ? reference.canonical : referenceArg(image, 'push').canonical;
    const json = args.flag('json') === true;
    const registry = await registryOptions(args, reference.domain);
    return withClient(args.global, async (client) => {
      const last = await followTransfer(client.push$(text, local, registry), transferView(transferMode(json)));
      if (!json && last.type === 'phase' && last.phase === 'done') console.log(last.target.digest);
      return 0;
    });
  },
};
