/**
 * `ctr`, containerd's own command line, as a witness and a setup tool for specs: it runs against the client's
 * daemon and namespace. The fixture image archive is built once per run and imported with `ctr images import`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Client } from '../../src/process/client.js';
import { buildFixtureImage, FIXTURE_IMAGE_NAME, type FixtureImageOptions } from '../../src/testing/image-builder.js';
import { writeOciArchive } from '../../src/testing/image-archive.js';
import { ctrOf } from './ctr.js';
import { testClient } from './daemon.js';

const archives = new Map<string, Promise<string>>();
const folders: string[] = [];

/** Runs `ctr -a ADDRESS -n NAMESPACE ...args` for `client`; resolves with its stdout, fails (naming its stderr) unless it exits 0. */
export function ctr(client: Client, ...args: string[]): Promise<string> {
  return ctrOf(client.address, client.namespace).ok(...args);
}

/** An OCI archive of the fixture image built with `options` (once per distinct options in this run). */
export function fixtureArchive(options: FixtureImageOptions = {}): Promise<string> {
  const key = JSON.stringify(options);
  let archive = archives.get(key);
  if (archive === undefined) {
    archive = (async () => {
      const folder = mkdtempSync(join(tmpdir(), 'rxc-fixture-'));
      folders.push(folder);
      const image = await buildFixtureImage({ dir: join(folder, 'layout'), ...options });
      return writeOciArchive(image, join(folder, 'image.tar'));
    })();
    archives.set(key, archive);
  }
  return archive;
}

/**
 * Imports the fixture image (built with `options`) into the client's namespace with `ctr images import` and its
 * `flags` (e.g. `--no-unpack`); resolves with its name.
 */
export async function importFixture(client: Client, options: FixtureImageOptions = {}, ...flags: string[]): Promise<string> {
  await ctr(client, 'images', 'import', ...flags, await fixtureArchive(options));
  return options.names?.[0] ?? FIXTURE_IMAGE_NAME;
}

/** A client of the shared daemon in a fresh namespace, with the fixture image imported by `ctr`. */
export async function clientWithFixture(): Promise<{ client: Client; image: string }> {
  const client = await testClient();
  return { client, image: await importFixture(client) };
}

/** Removes the archives built in this run. */
export function removeFixtureArchives(): void {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
  archives.clear();
}
