import assert from 'node:assert/strict';
import { map, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { supervise } from '../src/index.js';
import { fakeStart } from '../src/testing/index.js';

new TestScheduler((a, e) => assert.deepEqual(a, e)).run(({ flush }) => {
  // fake processes whose working set grows by 40 MiB a second (a leak), read every second
  const MiB = 1024 * 1024;
  const base = fakeStart();
  const start = () => base().pipe(map(p => Object.assign(p, {
    metrics$: ({ intervalMs }: { intervalMs: number }) =>
      timer(0, intervalMs).pipe(map(i => ({ memory: { workingSetBytes: i * 40 * MiB } }))),
  })));
  const events: string[] = [];
  supervise(start, { restart: 'on-failure', maxRestarts: 1, maxMemoryBytes: 100 * MiB, memoryIntervalMs: 1_000 })
    .subscribe(e => events.push(`${e.at} ${e.type}${e.type === 'exited' ? ` ${e.status.code} ${e.reason}` : ''}`));
  flush();
  assert.deepEqual(events, [
    '0 starting', '0 started',
    '3000 memory-exceeded',        // 120 MiB at the fourth reading: over 100 MiB
    '3000 exited 143 max-memory',  // stopped gracefully (SIGTERM), a failure for the policy
    '3000 backoff', '3100 restarting', '3100 starting', '3100 started',
    '6100 memory-exceeded', '6100 exited 143 max-memory',
    '6100 gave-up',                // maxRestarts 1 used up
  ]);
});
