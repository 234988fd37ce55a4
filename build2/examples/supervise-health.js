import assert from 'node:assert/strict';
import { timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { supervise } from '../src/index.js';
import { fakeStart } from '../src/testing/index.js';
new TestScheduler((a, e) => assert.deepEqual(a, e)).run(({ flush }) => {
    // The first process answers two probes, then hangs; the next one answers every probe. Probes take 10 ms.
    const start = fakeStart(n => ({ exec: (_args, probe) => (n === 1 && probe > 2 ? { afterMs: Infinity } : { afterMs: 10 }) }));
    const events = [];
    supervise(start, {
        health: { command: ['/bin/check'], intervalMs: 1_000, timeoutMs: 500, retries: 3 },
        stop: timer(9_000),
    }).subscribe(e => events.push(`${e.at} ${e.type}`));
    flush();
    assert.deepEqual(events, [
        '0 starting', '0 started',
        '1010 healthy', // the first probe runs 1 s after the start
        '6520 unhealthy', // probes 3, 4 and 5 time out, 500 ms each
        '6520 exited', '6520 backoff', '6620 restarting', // stopped (SIGTERM), a failure: restarted
        '6620 starting', '6620 started',
        '7630 healthy',
        '9000 exited', '9000 stopped', // the stop at 9 s
    ]);
});
//# sourceMappingURL=supervise-health.js.map