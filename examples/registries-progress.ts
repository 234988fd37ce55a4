import assert from 'node:assert/strict';
import { distinctUntilKeyChanged, filter, groupBy, lastValueFrom, map, merge, mergeMap, scan, share, tap, throttleTime } from 'rxjs';
import { connect, type PullBlobProgress, type PullProgress } from '../src/index.js';
import { buildFixtureImage, pushFixtureImage, startDaemon, startRegistry } from '../src/testing/index.js';

const daemon = await startDaemon();
const registry = await startRegistry();
const client = connect({ address: daemon.address, namespace: 'pull' });
const fixture = await buildFixtureImage({ platforms: 'host', extraLayers: [{ randomBytes: 16 << 20, seed: 1 }] });
try {
  const ref = `${registry.host}/app:1`;
  await pushFixtureImage(fixture, ref);

  // one pull, rendered twice: a line per phase change of each blob, and a throttled summary of all bytes
  const pull$ = client.pull$(ref).pipe(share());
  const isBlob = (p: PullProgress): p is PullBlobProgress => p.type === 'blob';
  const phaseLines$ = pull$.pipe(
    filter(isBlob),
    groupBy((p) => p.digest),
    mergeMap((blob$) => blob$.pipe(distinctUntilKeyChanged('phase'))),
    tap((p) => console.log(`${p.digest.slice(7, 19)} ${p.phase.padEnd(11)} ${p.bytes}/${p.total}`)),
  );
  const summary$ = pull$.pipe(
    filter(isBlob),
    scan((blobs, p) => new Map(blobs).set(p.digest, p), new Map<string, PullBlobProgress>()),
    map((blobs) => [...blobs.values()].reduce((sum, p) => ({ bytes: sum.bytes + p.bytes, total: sum.total + p.total }), { bytes: 0, total: 0 })),
    throttleTime(250, undefined, { leading: true, trailing: true }),
    tap(({ bytes, total }) => console.log(`  ${(bytes / 2 ** 20).toFixed(1)} of ${(total / 2 ** 20).toFixed(1)} MiB (${Math.floor((100 * bytes) / total)}%)`)),
  );
  const phases$ = pull$.pipe(filter((p) => p.type === 'phase'), tap((p) => console.log(`-- ${p.phase}`)));
  const totals = new Map<string, PullBlobProgress>();
  let pulled: string | undefined;
  await lastValueFrom(merge(phaseLines$, summary$, phases$).pipe(tap((p) => {
    if ('digest' in p) totals.set(p.digest, p);
    if ('image' in p) pulled = p.image.name;
  })));

  // every config and layer ended done, with its whole size, as the manifest gives it
  const manifest = fixture.hostManifest!;
  const expected = [manifest.config, ...manifest.layers.map((l) => l.descriptor)];
  assert.deepEqual([...totals.values()].map((p) => [p.digest, p.phase, p.bytes]).sort(), expected.map((d) => [d.digest, 'done', d.size]).sort());
  assert.equal(pulled, ref);
} finally {
  client.close();
  fixture.remove();
  await registry.stop();
  await daemon.stop();
}
