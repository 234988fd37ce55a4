import { expect } from 'chai';
import { defer, of } from 'rxjs';
import { supervisor } from '../../src/supervise/supervisor.js';
import { FakeJournal, fakeStart, type FakeProcessScript } from '../../src/testing/index.js';
import type { TestScheduler } from 'rxjs/testing';
import { record, testScheduler } from './support.js';

/** Exits cleanly 5 ms after SIGTERM, so that the order of stops shows in time. */
const graceful: FakeProcessScript = { signals: { SIGTERM: { exitAfterMs: 5 } } };
const crashAt = (ms: number): FakeProcessScript => ({ ...graceful, exitAfterMs: ms, exitCode: 1 });

function fakes(ts: TestScheduler) {
  const journal = new FakeJournal(ts);
  const child = (name: string, scripts: FakeProcessScript | FakeProcessScript[] = graceful) => fakeStart(scripts, { scheduler: ts, journal, name });
  const cleanup = (name: string) => () => defer(() => { journal.record(name, 'cleanup'); return of(undefined); });
  return { journal, child, cleanup };
}

describe('supervisor: order', () => {
  it('starts each child once the one before is ready, and stops them in reverse order', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const { journal, child } = fakes(ts);
      const rec = record(supervisor({
        children: [
          { id: 'a', start: child('a'), health: { probe: () => of(true), intervalMs: 10 } },
          { id: 'b', start: child('b') },
          { id: 'c', start: child('c') },
        ],
        stop: cold('100ms x'),
      }, ts));
      flush();
      expect(journal.lines({ calls: ['create', 'kill', 'exit'] })).to.deep.equal([
        '0 a1 create', '10 b1 create', '10 c1 create',
        '100 c1 kill SIGTERM', '105 c1 exit 0', '105 b1 kill SIGTERM', '110 b1 exit 0', '110 a1 kill SIGTERM', '115 a1 exit 0',
      ]);
      expect(rec.lines().slice(-4)).to.deep.equal(['110 b stopped requested', '115 a exited 0', '115 a stopped requested', '115 stopped requested']);
      expect(rec.completed).to.equal(true);
    });
  });

  it('tags the events of each child with its id', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const { child } = fakes(ts);
      expectObservable(supervisor({ children: [{ id: 'web', start: child('w', {}) }], stop: cold('10ms x') }, ts)).toBe('(ab) 6ms (cde|)', {
        a: { type: 'starting', at: 0, child: 'web' },
        b: { type: 'started', pid: 1001, at: 0, child: 'web' },
        c: { type: 'exited', status: { code: 143, exitedAt: new Date(10), signal: 'SIGTERM' }, at: 10, child: 'web' },
        d: { type: 'stopped', cause: 'requested', at: 10, child: 'web' },
        e: { type: 'stopped', cause: 'requested', at: 10 },
      });
    });
  });

  it('a subtree is ready when all its children are: the next sibling waits for it', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const { journal, child } = fakes(ts);
      record(supervisor({
        children: [
          {
            id: 'backend', children: [
              { id: 'db', start: child('db'), health: { probe: () => of(true), intervalMs: 10 } },
              { id: 'cache', start: child('cache') },
            ],
          },
          { id: 'web', start: child('web') },
        ],
        stop: cold('50ms x'),
      }, ts));
      flush();
      expect(journal.lines({ calls: ['create'] })).to.deep.equal(['0 db1 create', '10 cache1 create', '10 web1 create']);
      expect(journal.lines({ calls: ['kill'] })).to.deep.equal(['50 web1 kill SIGTERM', '55 cache1 kill SIGTERM', '60 db1 kill SIGTERM']);
    });
  });
});

