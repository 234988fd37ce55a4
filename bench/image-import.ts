/**
 * Importing an image archive: `client.importImage$` against `ctr images import` (containerd's Go client) of the
 * same archive on the same daemon, interleaved, each run into a fresh namespace (an empty content store and no
 * snapshot), both unpacking into overlayfs. Reports the median and spread of each and the ratio of medians.
 * The archive is the fixture image (busybox in two layers, an index of two platforms), plus a random layer of
 * EXTRA_MB when asked. ctr's time includes starting its process (a few ms: `ctr version` is timed as a
 * reference); ours runs in a process already up, as a library call does.
 *
 *   npx tsc -p tsconfig.json && node build/bench/image-import.js [runs=7] [extraMB=0]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lastValueFrom } from 'rxjs';
import { connect } from '../src/process/client.js';
import { buildFixtureImage, startDaemon, writeOciArchive } from '../src/testing/index.js';

const run = promisify(execFile);
const runs = Number(process.argv[2] ?? 7);
const extraMB = Number(process.argv[3] ?? 0);

const work = mkdtempSync(join(tmpdir(), 'rxc-bench-import-'));
const daemon = await startDaemon();
const image = await buildFixtureImage({ dir: join(work, 'image'), extraLayers: extraMB > 0 ? [{ randomBytes: extraMB << 20, seed: 7 }] : [] });
const archive = await writeOciArchive(image, join(work, 'image.tar'));
let n = 0;

async function ours(): Promise<number> {
  const client = connect({ address: daemon.address, namespace: `ours-${n++}` });
  await client.version();
  const t0 = performance.now();
  await lastValueFrom(client.importImage$(archive, { snapshotter: 'overlayfs' }));
  const ms = performance.now() - t0;
  client.close();
  return ms;
}

async function ctr(...args: string[]): Promise<number> {
  const t0 = performance.now();
  await run('ctr', ['--address', daemon.address, '-n', `ctr-${n++}`, ...args]);
  return performance.now() - t0;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
try {
  await ours();
  await ctr('images', 'import', '--snapshotter', 'overlayfs', archive); // warm both paths once
  const mine: number[] = [];
  const theirs: number[] = [];
  const start: number[] = [];
  for (let i = 0; i < runs; i++) {
    if (i % 2 === 0) {
      mine.push(await ours());
      theirs.push(await ctr('images', 'import', '--snapshotter', 'overlayfs', archive));
    } else {
      theirs.push(await ctr('images', 'import', '--snapshotter', 'overlayfs', archive));
      mine.push(await ours());
    }
    start.push(await ctr('version'));
  }
  console.log(`import of the fixture image${extraMB > 0 ? ` + ${extraMB} MB layer` : ''} (${image.blobs.length} blobs), ${runs} runs interleaved, ms median (min-max):`);
  console.log(`  client.importImage$:  ${median(mine).toFixed(0)} (${spread(mine)})`);
  console.log(`  ctr images import:    ${median(theirs).toFixed(0)} (${spread(theirs)})`);
  console.log(`  ctr version (start):  ${median(start).toFixed(0)} (${spread(start)})`);
  console.log(`  ratio ours/ctr:       ${(median(mine) / median(theirs)).toFixed(2)}x`);
} finally {
  image.remove();
  await daemon.stop();
  rmSync(work, { recursive: true, force: true });
}
