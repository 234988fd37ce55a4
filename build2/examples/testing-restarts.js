import assert from 'node:assert/strict';
import { filter, scan } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ofType, supervise } from '../src/index.js';
import { fakeStart } from '../src/testing/index.js';
// The pipeline under test: my worker, restarted when it exits non-zero, as a running count of its restarts.
function workerRestarts$(start) {
    return supervise(start, { restart: 'on-failure', maxRestarts: 5 }).pipe(filter(ofType('restarting')), scan(count => count + 1, 0));
}
new TestScheduler((actual, expected) => assert.deepEqual(actual, expected)).run(({ expectObservable, flush }) => {
    // Exits 1 after 50 ms, twice; then exits 0 after 50 ms.
    const crashy = { exitAfterMs: 50, exitCode: 1 };
    const start = fakeStart([crashy, crashy, { exitAfterMs: 50, exitCode: 0 }]);
    // Backoff 100 ms after the first crash, 200 ms after the second; the clean exit ends it all.
    expectObservable(workerRestarts$(start)).toBe('150ms a 249ms b 49ms |', { a: 1, b: 2 });
    flush();
    assert.deepEqual(start.journal.lines({ calls: ['start', 'exit'] }), [
        '0 p1 start', '50 p1 exit 1', '150 p2 start', '200 p2 exit 1', '400 p3 start', '450 p3 exit 0',
    ]);
});
//# sourceMappingURL=testing-restarts.js.map