/**
 * `rx-containerd images`: the namespace's images.
 * @module
 */
import { firstValueFrom } from 'rxjs';
import type { Image } from '../images/image.js';
import { isIndex } from '../images/media-types.js';
import type { Command } from './command.js';
import { withClient } from './existing.js';
import { bytes, shortDigest, table } from './format.js';

export const imagesCommand: Command = {
  name: 'images',
  synopsis: '[--json] [FILTER...]',
  summary: 'images with their target, size for this platform and whether unpacked',
  description: `Lists the namespace's images, as ctr images ls does: name, the type and digest of the target (an index or a
manifest), the size of this platform's content (manifest, config and layers, compressed), and whether it is
unpacked in the default snapshotter. FILTERs are containerd's (name==docker.io/library/busybox:latest, name~=busy,
labels."k"==v); several are ORed.`,
  options: {
    json: { type: 'boolean', help: 'a JSON array: name, target (descriptor), size (null for no manifest here), unpacked, labels' },
  },
  run: (args) =>
    withClient(args.global, async (client) => {
      const images = await client.images(args.positionals);
      const rows = await Promise.all(images.map((image) => row(image)));
      if (args.flag('json') === true) {
        console.log(JSON.stringify(rows, null, 2));
        return 0;
      }
      const cells = rows.map((r) => [r.name, isIndex(r.target.mediaType) ? 'index' : 'manifest', shortDigest(r.target.digest), r.size === null ? '-' : bytes(r.size), r.unpacked ? 'yes' : 'no']);
      console.log(table([['NAME', 'TYPE', 'DIGEST', 'SIZE', 'UNPACKED'], ...cells]));
      return 0;
    }),
};

interface Row {
  readonly name: string;
  readonly target: Image['target'];
  readonly size: number | null;
  readonly unpacked: boolean;
  readonly labels: Image['labels'];
}

/** An image's row; an image with nothing for this platform has no size and is not unpacked. */
async function row(image: Image): Promise<Row> {
  const size = await image.size().catch(() => null);
  const unpacked = size === null ? false : await firstValueFrom(image.isUnpacked$()).catch(() => false);
  return { name: image.name, target: image.target, size, unpacked, labels: image.labels };
}
