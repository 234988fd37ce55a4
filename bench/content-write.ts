/**
 * Memory and speed of a content write: a blob generated on the fly (never held whole) streamed through
 * `content.write$` into a private daemon while process.memoryUsage().rss is sampled every 20 ms, against the
 * same bytes piped into `ctr content ingest` (containerd's Go client) on the same daemon, interleaved. Reports
 * the RSS growth over the baseline (peak minus before; the target is under 64 MB for 200 MB) and the
 * throughput of both.
 *
 *   npx tsc -p tsconfig.json && node build/bench/content-write.js [megabytes=200] [runs=3]
 */
import { spawn } from 'node:child_process';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { lastValueFrom, tap } from 'rxjs';
import { connect } from '../src/process/client.js';
import { startDaemon } from '../src/testing/daemon.js';
import { generatedBlob, generatedDigest } from '../spec/images/generated-blob.js';

const MB = 1024 * 1024;
const size = Number(process.argv[2] ?? 200) * MB;
const runs = Number(process.argv[3] ?? 3);

const daemon = await startDaemon();
const client = connect({ address: daemon.address, namespace: 'bench' });

/** Ours: seconds, RSS growth in bytes, progress values. */
async function ours(seed: string): Promise<{ seconds: number; growth: number; values: number }> {
  const digest = await generatedDigest(size, seed);
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  let values = 0;
  const started = performance.now();
  await lastValueFrom(client.content.write$(generatedBlob(size, seed), { digest, size }).pipe(tap(() => values++)));
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  if ((await client.content.info(digest)).size !== size) throw new Error('the blob committed has the wrong size');
  await client.content.delete(digest);
  return { seconds, growth: peak - before, values };
}

/** ctr content ingest of the same bytes through a pipe: seconds. */
async function ctr(seed: string): Promise<number> {
  const started = performance.now();
  const child = spawn('ctr', ['--address', daemon.address, '--namespace', 'bench', 'content', 'ingest', `ctr-${seed}`], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  await pipeline(Readable.from(generatedBlob(size, seed)), child.stdin);
  if ((await exited) !== 0) throw new Error('ctr content ingest failed');
  return (performance.now() - started) / 1000;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
try {
  const mine: number[] = [];
  const theirs: number[] = [];
  let growth = 0;
  let values = 0;
  for (let run = 0; run < runs; run++) {
    const r = await ours(`ours-${run}-${Date.now()}`);
    mine.push(r.seconds);
    growth = Math.max(growth, r.growth);
    values = r.values;
    theirs.push(await ctr(`ctr-${run}-${Date.now()}`));
  }
  const rate = (s: number): string => `${(size / MB / s).toFixed(1)} MB/s`;
  console.log(`content write of ${size / MB} MB, median of ${runs} (interleaved):`);
  console.log(`  content.write$:      ${median(mine).toFixed(2)} s, ${rate(median(mine))}; RSS growth at most ${(growth / MB).toFixed(1)} MB; ${values} progress values`);
  console.log(`  ctr content ingest:  ${median(theirs).toFixed(2)} s, ${rate(median(theirs))}`);
  console.log(`  ratio ours/ctr:      ${(median(mine) / median(theirs)).toFixed(2)}x`);
} finally {
  client.close();
  await daemon.stop();
}
