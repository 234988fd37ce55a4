import assert from 'node:assert/strict';
import { TestScheduler } from 'rxjs/testing';
import { supervise } from '../src/index.js';
import { fakeStart } from '../src/testing/index.js';
new TestScheduler((a, e) => assert.deepEqual(a, e)).run(({ cold, flush }) => {
    const start = fakeStart({ signals: { SIGTERM: 'ignore' } });
    supervise(start, { stop: cold('100ms x') }).subscribe();
    flush();
    assert.deepEqual(start.journal.lines({ calls: ['kill', 'exit'] }), ['100 p1 kill SIGTERM', '10100 p1 kill SIGKILL', '10100 p1 exit 137']);
});
//# sourceMappingURL=supervise-stop-virtual.js.map