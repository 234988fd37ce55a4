import { expect } from 'chai';
import { defer, map, NEVER, type Observable, of, throwError } from 'rxjs';
import { NotFoundError, UnknownError } from '../../src/client/errors.js';
import { cpuPercent, withCpuPercent } from '../../src/process/metrics/cpu-percent.js';
import { pollMetrics$ } from '../../src/process/metrics/poll-metrics.js';
import type { TaskMetrics } from '../../src/process/metrics/task-metrics.js';
import { testScheduler } from '../streams/support.js';

/** A v1 sample with this CPU time, read by the daemon at `atMs` (none: no timestamp). */
function sample(usageNs: number, atMs?: number): TaskMetrics {
  return {
    cgroup: 1,
    containerId: 'web',
    sampledAt: atMs === undefined ? undefined : new Date(atMs),
    memory: { usageBytes: 0, workingSetBytes: 0, limitBytes: undefined, rssBytes: 0, cacheBytes: 0, maxUsageBytes: 0, swapBytes: 0, oomKills: 0 },
    cpu: { usageNs, userNs: 0, systemNs: 0, periods: 0, throttledPeriods: 0, throttledNs: 0 },
    pids: { current: 1, limit: undefined },
    blkio: { readBytes: 0, writeBytes: 0, devices: [] },
    stats: { hugetlb: [], pids: null, cpu: null, memory: null, blkio: null, rdma: null, network: [], cgroupStats: null, memoryOomControl: null },
  };
}
const percents = (o: Observable<TaskMetrics>): Observable<number | undefined> => o.pipe(map((m) => m.cpuPercent));

describe('CPU percentage between samples (docker stats)', () => {
  it('is CPU time over wall time, in percent of one CPU', () => {
    expect(cpuPercent({ usageNs: 1e9, atMs: 0 }, { usageNs: 1.5e9, atMs: 1000 })).to.equal(50);
    expect(cpuPercent({ usageNs: 0, atMs: 0 }, { usageNs: 4e9, atMs: 2000 })).to.equal(200);
  });

  it('is 0 when the counter went back or no time passed, as Docker shows 0.00%', () => {
    expect(cpuPercent({ usageNs: 5e9, atMs: 0 }, { usageNs: 1e9, atMs: 1000 })).to.equal(0);
    expect(cpuPercent({ usageNs: 0, atMs: 1000 }, { usageNs: 1e9, atMs: 1000 })).to.equal(0);
  });

  it('withCpuPercent: none on the first sample, then against the one before, on the daemon\'s clock', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const samples = { a: sample(0, 0), b: sample(0.5e9, 1000), c: sample(1.5e9, 2000) };
      // the samples arrive 10 ms apart in virtual time: the daemon's timestamps decide, not the arrival
      expectObservable(percents(cold('a 9ms b 9ms c', samples).pipe(withCpuPercent()))).toBe('a 9ms b 9ms c', { a: undefined, b: 50, c: 100 });
    });
  });

  it('withCpuPercent: samples without a timestamp use the scheduler\'s clock at arrival', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const samples = { a: sample(0), b: sample(0.25e9) };
      expectObservable(percents(cold('a 999ms b', samples).pipe(withCpuPercent(ts)))).toBe('a 999ms b', { a: undefined, b: 25 });
    });
  });
});

describe('pollMetrics$: metrics every intervalMs until the task exits', () => {
  it('reads at once and every interval, and completes when the exit comes', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable, expectSubscriptions }) => {
      let n = 0;
      const read = (): Observable<TaskMetrics> => defer(() => { n += 1; return of(sample(n * 1e8, ts.now())); });
      const exit = cold('35ms x');
      expectObservable(percents(pollMetrics$(read, exit, 10, ts))).toBe('a 9ms b 9ms c 9ms d 4ms |', { a: undefined, b: 1000, c: 1000, d: 1000 });
      expectSubscriptions(exit.subscriptions).toBe('^ 34ms !');
    });
  });

  it('completes at once, with nothing, for a task that has already exited', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(pollMetrics$(() => of(sample(0, 0)), cold('(x|)'), 10)).toBe('|');
    });
  });

  it('unsubscribing cancels the read in flight and stops the timer', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const read = cold('5ms a', { a: sample(0, 0) });
      expectObservable(percents(pollMetrics$(() => read, NEVER, 10)), '^ 7ms !').toBe('5ms a', { a: undefined });
      expectSubscriptions(read.subscriptions).toBe('^ 7ms !');
    });
  });

  it('skips a tick while a read is still in flight', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      // each read takes 15 ms: the read due at 10 ms is skipped, the next starts at 20 ms
      const read = (): Observable<TaskMetrics> => cold('15ms (a|)', { a: sample(0, 0) });
      expectObservable(percents(pollMetrics$(read, NEVER, 10)), '^ 40ms !').toBe('15ms a 19ms b', { a: undefined, b: 0 });
    });
  });

  it('a NotFoundError between two reads waits for the exit and completes with it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      let n = 0;
      const read = (): Observable<TaskMetrics> => (++n === 1 ? of(sample(0, 0)) : throwError(() => new NotFoundError({ code: 5, daemonMessage: 'gone', call: 'm' })));
      expectObservable(percents(pollMetrics$(read, cold('13ms x'), 10))).toBe('a 12ms |', { a: undefined });
    });
  });

  it('a NotFoundError with no exit to follow (the wait fails) is the stream\'s error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const gone = new NotFoundError({ code: 5, daemonMessage: 'gone', call: 'm' });
      const exit = cold('-------------#', undefined, new UnknownError({ code: 2, daemonMessage: 'wait failed', call: 'w' }));
      expectObservable(pollMetrics$(() => throwError(() => gone), exit, 10)).toBe('-------------#', undefined, gone);
    });
  });

  it('another error ends the stream', () => {
    testScheduler().run(({ expectObservable }) => {
      const boom = new UnknownError({ code: 2, daemonMessage: 'boom', call: 'm' });
      expectObservable(pollMetrics$(() => throwError(() => boom), NEVER, 10)).toBe('#', undefined, boom);
    });
  });
});
