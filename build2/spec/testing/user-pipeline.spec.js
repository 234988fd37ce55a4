/**
 * What `rx-containerd/testing` is for: a user's own pipeline, marble-tested in virtual time over fake
 * processes. The pipeline here is one an application would write: keep my worker running, restart it when it
 * exits non-zero, and tell me how many times it was restarted. It imports only the public entry points.
 */
import { expect } from 'chai';
import { filter, scan } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ofType, supervise } from '../../src/index.js';
import { fakeStart } from '../../src/testing/index.js';
/** The user's pipeline: the running count of the worker's restarts; completes when the supervisor ends. */
function workerRestarts$(start, maxRestarts = 5) {
    return supervise(start, { restart: 'on-failure', maxRestarts }).pipe(filter(ofType('restarting')), scan(count => count + 1, 0));
}
function testScheduler() {
    return new TestScheduler((actual, expected) => {
        expect(actual).to.deep.equal(expected);
    });
}
const crash = { exitAfterMs: 50, exitCode: 1 };
describe("testing: a user's pipeline with rx-containerd/testing", () => {
    it('counts the restarts of a worker that crashes twice, then finishes cleanly', () => {
        testScheduler().run(({ expectObservable, flush }) => {
            const start = fakeStart([crash, crash, { exitAfterMs: 50, exitCode: 0 }]);
            expectObservable(workerRestarts$(start)).toBe('150ms a 249ms b 49ms |', { a: 1, b: 2 });
            flush();
            expect(start.journal.lines({ calls: ['start', 'exit'] })).to.deep.equal([
                '0 p1 start', '50 p1 exit 1', '150 p2 start', '200 p2 exit 1', '400 p3 start', '450 p3 exit 0',
            ]);
        });
    });
    it('does not restart a worker that exits 0', () => {
        testScheduler().run(({ expectObservable, flush }) => {
            const start = fakeStart({ exitAfterMs: 50, exitCode: 0 });
            expectObservable(workerRestarts$(start)).toBe('50ms |');
            flush();
            expect(start.processes).to.have.length(1);
        });
    });
    it('stops counting when the supervisor gives up, after maxRestarts, with the backoff doubling', () => {
        testScheduler().run(({ expectObservable, flush }) => {
            const start = fakeStart(crash);
            // lives of 50 ms; backoff 100, 200, 400 ms: restarts at 150, 400, 850; the 4th crash at 900 ends it
            expectObservable(workerRestarts$(start, 3)).toBe('150ms a 249ms b 449ms c 49ms |', { a: 1, b: 2, c: 3 });
            flush();
            expect(start.processes).to.have.length(4);
            expect(start.processes.every(p => p.lifecycle === 'deleted')).to.equal(true);
        });
    });
    it('counts a worker that could not be created as a failure, restarted like a crash', () => {
        testScheduler().run(({ expectObservable }) => {
            const start = fakeStart([{ createError: new Error('no such image') }, { exitAfterMs: 50, exitCode: 0 }]);
            expectObservable(workerRestarts$(start)).toBe('100ms a 49ms |', { a: 1 });
        });
    });
    it('stops the worker gracefully when the subscriber leaves: SIGTERM, then delete', () => {
        testScheduler().run(({ expectObservable, flush }) => {
            const start = fakeStart({ signals: { SIGTERM: { exitAfterMs: 20 } } });
            expectObservable(workerRestarts$(start), '^ 999ms !').toBe('');
            flush();
            expect(start.journal.lines({ calls: ['kill', 'exit', 'delete'] })).to.deep.equal([
                '1000 p1 kill SIGTERM', '1020 p1 exit 0', '1020 p1 delete',
            ]);
        });
    });
});
//# sourceMappingURL=user-pipeline.spec.js.map