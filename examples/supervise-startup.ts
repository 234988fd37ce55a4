import assert from 'node:assert/strict';
import { map, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { supervise } from '../src/index.js';
import { fakeStart } from '../src/testing/index.js';

new TestScheduler((a, e) => assert.deepEqual(a, e)).run(({ flush }) => {
  // A slow starter: its startup probe passes from the 4th probe on; its health probe always passes.
  const start = fakeStart({});
  let startupProbes = 0;
  const events: string[] = [];
  supervise(start, {
    startupProbe: { probe: () => timer(10).pipe(map(() => ++startupProbes >= 4)), intervalMs: 1_000, failureThreshold: 30 },
    health: { probe: () => timer(10).pipe(map(() => true)), intervalMs: 5_000, retries: 1 },
    stop: timer(10_000),
  }).subscribe(e => events.push(`${e.at} ${e.type}`));
  flush();
  assert.deepEqual(events, [
    '0 starting', '0 started',
    '3040 startup-succeeded',                          // probes at 0, 1010, 2020 fail; the one at 3030 passes
    '8050 healthy',                                    // the health check starts only then
    '10000 exited', '10000 stopped',
  ]);
});
