import assert from 'node:assert/strict';
import { filter, map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { exits, forContainer } from '../src/index.js';
import { fakeEvents } from '../src/testing/index.js';
// The pipeline under test: the exit codes of one container's crashes, from the event stream.
function crashes$(events$, containerId) {
    return events$.pipe(forContainer(containerId), exits(), filter(e => e.code !== 0), map(e => e.code));
}
const { taskExit, taskStart } = fakeEvents; // envelopes as client.events$ delivers them
new TestScheduler((actual, expected) => assert.deepEqual(actual, expected)).run(({ cold, expectObservable }) => {
    const events$ = cold('-s-a-b-c-d-|', {
        s: taskStart('web'), a: taskExit('web', 1), b: taskExit('db', 2), c: taskExit('web', 0), d: taskExit('web', 137),
    });
    expectObservable(crashes$(events$, 'web')).toBe('---1-----9-|', { 1: 1, 9: 137 });
});
//# sourceMappingURL=testing-events.js.map