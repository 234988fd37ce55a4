import { expect } from 'chai';
import { map, type Observable, of, throwError, timer } from 'rxjs';
import type { SchedulerLike } from 'rxjs';
import { describeExit } from '../../src/supervise/exit.js';
import { memoryWatch$, overMemory } from '../../src/supervise/max-memory.js';
import { supervise } from '../../src/supervise/supervise.js';
import type { MemorySample, SupervisedProcess } from '../../src/supervise/supervised-process.js';
import { fakeStart, type FakeProcess } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

/** A fake process whose working set grows by `step` bytes at each reading, read every `intervalMs`. */
function growing(p: FakeProcess, step: number, scheduler: SchedulerLike): FakeProcess & Required<Pick<SupervisedProcess, 'metrics$'>> {
  return Object.assign(p, {
    metrics$: ({ intervalMs }: { intervalMs: number }): Observable<MemorySample> =>
      timer(0, intervalMs, scheduler).pipe(map((i) => ({ memory: { workingSetBytes: i * step } }))),
  });
}

describe('maxMemoryBytes: the decision', () => {
  it('is over when the working set is strictly more than the limit', () => {
    expect(overMemory({ memory: { workingSetBytes: 101 } }, 100)).to.equal(true);
    expect(overMemory({ memory: { workingSetBytes: 100 } }, 100)).to.equal(false);
  });

  it('memoryWatch$ tells the first reading over the limit, then completes', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const p = growing(fakeStart({}, { scheduler: ts })() as unknown as FakeProcess, 40, ts);
      expectObservable(memoryWatch$(p, { maxMemoryBytes: 100, memoryIntervalMs: 10 })).toBe('30ms (x|)', { x: { usageBytes: 120, maxMemoryBytes: 100 } });
    });
  });

  it('memoryWatch$ watches nothing without a limit, without metrics$, and ends quietly on a failed read', () => {
    testScheduler().run(({ expectObservable }) => {
      const plain = { start$: () => of(1), wait$: () => of(), kill$: () => of(), delete$: () => of() } as unknown as SupervisedProcess;
      expectObservable(memoryWatch$(plain, { maxMemoryBytes: 100 })).toBe('|');
      const failing = { ...plain, metrics$: () => throwError(() => new Error('gone')) } as SupervisedProcess;
      expectObservable(memoryWatch$(failing, { maxMemoryBytes: 100 })).toBe('|');
      expectObservable(memoryWatch$(failing, {})).toBe('|');
    });
  });
});

describe('maxMemoryBytes under supervise (virtual time)', () => {
  it('a growing process is stopped gracefully over the limit, says why, and is restarted by on-failure', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const base = fakeStart({}, { scheduler: ts });
      const start = (): Observable<FakeProcess> => base().pipe(map((p) => growing(p, 40, ts)));
      const rec = record(supervise(start, { restart: 'on-failure', maxRestarts: 1, maxMemoryBytes: 100, memoryIntervalMs: 10 }, ts));
      flush();
      expect(rec.lines()).to.deep.equal([
        '0 starting', '0 started 1001', '30 memory-exceeded', '30 exited 143', '30 backoff 100 #1',
        '130 restarting #1', '130 starting', '130 started 1002', '160 memory-exceeded', '160 exited 143', '160 gave-up stopped as over its memory limit (memory 120 bytes over maxMemoryBytes 100), killed by SIGTERM (143); no restart left (at most 1)',
      ]);
      const over = rec.events.find((e) => e.type === 'memory-exceeded');
      expect(over).to.deep.include({ usageBytes: 120, maxMemoryBytes: 100 });
      const exited = rec.events.find((e) => e.type === 'exited');
      expect(exited).to.deep.include({ reason: 'max-memory' });
      expect(base.journal.lines({ calls: ['kill'] })).to.deep.equal(['30 p1 kill SIGTERM', '160 p2 kill SIGTERM']);
    });
  });

  it('under the limit nothing happens', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const base = fakeStart({ exitAfterMs: 50 }, { scheduler: ts });
      const start = (): Observable<FakeProcess> => base().pipe(map((p) => growing(p, 1, ts)));
      const rec = record(supervise(start, { restart: 'no', maxMemoryBytes: 100, memoryIntervalMs: 10 }, ts));
      flush();
      expect(rec.types()).to.deep.equal(['0 starting', '0 started', '50 exited', '50 stopped']);
      expect(rec.events.find((e) => e.type === 'exited')).to.not.have.property('reason');
    });
  });

  it('bad values throw at the call, naming the option', () => {
    const start = fakeStart();
    expect(() => supervise(start, { maxMemoryBytes: 0 })).to.throw(RangeError, 'options.maxMemoryBytes must be a positive integer, got 0');
    expect(() => supervise(start, { maxMemoryBytes: '64m' as unknown as number })).to.throw(TypeError, 'options.maxMemoryBytes');
    expect(() => supervise(start, { maxMemoryBytes: 1, memoryIntervalMs: 0 })).to.throw(RangeError, 'options.memoryIntervalMs');
  });
});

describe('describeExit of an OOM kill', () => {
  it('says the OOM killer did it', () => {
    expect(describeExit({ code: 137, exitedAt: new Date(0), signal: 'SIGKILL', oomKilled: true })).to.equal('killed by the OOM killer (SIGKILL, 137)');
    expect(describeExit({ code: 137, exitedAt: new Date(0), signal: 'SIGKILL' })).to.equal('killed by SIGKILL (137)');
  });
});
