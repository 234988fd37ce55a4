/**
 * A stop never cuts a cleanup short: a child whose cleanup is still running when its tree (or its
 * supervisor) stops finishes that cleanup and reports `stopped`, and the stop ends only after it.
 */
import { expect } from 'chai';
import { defer, tap, timer } from 'rxjs';
import type { TestScheduler } from 'rxjs/testing';
import { supervise } from '../../src/supervise/supervise.js';
import { supervisor } from '../../src/supervise/supervisor.js';
import { FakeJournal, fakeStart, type FakeProcessScript } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

const graceful: FakeProcessScript = { signals: { SIGTERM: { exitAfterMs: 5 } } };

function fakes(ts: TestScheduler) {
  const journal = new FakeJournal(ts);
  const child = (name: string, scripts: FakeProcessScript | FakeProcessScript[] = graceful) => fakeStart(scripts, { scheduler: ts, journal, name });
  /** A cleanup that takes `ms`, journaled when it begins and when it is done. */
  const slowCleanup = (name: string, ms: number) => () => defer(() => {
    journal.record(name, 'cleanup-begin');
    return timer(ms, ts).pipe(tap({ complete: () => journal.record(name, 'cleanup-done') }));
  });
  return { journal, child, slowCleanup };
}

describe('stopping waits for cleanups in flight', () => {
  it('a tree stopped while a temporary child runs its 100 ms cleanup waits for it, and the child reports stopped', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const { journal, child, slowCleanup } = fakes(ts);
      const rec = record(supervisor({
        children: [
          { id: 'job', start: child('job', { exitAfterMs: 0 }), restart: 'temporary', cleanup: slowCleanup('job', 100) },
          { id: 'web', start: child('web') },
        ],
        stop: cold('50ms x'),
      }, ts));
      flush();
      expect(journal.lines({ calls: ['cleanup-begin', 'cleanup-done'] })).to.deep.equal(['0 job cleanup-begin', '100 job cleanup-done']);
      expect(rec.lines().filter(l => l.includes('stopped'))).to.deep.equal(['55 web stopped requested', '100 job stopped policy', '100 stopped requested']);
      expect(rec.completed).to.equal(true);
    });
  });

  it('a tree that is unsubscribed while a child cleans up still completes that cleanup', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { journal, child, slowCleanup } = fakes(ts);
      const rec = record(supervisor({
        children: [
          { id: 'job', start: child('job', { exitAfterMs: 10 }), restart: 'transient', cleanup: slowCleanup('job', 100) },
          { id: 'web', start: child('web') },
        ],
      }, ts));
      ts.schedule(() => rec.subscription.unsubscribe(), 50);
      flush();
      expect(journal.lines({ calls: ['cleanup-begin', 'cleanup-done'] })).to.deep.equal(['10 job cleanup-begin', '110 job cleanup-done']);
    });
  });

  it('a tree that gives up while a child cleans up waits for that cleanup before gave-up', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { journal, child, slowCleanup } = fakes(ts);
      const rec = record(supervisor({
        children: [
          { id: 'job', start: child('job', { exitAfterMs: 0 }), restart: 'temporary', cleanup: slowCleanup('job', 500) },
          { id: 'bad', start: child('bad', { exitAfterMs: 10, exitCode: 1 }), maxRestarts: 1 },
        ],
      }, ts));
      flush();
      expect(journal.lines({ calls: ['cleanup-begin', 'cleanup-done'] })).to.deep.equal(['0 job cleanup-begin', '500 job cleanup-done']);
      expect(rec.lines().filter(l => l.startsWith('500 '))).to.deep.equal(['500 job stopped policy', "500 gave-up child 'bad' exited with code 1; no restart left (at most 1)"]);
    });
  });

  it('a temporary sibling stopped by a one-for-all restart finishes its cleanup when the tree stops meanwhile', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const { journal, child, slowCleanup } = fakes(ts);
      const rec = record(supervisor({
        strategy: 'one-for-all',
        children: [
          { id: 'side', start: child('side'), restart: 'temporary', cleanup: slowCleanup('side', 100) },
          { id: 'main', start: child('main', [{ ...graceful, exitAfterMs: 30, exitCode: 1 }, graceful]) },
        ],
        stop: cold('60ms x'),
      }, ts));
      flush();
      // side is stopped 30..35 for main's restart, then cleans up 35..135; the stop at 60 waits for it.
      expect(journal.lines({ calls: ['cleanup-begin', 'cleanup-done'] })).to.deep.equal(['35 side cleanup-begin', '135 side cleanup-done']);
      expect(rec.types().filter(t => t.includes('stopped'))).to.deep.equal(['60 main stopped', '135 side stopped', '135 stopped']);
    });
  });

  it('supervise stopped while its cleanup runs lets it finish, then says stopped', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const { journal, child, slowCleanup } = fakes(ts);
      const rec = record(supervise(child('job', { exitAfterMs: 0 }), { restart: 'no', cleanup: slowCleanup('job', 100), stop: cold('50ms x') }, ts));
      flush();
      expect(journal.lines({ calls: ['cleanup-begin', 'cleanup-done'] })).to.deep.equal(['0 job cleanup-begin', '100 job cleanup-done']);
      expect(rec.lines().slice(-1)).to.deep.equal(['100 stopped policy']);
      expect(rec.completed).to.equal(true);
    });
  });

  it('supervise unsubscribed while its cleanup runs still completes the cleanup', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { journal, child, slowCleanup } = fakes(ts);
      const rec = record(supervise(child('job', { exitAfterMs: 0 }), { restart: 'no', cleanup: slowCleanup('job', 100) }, ts));
      ts.schedule(() => rec.subscription.unsubscribe(), 50);
      flush();
      expect(journal.lines({ calls: ['cleanup-begin', 'cleanup-done'] })).to.deep.equal(['0 job cleanup-begin', '100 job cleanup-done']);
    });
  });
});
