import { expect } from 'chai';
import { defer, NEVER, type Observable, of } from 'rxjs';
import { startup$ } from '../../src/supervise/startup.js';
import { supervise } from '../../src/supervise/supervise.js';
import { fakeStart } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

/** A probe that answers from a list, one answer per call (the last one repeats). */
function answers(...results: Array<boolean | 'hang'>): () => Observable<boolean> {
  let n = 0;
  return () => defer(() => {
    const r = results[Math.min(n++, results.length - 1)];
    return r === 'hang' ? NEVER : of(r as boolean);
  });
}

describe('startup$ (Kubernetes startupProbe)', () => {
  const running = (ts: ReturnType<typeof testScheduler>) => {
    const start = fakeStart({}, { scheduler: ts });
    let process!: (typeof start.processes)[number];
    start().subscribe(p => { process = p; });
    process.start$().subscribe();
    return process;
  };

  it('probes at once, then intervalMs after each failure, and succeeds on the first pass', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const probe = answers(false, false, true);
      expectObservable(startup$(running(ts), { probe, intervalMs: 10, failureThreshold: 3 }, ts)).toBe('20ms (a|)', { a: { started: true } });
    });
  });

  it('fails after failureThreshold failures in a row; initialDelayMs comes first', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      expectObservable(startup$(running(ts), { probe: answers(false), initialDelayMs: 5, intervalMs: 10, failureThreshold: 3 }, ts)).toBe('25ms (a|)', {
        a: { started: false, reason: 'startup probe failed 3 times in a row, the last: probe answered false' },
      });
    });
  });

  it('counts a probe slower than timeoutMs as a failure', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      // 0-5 timeout, 15-20 timeout: failed at 20
      expectObservable(startup$(running(ts), { probe: answers('hang'), intervalMs: 10, timeoutMs: 5, failureThreshold: 2 }, ts)).toBe('20ms (a|)', {
        a: { started: false, reason: 'startup probe failed 2 times in a row, the last: timed out after 5 ms' },
      });
    });
  });

  it('checks its options at the call, naming the option and the value', () => {
    const process = { start$: () => NEVER, wait$: () => NEVER, kill$: () => NEVER, delete$: () => NEVER };
    expect(() => startup$(process, { probe: answers(true), failureThreshold: 0 })).to.throw(RangeError, 'probe.failureThreshold must be a positive integer, got 0');
    expect(() => startup$(process, { probe: answers(true), intervalMs: -1 })).to.throw(RangeError, 'probe.intervalMs must be a positive finite number, got -1');
    expect(() => startup$(process, {} as never)).to.throw(TypeError, 'probe must be an exec probe ({ command }) or a probe ({ probe })');
    expect(() => supervise(() => NEVER, { startupProbe: { command: [] } })).to.throw(RangeError, 'options.startupProbe.command must be a non-empty array of strings, got []');
  });
});

describe('supervise with a startup probe', () => {
  it('starts the health check only once the startup probe passed, and is ready only then', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({}, { scheduler: ts });
      const health = answers(true);
      let healthProbes = 0;
      const rec = record(supervise(start, {
        startupProbe: { probe: answers(false, false, true), intervalMs: 10, failureThreshold: 5 },
        health: { probe: () => { healthProbes += 1; return health(); }, intervalMs: 100 },
      }, ts));
      ts.schedule(() => rec.subscription.unsubscribe(), 150);
      flush();
      expect(rec.types().slice(0, 4)).to.deep.equal(['0 starting', '0 started', '20 startup-succeeded', '120 healthy']);
      expect(healthProbes).to.equal(1);
    });
  });

  it('stops a process that fails its startup probe, even with restartOnUnhealthy false, and restarts it by its policy', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({}, { scheduler: ts });
      const rec = record(supervise(start, {
        restart: 'on-failure', maxRestarts: 1, restartOnUnhealthy: false, gracePeriodMs: 5,
        backoff: { initialMs: 10 },
        startupProbe: { probe: answers(false), intervalMs: 10, failureThreshold: 2 },
      }, ts));
      flush();
      expect(rec.lines()).to.deep.equal([
        '0 starting', '0 started 1001',
        '10 unhealthy startup probe failed 2 times in a row, the last: probe answered false',
        '10 exited 143', '10 backoff 10 #1', '20 restarting #1', '20 starting', '20 started 1002',
        '30 unhealthy startup probe failed 2 times in a row, the last: probe answered false',
        '30 exited 143',
        '30 gave-up stopped as unhealthy (startup probe failed 2 times in a row, the last: probe answered false), killed by SIGTERM (143); no restart left (at most 1)',
      ]);
    });
  });
});