describe('supervisor: strategies', () => {
  it('one-for-one restarts only the child that failed', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const { journal, child } = fakes(ts);
      const rec = record(supervisor({
        strategy: 'one-for-one',
        children: [{ id: 'a', start: child('a') }, { id: 'b', start: child('b', [crashAt(30), graceful]) }, { id: 'c', start: child('c') }],
        stop: cold('200ms x'),
      }, ts));
      flush();
      expect(rec.types().filter(t => Number(t.split(' ')[0]) < 200)).to.deep.equal([
        '0 a starting', '0 a started', '0 b starting', '0 b started', '0 c starting', '0 c started',
        '30 b exited', '30 b backoff', '130 b restarting', '130 b starting', '130 b started',
      ]);
      expect(journal.lines({ calls: ['kill'] }).filter(l => Number(l.split(' ')[0]) < 200)).to.deep.equal([]);
    });
  });

  it('one-for-all stops the others in reverse order, then starts all in order after the backoff', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const { journal, child } = fakes(ts);
      const rec = record(supervisor({
        strategy: 'one-for-all',
        children: [{ id: 'a', start: child('a') }, { id: 'b', start: child('b', [crashAt(30), graceful]) }, { id: 'c', start: child('c') }],
        stop: cold('500ms x'),
      }, ts));
      flush();
      expect(journal.lines({ calls: ['create', 'kill', 'exit'] }).filter(l => Number(l.split(' ')[0]) < 500)).to.deep.equal([
        '0 a1 create', '0 b1 create', '0 c1 create',
        '30 b1 exit 1', '30 c1 kill SIGTERM', '35 c1 exit 0', '35 a1 kill SIGTERM', '40 a1 exit 0',
        '140 a2 create', '140 b2 create', '140 c2 create',
      ]);
      expect(rec.lines().filter(l => /backoff|restarting/.test(l))).to.deep.equal([
        '30 b backoff 100 #1', '140 a restarting #1', '140 b restarting #1', '140 c restarting #1',
      ]);
    });
  });

  it('rest-for-one restarts the failed child and those after it, leaving those before it alone', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const { journal, child } = fakes(ts);
      record(supervisor({
        strategy: 'rest-for-one',
        children: [{ id: 'a', start: child('a') }, { id: 'b', start: child('b', [crashAt(30), graceful]) }, { id: 'c', start: child('c') }],
        stop: cold('500ms x'),
      }, ts));
      flush();
      expect(journal.lines({ calls: ['create', 'kill', 'exit'] }).filter(l => Number(l.split(' ')[0]) < 500)).to.deep.equal([
        '0 a1 create', '0 b1 create', '0 c1 create',
        '30 b1 exit 1', '30 c1 kill SIGTERM', '35 c1 exit 0',
        '135 b2 create', '135 c2 create',
      ]);
    });
  });

  it('does not restart a temporary sibling stopped by a one-for-all restart, as OTP', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const { journal, child } = fakes(ts);
      const rec = record(supervisor({
        strategy: 'one-for-all',
        children: [{ id: 'a', start: child('a'), restart: 'temporary' }, { id: 'b', start: child('b', [crashAt(30), graceful]) }],
        stop: cold('500ms x'),
      }, ts));
      flush();
      expect(journal.lines({ calls: ['create'] })).to.deep.equal(['0 a1 create', '0 b1 create', '135 b2 create']);
      expect(rec.lines()).to.include('35 a stopped shutdown');
    });
  });
});

describe('supervisor: restart types of children', () => {
  it('lets temporary and transient children end cleanly, and ends when every child has', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { child } = fakes(ts);
      const rec = record(supervisor({
        children: [
          { id: 'job', start: child('job', { exitAfterMs: 10, exitCode: 4 }), restart: 'temporary' },
          { id: 'task', start: child('task', { exitAfterMs: 20 }), restart: 'transient' },
        ],
      }, ts));
      flush();
      expect(rec.lines().filter(l => /stopped|exited/.test(l))).to.deep.equal([
        '10 job exited 4', '10 job stopped policy', '20 task exited 0', '20 task stopped policy', '20 stopped policy',
      ]);
      expect(rec.completed).to.equal(true);
    });
  });

  it('restarts a transient child after a failure', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { child } = fakes(ts);
      const rec = record(supervisor({
        children: [{ id: 'task', start: child('task', [{ exitAfterMs: 20, exitCode: 1 }, { exitAfterMs: 20 }]), restart: 'transient' }],
      }, ts));
      flush();
      expect(rec.types()).to.deep.equal([
        '0 task starting', '0 task started', '20 task exited', '20 task backoff', '120 task restarting',
        '120 task starting', '120 task started', '140 task exited', '140 task stopped', '140 stopped',
      ]);
    });
  });

  it("gives up when a child used its own maxRestarts", () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { child } = fakes(ts);
      const rec = record(supervisor({
        intensity: { intensity: 100, periodMs: 1_000 },
        children: [{ id: 'a', start: child('a') }, { id: 'b', start: child('b', crashAt(10)), maxRestarts: 1 }],
      }, ts));
      flush();
      expect(rec.lines().at(-1)).to.equal("125 gave-up child 'b' exited with code 1; no restart left (at most 1)");
    });
  });
});

