/**
 * `rx-containerd pull`: an image from its registry into the namespace, unpacked, as `ctr images pull`.
 * @module
 */
import type { Command } from './command.js';
import { UsageError } from './args.js';
import { withClient } from './existing.js';
import { referenceArg } from './reference-arg.js';
import { registryOptions, registryOptionTable } from './registry-args.js';
import { followTransfer, transferMode, transferView } from './transfer-progress.js';

export const pullCommand: Command = {
  name: 'pull',
  synopsis: '[options] REF',
  summary: 'pull an image from its registry, unpacked, as ctr images pull',
  description: `Pulls REF (name[:tag][@digest], docker.io/library/ for a bare name) from its registry: the manifest for this
platform (or --platform), its config and layers into the content store, the image record named by the canonical
reference, then unpacks it. Prints the image's name. Plain HTTP for localhost and 127.0.0.0/8, HTTPS elsewhere.
Credentials: --user, else the registry's entry in the Docker config.json ($DOCKER_CONFIG or ~/.docker). Progress
goes to stderr: a bar per blob on a terminal, else a line per phase and per blob fetched (done) or found (exists).`,
  options: {
    ...registryOptionTable,
    platform: { type: 'string', arg: 'OS/ARCH', help: "the platform to pull from an index (default this machine's)" },
    snapshotter: { type: 'string', arg: 'NAME', suggest: ['overlayfs', 'native'], help: 'the snapshotter to unpack into (default overlayfs, else native)' },
    unpack: { type: 'boolean', help: 'unpack the image (default true; --unpack=false fetches the content only)' },
    json: { type: 'boolean', help: 'one JSON line per progress value on stdout, the last one holding the image' },
  },
  run: async (args) => {
    const [text, ...extra] = args.positionals;
    if (text === undefined || extra.length > 0) throw new UsageError('pull takes one REF: the image reference to pull');
    const reference = referenceArg(text, 'pull');
    const json = args.flag('json') === true;
    const registry = await registryOptions(args, reference.domain);
    return withClient(args.global, async (client) => {
      const options = {
        ...registry,
        ...(args.flag('unpack') === false ? { unpack: false } : {}),
        ...(args.string('snapshotter') === undefined ? {} : { snapshotter: args.string('snapshotter')! }),
        ...(args.string('platform') === undefined ? {} : { platform: args.string('platform')! }),
      };
      const last = await followTransfer(client.pull$(text, options), transferView(transferMode(json)));
      if (!json && last.type === 'phase' && last.phase === 'done') console.log(last.image.name);
      return 0;
    });
  },
};
