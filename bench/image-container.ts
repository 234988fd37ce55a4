/**
 * The lifecycle of a container from an image: ours (`newContainer(id, { image })`, a task, start, exit 7, delete
 * the task, delete the container with its snapshot) against `ctr run --rm IMAGE ID` (containerd's Go client doing
 * the same), interleaved, on one daemon and namespace with the image imported and unpacked once. The image's Cmd
 * is `exit 7`. Reports the median and spread of each and the ratio of medians. ctr's time includes starting its
 * process (`ctr version` is timed as a reference); ours runs in a process already up, as a library call does.
 *
 *   npx tsc -p tsconfig.json && node build/bench/image-container.js [runs=9]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { connect } from '../src/process/client.js';
import { buildFixtureImage, startDaemon, writeOciArchive } from '../src/testing/index.js';

const run = promisify(execFile);
const runs = Number(process.argv[2] ?? 9);
const name = 'docker.io/library/rxc-exit7:1';

const work = mkdtempSync(join(tmpdir(), 'rxc-bench-container-'));
const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'bench' });
const image = await buildFixtureImage({ dir: join(work, 'image'), names: [name], config: { Cmd: ['exit 7'] } });
let n = 0;

async function ours(): Promise<number> {
  const t0 = performance.now();
  const container = await client.newContainer(`ours-${n++}`, { image: name });
  const task = await container.newTask({ stdio: 'ignore' });
  const exit = task.wait();
  await task.start();
  if ((await exit).code !== 7) throw new Error('ours: not exit 7');
  await task.delete();
  await container.delete();
  return performance.now() - t0;
}

async function ctr(...args: string[]): Promise<number> {
  const t0 = performance.now();
  await run('ctr', ['--address', daemon.address, '-n', client.namespace, ...args]).catch((e: { code?: number }) => {
    if (e.code !== 7) throw e;
  });
  return performance.now() - t0;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
try {
  await client.importImage(await writeOciArchive(image, join(work, 'image.tar')));
  await ours();
  await ctr('run', '--rm', name, `ctr-${n++}`); // warm both paths once
  const mine: number[] = [];
  const theirs: number[] = [];
  const start: number[] = [];
  for (let i = 0; i < runs; i++) {
    const pair = [() => ours().then((ms) => mine.push(ms)), () => ctr('run', '--rm', name, `ctr-${n++}`).then((ms) => theirs.push(ms))];
    for (const one of i % 2 === 0 ? pair : pair.reverse()) await one();
    start.push(await ctr('version'));
  }
  console.log(`container from an image (create, start, exit 7, delete with its snapshot), ${runs} runs interleaved, ms median (min-max):`);
  console.log(`  newContainer({ image }): ${median(mine).toFixed(0)} (${spread(mine)})`);
  console.log(`  ctr run --rm IMAGE:      ${median(theirs).toFixed(0)} (${spread(theirs)})`);
  console.log(`  ctr version (start):     ${median(start).toFixed(0)} (${spread(start)})`);
  console.log(`  ratio ours/ctr:          ${(median(mine) / median(theirs)).toFixed(2)}x`);
  const left = await run('ctr', ['--address', daemon.address, '-n', client.namespace, 'snapshots', 'ls']);
  if (/ours-|ctr-/.test(left.stdout)) throw new Error(`snapshots left behind:\n${left.stdout}`);
} finally {
  client.close();
  image.remove();
  await daemon.stop();
  rmSync(work, { recursive: true, force: true });
}
