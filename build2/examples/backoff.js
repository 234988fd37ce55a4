import assert from 'node:assert/strict';
import { backoffDelay, backoffOf, backoffSchedule, defaultBackoff } from '../src/index.js';
// Docker's: 100 ms doubling up to 1 minute, reset after 10 s up, no jitter.
assert.deepEqual(backoffSchedule(defaultBackoff, 5), [100, 200, 400, 800, 1600]);
assert.equal(backoffDelay(defaultBackoff, 20), 60_000);
// Kubernetes-like: 10 s doubling up to 5 minutes, reset after 10 minutes up.
const kubelet = backoffOf({ initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 });
assert.deepEqual(backoffSchedule(kubelet, 7), [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
// Half jitter: attempt 3 waits between 200 and 400 ms.
const spread = backoffOf({ jitter: 0.5 });
const delay = backoffDelay(spread, 3);
assert.ok(delay >= 200 && delay <= 400);
// A typo fails when the value is made, not as a restart storm later.
assert.throws(() => backoffOf({ factor: 0.5 }), RangeError);
//# sourceMappingURL=backoff.js.map