/**
 * What a child's `stopped` says: a child the tree gave up on is `gave-up` with the reason, a child the tree
 * shut down of its own accord is `shutdown` with the reason, and only a stop someone asked for is `requested`.
 */
import { expect } from 'chai';
import type { TestScheduler } from 'rxjs/testing';
import type { SupervisorEventOf } from '../../src/supervise/events.js';
import { supervisor } from '../../src/supervise/supervisor.js';
import { FakeJournal, fakeStart, type FakeProcessScript } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

const graceful: FakeProcessScript = { signals: { SIGTERM: { exitAfterMs: 5 } } };
const crashAt = (ms: number): FakeProcessScript => ({ ...graceful, exitAfterMs: ms, exitCode: 1 });

function fakes(ts: TestScheduler) {
  const journal = new FakeJournal(ts);
  return (name: string, scripts: FakeProcessScript | FakeProcessScript[] = graceful) => fakeStart(scripts, { scheduler: ts, journal, name });
}

/** The `stopped` events, without `at`. */
const stops = (events: readonly { type: string }[]) => events
  .filter((e): e is SupervisorEventOf<'stopped'> => e.type === 'stopped')
  .map(({ at: _at, ...rest }) => rest);

describe('stop causes of the children of a tree', () => {
  it('the child that used up its restarts is stopped with cause gave-up and why; its siblings with shutdown', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const child = fakes(ts);
      const rec = record(supervisor({
        intensity: { intensity: 100, periodMs: 1_000 },
        children: [{ id: 'a', start: child('a') }, { id: 'b', start: child('b', crashAt(10)), maxRestarts: 1 }],
      }, ts));
      flush();
      const why = "child 'b' exited with code 1; no restart left (at most 1)";
      expect(stops(rec.events)).to.deep.equal([
        { type: 'stopped', cause: 'gave-up', reason: 'exited with code 1; no restart left (at most 1)', child: 'b' },
        { type: 'stopped', cause: 'shutdown', reason: `the supervisor gave up: ${why}`, child: 'a' },
      ]);
      expect(rec.lines().at(-1)).to.equal(`125 gave-up ${why}`);
    });
  });

  it('past the intensity, the crashed child is stopped with cause gave-up and the intensity in its reason', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const child = fakes(ts);
      const rec = record(supervisor({ children: [{ id: 'a', start: child('a') }, { id: 'b', start: child('b', crashAt(30)) }] }, ts));
      flush();
      expect(stops(rec.events).map(e => `${e.child} ${e.cause}: ${e.reason}`)).to.deep.equal([
        'b gave-up: exited with code 1; restart intensity exceeded: 2 restarts within 5000 ms (at most 1 allowed)',
        "a shutdown: the supervisor gave up: child 'b' exited with code 1; restart intensity exceeded: 2 restarts within 5000 ms (at most 1 allowed)",
      ]);
    });
  });

  it('a crash that could not even create the process names that in the gave-up reason', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const child = fakes(ts);
      const rec = record(supervisor({
        children: [{ id: 'a', start: child('a', { createError: new Error('no such binary') }), maxRestarts: 0 }],
      }, ts));
      flush();
      expect(stops(rec.events)).to.deep.equal([
        { type: 'stopped', cause: 'gave-up', reason: 'could not create the process: no such binary; no restart left (at most 0)', child: 'a' },
      ]);
    });
  });

  it('when a parent gives up, the children of a subtree it shuts down say shutdown, and so does the subtree', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const child = fakes(ts);
      const rec = record(supervisor({
        children: [
          { id: 'backend', children: [{ id: 'db', start: child('db') }] },
          { id: 'bad', start: child('bad', crashAt(10)), maxRestarts: 0 },
        ],
      }, ts));
      flush();
      const why = "the supervisor gave up: child 'bad' exited with code 1; no restart left (at most 0)";
      expect(stops(rec.events)).to.deep.equal([
        { type: 'stopped', cause: 'gave-up', reason: 'exited with code 1; no restart left (at most 0)', child: 'bad' },
        { type: 'stopped', cause: 'shutdown', reason: why, child: 'backend/db' },
        { type: 'stopped', cause: 'shutdown', reason: why, child: 'backend' },
      ]);
    });
  });

  it('a temporary child stopped for a sibling\'s one-for-all restart says shutdown and why', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const child = fakes(ts);
      const rec = record(supervisor({
        strategy: 'one-for-all',
        children: [{ id: 'a', start: child('a'), restart: 'temporary' }, { id: 'b', start: child('b', [crashAt(30), graceful]) }],
        stop: cold('500ms x'),
      }, ts));
      flush();
      expect(stops(rec.events)[0]).to.deep.equal({ type: 'stopped', cause: 'shutdown', reason: "stopped for the restart of 'b' (one-for-all)", child: 'a' });
    });
  });

  it('a stop that was asked for stays requested, down through subtrees', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const child = fakes(ts);
      const rec = record(supervisor({
        children: [{ id: 'backend', children: [{ id: 'db', start: child('db') }] }, { id: 'web', start: child('web') }],
        stop: cold('50ms x'),
      }, ts));
      flush();
      expect(stops(rec.events)).to.deep.equal([
        { type: 'stopped', cause: 'requested', child: 'web' },
        { type: 'stopped', cause: 'requested', child: 'backend/db' },
        { type: 'stopped', cause: 'requested', child: 'backend' },
        { type: 'stopped', cause: 'requested' },
      ]);
    });
  });
});
