/**
 * Pulling from a registry: `client.pull$` against `ctr images pull --plain-http` (containerd's Go client) of the
 * same reference from the same local registry (Debian's docker-registry), interleaved, each run into a FRESH
 * daemon (a daemon's content store is shared by its namespaces: a fresh namespace is not an empty store), both
 * unpacking into overlayfs. The fixture image (busybox in two layers, an index of two platforms) for speed:
 * median and spread of each, the ratio of medians. Then an image with a layer of BIG_MB random bytes: the RSS
 * growth of this process during our pull (sampled every 20 ms) and the throughput of each. ctr's time includes
 * starting its process (a few ms); ours runs in a process already up, as a library call does. Only the pull is
 * timed, not the daemon's start.
 *
 *   npx tsc -p tsconfig.json && node build/bench/image-pull.js [runs=5] [bigMB=200] [bigRuns=3]
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { lastValueFrom } from 'rxjs';
import { connect } from '../src/process/client.js';
import { buildFixtureImage, pushFixtureImage, startDaemon, startRegistry } from '../src/testing/index.js';

const run = promisify(execFile);
const runs = Number(process.argv[2] ?? 5);
const bigMB = Number(process.argv[3] ?? 200);
const bigRuns = Number(process.argv[4] ?? 3);

const work = mkdtempSync(join(tmpdir(), 'rxc-bench-pull-'));
const registry = await startRegistry();
const small = `${registry.host}/app:1`;
const big = `${registry.host}/big:1`;

/** Our pull of `ref` into a fresh daemon: ms, and the peak RSS growth of this process in bytes. */
async function ours(ref: string): Promise<{ ms: number; rss: number }> {
  const daemon = await startDaemon();
  const client = connect({ address: daemon.address, namespace: 'bench' });
  try {
    await client.version();
    global.gc?.();
    const base = process.memoryUsage().rss;
    let peak = base;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const t0 = performance.now();
    await lastValueFrom(client.pull$(ref, { snapshotter: 'overlayfs' }));
    const ms = performance.now() - t0;
    clearInterval(sampler);
    return { ms, rss: Math.max(peak, process.memoryUsage().rss) - base };
  } finally {
    client.close();
    await daemon.stop();
  }
}

/** ctr's pull of `ref` into a fresh daemon: ms. */
async function ctr(ref: string): Promise<number> {
  const daemon = await startDaemon();
  try {
    const t0 = performance.now();
    await run('ctr', ['--address', daemon.address, '-n', 'bench', 'images', 'pull', '--plain-http', '--snapshotter', 'overlayfs', ref], { maxBuffer: 64 << 20 });
    return performance.now() - t0;
  } finally {
    await daemon.stop();
  }
}

/** `n` runs of each, interleaved (ours first on even runs, ctr first on odd ones). */
async function interleaved(ref: string, n: number): Promise<{ mine: { ms: number; rss: number }[]; theirs: number[] }> {
  const mine: { ms: number; rss: number }[] = [];
  const theirs: number[] = [];
  for (let i = 0; i < n; i++) {
    if (i % 2 === 0) {
      mine.push(await ours(ref));
      theirs.push(await ctr(ref));
    } else {
      theirs.push(await ctr(ref));
      mine.push(await ours(ref));
    }
  }
  return { mine, theirs };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const spread = (xs: number[]): string => `${Math.min(...xs).toFixed(0)}-${Math.max(...xs).toFixed(0)}`;
const mib = (n: number): string => (n / (1 << 20)).toFixed(1);
try {
  const fixture = await buildFixtureImage({ dir: join(work, 'small') });
  await pushFixtureImage(fixture, small);
  await ours(small);
  await ctr(small); // warm both paths once
  const { mine, theirs } = await interleaved(small, runs);
  console.log(`pull of the fixture image (${fixture.blobs.length} blobs in the registry, this platform's 3 fetched) into a fresh daemon, ${runs} runs interleaved, ms median (min-max):`);
  console.log(`  client.pull$:                   ${median(mine.map((m) => m.ms)).toFixed(0)} (${spread(mine.map((m) => m.ms))})`);
  console.log(`  ctr images pull --plain-http:   ${median(theirs).toFixed(0)} (${spread(theirs)})`);
  console.log(`  ratio ours/ctr:                 ${(median(mine.map((m) => m.ms)) / median(theirs)).toFixed(2)}x`);
  fixture.remove();

  if (bigMB > 0) {
    const large = await buildFixtureImage({ dir: join(work, 'big'), platforms: 'host', extraLayers: [{ randomBytes: bigMB << 20, seed: 1 }] });
    await pushFixtureImage(large, big);
    large.remove();
    const b = await interleaved(big, bigRuns);
    const mbps = (ms: number): string => (bigMB / (ms / 1000)).toFixed(0);
    const ourMs = median(b.mine.map((m) => m.ms));
    console.log(`pull of an image with a ${bigMB} MB layer into a fresh daemon, ${bigRuns} runs interleaved:`);
    console.log(`  client.pull$:                   ${ourMs.toFixed(0)} ms (${spread(b.mine.map((m) => m.ms))}), ${mbps(ourMs)} MB/s`);
    console.log(`  ctr images pull --plain-http:   ${median(b.theirs).toFixed(0)} ms (${spread(b.theirs)}), ${mbps(median(b.theirs))} MB/s`);
    console.log(`  throughput ours/ctr:            ${(median(b.theirs) / ourMs).toFixed(2)}x`);
    console.log(`  RSS growth of our process:      ${b.mine.map((m) => mib(m.rss)).join(', ')} MiB (max ${mib(Math.max(...b.mine.map((m) => m.rss)))} MiB)`);
  }
} finally {
  await registry.stop();
  rmSync(work, { recursive: true, force: true });
}

