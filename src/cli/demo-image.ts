/**
 * How the demo gets its image into its namespace: pulled from a private registry (Debian's docker-registry,
 * started for the demo and stopped right after) when one is installed, the pull's progress shown line by line;
 * else imported from an OCI archive, as before registries.
 * @module
 */
import { existsSync } from 'node:fs';
import { filter, lastValueFrom, tap } from 'rxjs';
import type { Image } from '../images/image.js';
import type { Client } from '../process/client.js';
import type { FixtureImage } from '../testing/image-builder.js';
import { writeOciArchive } from '../testing/image-archive.js';
import { pushFixtureImage } from '../testing/image-push.js';
import { startRegistry } from '../testing/registry.js';
import { progress } from './progress.js';
import { progressLine } from './transfer-progress.js';

/** Where Debian's package puts the registry. */
const REGISTRY_BINARY = '/usr/bin/docker-registry';

/**
 * The demo's image in the client's namespace: pulled from a private registry when `docker-registry` is installed,
 * else imported from `archive` (written from `fixture`). Prints how it got there.
 */
export async function demoImage(client: Client, fixture: FixtureImage, archive: string): Promise<Image> {
  return existsSync(REGISTRY_BINARY) ? pulled(client, fixture) : imported(client, fixture, archive);
}

/** Starts a registry, pushes the fixture into it (from its layout, not from the daemon), pulls it, stops it. */
async function pulled(client: Client, fixture: FixtureImage): Promise<Image> {
  const registry = await progress('starting a private registry', () => startRegistry());
  try {
    const ref = `${registry.host}/rx-containerd-demo/busybox:1`;
    await pushFixtureImage(fixture, ref);
    console.log(`pulling ${ref} from a private registry (docker-registry, pid ${registry.pid}):`);
    const done = await lastValueFrom(client.pull$(ref).pipe(
      tap((p) => {
        const line = progressLine(p);
        if (line !== undefined && line !== 'done') console.log(`  pull: ${line}`);
      }),
      filter((p) => p.type === 'phase' && p.phase === 'done'),
    ));
    const image = (done as { readonly image: Image }).image;
    console.log(`pulled ${image.name}: ${image.target.digest.slice(0, 19)}\n`);
    return image;
  } finally {
    await registry.stop();
  }
}

/** Writes the fixture as an OCI archive and imports it. */
async function imported(client: Client, fixture: FixtureImage, archive: string): Promise<Image> {
  await writeOciArchive(fixture, archive);
  const [image] = (await lastValueFrom(client.importImage$(archive).pipe(filter((p) => p.phase === 'done')))).images;
  console.log(`imported ${image!.name}: ${image!.target.digest.slice(0, 19)}\n`);
  return image!;
}
