import assert from 'node:assert/strict';
import { ignoreElements, merge, mergeMap, type Observable, switchMap, timeout } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { ExitStatus, Process } from '../src/index.js';
import { fakeStart } from '../src/testing/index.js';

// The pipeline under test: start a process, SIGKILL it if it outlives the deadline; emit its exit status.
function runWithDeadline$(process: Process, deadlineMs: number): Observable<ExitStatus> {
  return merge(process.wait$(), process.start$().pipe(ignoreElements())).pipe(
    timeout({ first: deadlineMs, with: () => process.kill$('SIGKILL').pipe(switchMap(() => process.wait$())) }),
  );
}

new TestScheduler((actual, expected) => assert.deepEqual(actual, expected)).run(({ expectObservable }) => {
  const quick = fakeStart({ exitAfterMs: 50 });
  const stuck = fakeStart({ signals: { SIGTERM: 'ignore' } });

  expectObservable(quick().pipe(mergeMap(p => runWithDeadline$(p, 1_000))))
    .toBe('50ms (x|)', { x: { code: 0, exitedAt: new Date(50) } });
  expectObservable(stuck().pipe(mergeMap(p => runWithDeadline$(p, 1_000))))
    .toBe('1s (k|)', { k: { code: 137, exitedAt: new Date(1_000), signal: 'SIGKILL' } });
});