describe('supervisor: intensity and escalation', () => {
  it('past its intensity, stops every child in reverse order and gives up with the reason', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { journal, child } = fakes(ts);
      const rec = record(supervisor({
        children: [{ id: 'a', start: child('a') }, { id: 'b', start: child('b', crashAt(30)) }, { id: 'c', start: child('c') }],
      }, ts));
      flush();
      expect(journal.lines({ calls: ['kill', 'exit'] })).to.deep.equal([
        '30 b1 exit 1', '160 b2 exit 1', '160 c1 kill SIGTERM', '165 c1 exit 0', '165 a1 kill SIGTERM', '170 a1 exit 0',
      ]);
      expect(rec.lines().slice(-4)).to.deep.equal([
        '165 b stopped gave-up', '170 a exited 0', '170 a stopped shutdown',
        "170 gave-up child 'b' exited with code 1; restart intensity exceeded: 2 restarts within 5000 ms (at most 1 allowed)",
      ]);
      expect(rec.completed).to.equal(true);
    });
  });

  it('escalates: a subtree that gives up is a failed child to its parent, which restarts it, then gives up itself', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { journal, child } = fakes(ts);
      const rec = record(supervisor({
        intensity: { intensity: 1, periodMs: 10_000 },
        children: [
          { id: 'web', start: child('web') },
          {
            id: 'backend', intensity: { intensity: 1, periodMs: 1_000 },
            children: [{ id: 'db', start: child('db', crashAt(10)) }],
          },
        ],
      }, ts));
      flush();
      const lines = rec.lines();
      expect(lines).to.include.members([
        '10 backend/db exited 1', '10 backend/db backoff 100 #1', '110 backend/db restarting #1',
        "120 backend gave-up child 'db' exited with code 1; restart intensity exceeded: 2 restarts within 1000 ms (at most 1 allowed)",
        '120 backend backoff 100 #1', '220 backend restarting #1', '220 backend/db starting',
      ]);
      expect(journal.lines({ calls: ['create'] })).to.deep.equal(['0 web1 create', '0 db1 create', '110 db2 create', '220 db3 create', '330 db4 create']);
      expect(lines.at(-1)).to.equal(
        "345 gave-up child 'backend' gave up: child 'db' exited with code 1; restart intensity exceeded: 2 restarts within 1000 ms " +
        '(at most 1 allowed); restart intensity exceeded: 2 restarts within 10000 ms (at most 1 allowed)');
      expect(journal.lines({ calls: ['kill'] })).to.deep.equal(['340 web1 kill SIGTERM']);
    });
  });
});

describe('supervisor: unsubscribing', () => {
  it('stops every child in reverse order in the background, each followed by its cleanup', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { journal, child, cleanup } = fakes(ts);
      const rec = record(supervisor({
        children: [
          { id: 'a', start: child('a'), cleanup: cleanup('a') },
          { id: 'b', start: child('b'), cleanup: cleanup('b') },
          { id: 'c', start: child('c'), cleanup: cleanup('c') },
        ],
      }, ts));
      ts.schedule(() => rec.subscription.unsubscribe(), 20);
      flush();
      expect(journal.lines({ calls: ['kill', 'exit', 'delete', 'cleanup'] })).to.deep.equal([
        '20 c1 kill SIGTERM', '25 c1 exit 0', '25 c1 delete', '25 c cleanup',
        '25 b1 kill SIGTERM', '30 b1 exit 0', '30 b1 delete', '30 b cleanup',
        '30 a1 kill SIGTERM', '35 a1 exit 0', '35 a1 delete', '35 a cleanup',
      ]);
      expect(rec.events.every(e => e.at <= 20)).to.equal(true);
    });
  });

  it('rejects a tree without children, and duplicate or invalid ids, at the call', () => {
    const start = fakeStart();
    expect(() => supervisor({ children: [] })).to.throw(RangeError, /a tree without children/);
    expect(() => supervisor({ children: [{ id: 'a', start }, { id: 'a', start }] })).to.throw(RangeError, /duplicate child id\), got 'a'/);
    expect(() => supervisor({ children: [{ id: 'a/b', start }] })).to.throw(RangeError, /id must be a non-empty string without '\/'/);
    expect(() => supervisor({ children: [{ id: 'x', children: [{ id: 'y', start, restart: 'maybe' as never }] }] })).to.throw(RangeError, /maybe/);
  });
});
