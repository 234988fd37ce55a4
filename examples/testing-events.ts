import assert from 'node:assert/strict';
import { filter, map, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { type Envelope, exits, forContainer } from '../src/index.js';

// The pipeline under test: the exit codes of one container's crashes, from the event stream.
function crashes$(events$: Observable<Envelope>, containerId: string): Observable<number> {
  return events$.pipe(forContainer(containerId), exits(), filter(e => e.code !== 0), map(e => e.code));
}

// An envelope as client.events$ delivers it.
const exit = (containerId: string, code: number): Envelope => ({
  timestamp: new Date(0), namespace: 'default', topic: '/tasks/exit',
  event: { type: 'TaskExit', containerId, id: containerId, pid: 42, exitStatus: code, exitedAt: new Date(0) },
});

new TestScheduler((actual, expected) => assert.deepEqual(actual, expected)).run(({ cold, expectObservable }) => {
  const events$ = cold('-a-b-c-d-|', { a: exit('web', 1), b: exit('db', 2), c: exit('web', 0), d: exit('web', 137) });
  expectObservable(crashes$(events$, 'web')).toBe('-1-----9-|', { 1: 1, 9: 137 });
});
