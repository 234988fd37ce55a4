import { expect } from 'chai';
import { defer, of, Subject } from 'rxjs';
import { stopGracefully$ } from '../../src/supervise/stop-gracefully.js';
import { supervise } from '../../src/supervise/supervise.js';
import { fakeStart } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

describe('supervise: graceful stop', () => {
  it('on `stop`, sends SIGTERM, deletes the exited process, cleans up, then says stopped and completes', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const start = fakeStart({}, { scheduler: ts });
      const cleanup = () => defer(() => { start.journal.record('p', 'cleanup'); return of(undefined); });
      const events$ = supervise(start, { restart: 'always', cleanup, stop: cold('100ms x') }, ts);
      expectObservable(events$).toBe('(ab) 96ms (cd|)', {
        a: { type: 'starting', at: 0 },
        b: { type: 'started', pid: 1001, at: 0 },
        c: { type: 'exited', status: { code: 143, exitedAt: new Date(100), signal: 'SIGTERM' }, at: 100 },
        d: { type: 'stopped', cause: 'requested', at: 100 },
      });
      ts.flush();
      expect(start.journal.lines()).to.deep.equal([
        '0 p1 create', '0 p1 wait', '0 p1 start', '100 p1 kill SIGTERM', '100 p1 exit 143', '100 p1 delete', '100 p cleanup',
      ]);
    });
  });

  it('kills a process that ignores SIGTERM with SIGKILL after the grace period (default 10 s)', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const start = fakeStart({ signals: { SIGTERM: 'ignore' } }, { scheduler: ts });
      const rec = record(supervise(start, { restart: 'always', stop: cold('100ms x') }, ts));
      flush();
      expect(start.journal.lines({ calls: ['kill', 'exit', 'delete'] })).to.deep.equal([
        '100 p1 kill SIGTERM', '10100 p1 kill SIGKILL', '10100 p1 exit 137', '10100 p1 delete',
      ]);
      expect(rec.lines().slice(-2)).to.deep.equal(['10100 exited 137', '10100 stopped requested']);
    });
  });

  it('sends no SIGKILL to a process that exits within the grace period, with a custom signal and grace', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const start = fakeStart({ signals: { SIGINT: { exitAfterMs: 1_000 } } }, { scheduler: ts });
      const rec = record(supervise(start, { restart: 'always', stopSignal: 'SIGINT', gracePeriodMs: 3_000, stop: cold('100ms x') }, ts));
      flush();
      expect(start.journal.lines({ calls: ['kill', 'exit'] })).to.deep.equal(['100 p1 kill SIGINT', '1100 p1 exit 0']);
      expect(rec.lines().slice(-2)).to.deep.equal(['1100 exited 0', '1100 stopped requested']);
    });
  });

  it('a stop during the backoff cancels the restart: no new process, cleanup at once', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const start = fakeStart({ exitAfterMs: 10, exitCode: 1 }, { scheduler: ts });
      const cleanup = () => defer(() => { start.journal.record('p', 'cleanup'); return of(undefined); });
      const rec = record(supervise(start, { restart: 'always', cleanup, stop: cold('50ms x') }, ts));
      flush();
      expect(start.processes).to.have.length(1);
      expect(rec.lines().slice(-2)).to.deep.equal(['10 backoff 100 #1', '50 stopped requested']);
      expect(start.journal.lines().at(-1)).to.equal('50 p cleanup');
    });
  });

  it('a stop request arriving from a Subject works like one from a cold notifier', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({}, { scheduler: ts });
      const stop = new Subject<void>();
      const rec = record(supervise(start, { restart: 'always', stop }, ts));
      ts.schedule(() => stop.next(), 30);
      flush();
      expect(rec.lines().at(-1)).to.equal('30 stopped requested');
      expect(rec.completed).to.equal(true);
    });
  });
});

describe('supervise: unsubscribing is a graceful stop', () => {
  it('finishes the teardown in order although the subscriber is gone: SIGTERM, grace, SIGKILL, delete, cleanup', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable, flush }) => {
      const start = fakeStart({ signals: { SIGTERM: 'ignore' } }, { scheduler: ts });
      const cleanup = () => defer(() => { start.journal.record('p', 'cleanup'); return of(undefined); });
      expectObservable(supervise(start, { restart: 'always', cleanup }, ts), '^ 49ms !').toBe('(ab)', {
        a: { type: 'starting', at: 0 },
        b: { type: 'started', pid: 1001, at: 0 },
      });
      flush();
      expect(start.journal.lines()).to.deep.equal([
        '0 p1 create', '0 p1 wait', '0 p1 start',
        '50 p1 kill SIGTERM', '10050 p1 kill SIGKILL', '10050 p1 exit 137', '10050 p1 delete', '10050 p cleanup',
      ]);
      expect(start.processes).to.have.length(1);
    });
  });

  it('deletes, unstarted, a process whose creation was still in flight', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ createDelayMs: 100 }, { scheduler: ts });
      const rec = record(supervise(start, { restart: 'always' }, ts));
      ts.schedule(() => rec.subscription.unsubscribe(), 50);
      flush();
      expect(start.journal.lines()).to.deep.equal(['100 p1 create', '100 p1 wait', '100 p1 delete']);
      expect(start.processes[0]!.lifecycle).to.equal('deleted');
      expect(rec.lines()).to.deep.equal(['0 starting']);
    });
  });

  it('lets a start in flight finish, then stops the process', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ startDelayMs: 100 }, { scheduler: ts });
      const rec = record(supervise(start, { restart: 'always' }, ts));
      ts.schedule(() => rec.subscription.unsubscribe(), 50);
      flush();
      expect(start.journal.lines()).to.deep.equal([
        '0 p1 create', '0 p1 wait', '0 p1 start', '100 p1 kill SIGTERM', '100 p1 exit 143', '100 p1 delete',
      ]);
    });
  });

  it('during the backoff, starts nothing more and cleans up', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 10, exitCode: 1 }, { scheduler: ts });
      const cleanup = () => defer(() => { start.journal.record('p', 'cleanup'); return of(undefined); });
      const rec = record(supervise(start, { restart: 'always', cleanup }, ts));
      ts.schedule(() => rec.subscription.unsubscribe(), 50);
      flush();
      expect(start.processes).to.have.length(1);
      expect(start.journal.lines().at(-1)).to.equal('50 p cleanup');
    });
  });
});

describe('stopGracefully$', () => {
  it('emits the exit status of a process stopped by SIGKILL after the grace period', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const start = fakeStart({ signals: { SIGTERM: 'ignore' } }, { scheduler: ts });
      let process!: (typeof start.processes)[number];
      start().subscribe(p => { process = p; });
      process.start$().subscribe();
      expectObservable(stopGracefully$(process, { gracePeriodMs: 2_000 }, ts)).toBe('2000ms (a|)', {
        a: { code: 137, exitedAt: new Date(2_000), signal: 'SIGKILL' },
      });
    });
  });

  it('does not wait for the grace period when the process exits on the stop signal', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable, flush }) => {
      const start = fakeStart({}, { scheduler: ts });
      let process!: (typeof start.processes)[number];
      start().subscribe(p => { process = p; });
      process.start$().subscribe();
      expectObservable(stopGracefully$(process, {}, ts)).toBe('(a|)', { a: { code: 143, exitedAt: new Date(0), signal: 'SIGTERM' } });
      flush();
      expect(start.journal.lines({ calls: ['kill'] })).to.deep.equal(['0 p1 kill SIGTERM']);
    });
  });
});
