import { expect } from 'chai';
import { defer, NEVER, type Observable, of, share, throwError } from 'rxjs';
import { health$ } from '../../src/supervise/health.js';
import { NotReadyError, readiness$, ready$ } from '../../src/supervise/readiness.js';
import { supervise } from '../../src/supervise/supervise.js';
import type { SupervisorEvent } from '../../src/supervise/events.js';
import { fakeStart } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

/** A probe that answers from a list, one answer per call (the last one repeats). */
function answers(...results: Array<boolean | Error | 'hang'>): () => Observable<boolean> {
  let n = 0;
  return () => defer(() => {
    const r = results[Math.min(n++, results.length - 1)];
    if (r === 'hang') return NEVER;
    if (r instanceof Error) return throwError(() => r);
    return of(r as boolean);
  });
}

describe('health$', () => {
  it('reports only changes: healthy after the first success, unhealthy after `retries` failures in a row', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const start = fakeStart({}, { scheduler: ts });
      let process!: (typeof start.processes)[number];
      start().subscribe(p => { process = p; });
      process.start$().subscribe();
      const probe = answers(true, true, false, false, true, false, false, false);
      expectObservable(health$(process, { probe, intervalMs: 10, retries: 2 }, ts), '^ 100ms !').toBe('10ms a 29ms b 9ms c 19ms d', {
        a: { healthy: true },
        b: { healthy: false, reason: '2 health probes failed in a row, the last: probe answered false' },
        c: { healthy: true },
        d: { healthy: false, reason: '2 health probes failed in a row, the last: probe answered false' },
      });
    });
  });

  it('counts a probe that errors or takes longer than timeoutMs as a failure', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const start = fakeStart({}, { scheduler: ts });
      let process!: (typeof start.processes)[number];
      start().subscribe(p => { process = p; });
      process.start$().subscribe();
      const probe = answers(new Error('connection refused'), 'hang');
      // fails at 10 (error), then at 20 + 5 (timeout): unhealthy at 25
      expectObservable(health$(process, { probe, intervalMs: 10, timeoutMs: 5, retries: 2 }, ts), '^ 40ms !').toBe('25ms a', {
        a: { healthy: false, reason: '2 health probes failed in a row, the last: timed out after 5 ms' },
      });
    });
  });

  it('ignores failures during the start period, until a first success ends it early', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const start = fakeStart({}, { scheduler: ts });
      let process!: (typeof start.processes)[number];
      start().subscribe(p => { process = p; });
      process.start$().subscribe();
      // probes at 10, 20, 30, 40, 50, 60: start period 35 ms swallows the first three failures.
      const late = answers(false, false, false, false, false);
      expectObservable(health$(process, { probe: late, intervalMs: 10, retries: 2, startPeriodMs: 35 }, ts), '^ 70ms !')
        .toBe('50ms a', { a: { healthy: false, reason: '2 health probes failed in a row, the last: probe answered false' } });
      // a success at 10 ends the start period: failures at 20 and 30 count.
      const early = answers(true, false, false);
      expectObservable(health$(process, { probe: early, intervalMs: 10, retries: 2, startPeriodMs: 1_000 }, ts), '^ 70ms !')
        .toBe('10ms a 19ms b', { a: { healthy: true }, b: { healthy: false, reason: '2 health probes failed in a row, the last: probe answered false' } });
    });
  });

  it('runs an exec probe inside the process: exec, start, wait, delete; exit code 0 is healthy', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable, flush }) => {
      const start = fakeStart({ exec: (_args, n) => ({ exitCode: n === 1 ? 0 : 1, afterMs: 2 }) }, { scheduler: ts });
      let process!: (typeof start.processes)[number];
      start().subscribe(p => { process = p; });
      process.start$().subscribe();
      expectObservable(health$(process, { command: ['/bin/check', '--quick'], intervalMs: 10, retries: 1 }, ts), '^ 30ms !')
        .toBe('12ms a 11ms b', { a: { healthy: true }, b: { healthy: false, reason: '1 health probe failed in a row, the last: health command exited with code 1' } });
      flush();
      expect(start.journal.lines({ process: 'p1' }).filter(l => l.includes('health-1'))).to.deep.equal([
        '10 p1 exec health-1 /bin/check --quick', '10 p1:health-1 wait', '10 p1:health-1 start', '12 p1:health-1 exit 0', '12 p1:health-1 delete',
      ]);
    });
  });

  it('kills and deletes an exec probe that timed out', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exec: () => ({ afterMs: Infinity }) }, { scheduler: ts });
      let process!: (typeof start.processes)[number];
      start().subscribe(p => { process = p; });
      process.start$().subscribe();
      const sub = health$(process, { command: ['/bin/hang'], intervalMs: 10, timeoutMs: 5 }, ts).subscribe();
      ts.schedule(() => sub.unsubscribe(), 17);
      flush();
      expect(start.journal.lines({ process: 'p1' }).filter(l => l.includes('health-1'))).to.deep.equal([
        '10 p1 exec health-1 /bin/hang', '10 p1:health-1 wait', '10 p1:health-1 start', '15 p1:health-1 delete kill', '15 p1:health-1 exit 137',
      ]);
    });
  });

  it('calls a process without exec$ unhealthy, saying why, rather than failing', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const bare = { start$: () => of(1), wait$: () => NEVER, kill$: () => of(undefined), delete$: () => NEVER };
      expectObservable(health$(bare, { command: ['/bin/true'], intervalMs: 10, retries: 1 }, ts), '^ 15ms !').toBe('10ms a', {
        a: { healthy: false, reason: '1 health probe failed in a row, the last: an exec health check needs a process that has exec$' },
      });
    });
  });
});

describe('supervise: health checks', () => {
  it('stops a process that turns unhealthy and restarts it, counting the exit as a failure even if it exits 0', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const start = fakeStart([
        { signals: { SIGTERM: { exitAfterMs: 5, exitCode: 0 } } },
        {},
      ], { scheduler: ts });
      const probe = answers(true, false, false, true);
      const rec = record(supervise(start, { restart: 'on-failure', health: { probe, intervalMs: 10, retries: 2 }, stop: cold('200ms x') }, ts));
      flush();
      expect(rec.lines().slice(0, 8)).to.deep.equal([
        '0 starting', '0 started 1001', '10 healthy',
        '30 unhealthy 2 health probes failed in a row, the last: probe answered false',
        '35 exited 0', '35 backoff 100 #1', '135 restarting #1', '135 starting',
      ]);
      expect(start.journal.lines({ process: 'p1', calls: ['kill', 'exit', 'delete'] })).to.deep.equal([
        '30 p1 kill SIGTERM', '35 p1 exit 0', '35 p1 delete',
      ]);
      expect(rec.lines()).to.include('145 healthy');
    });
  });

  it('with restartOnUnhealthy false, only reports: unhealthy, then healthy again', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const start = fakeStart({}, { scheduler: ts });
      const probe = answers(true, false, true);
      const rec = record(supervise(start, {
        restart: 'always', restartOnUnhealthy: false, health: { probe, intervalMs: 10, retries: 1 }, stop: cold('50ms x'),
      }, ts));
      flush();
      expect(rec.types()).to.deep.equal(['0 starting', '0 started', '10 healthy', '20 unhealthy', '30 healthy', '50 exited', '50 stopped']);
      expect(start.journal.lines({ calls: ['kill'] })).to.deep.equal(['50 p1 kill SIGTERM']);
    });
  });

  it('restarts an unhealthy process under "always" with the exec probe failing from the start', () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const start = fakeStart({ exec: () => ({ exitCode: 1 }) }, { scheduler: ts });
      const rec = record(supervise(start, {
        restart: 'always', health: { command: ['/bin/false'], intervalMs: 10, retries: 3 }, stop: cold('1000ms x'),
      }, ts));
      flush();
      expect(rec.types().slice(0, 7)).to.deep.equal(['0 starting', '0 started', '30 unhealthy', '30 exited', '30 backoff', '130 restarting', '130 starting']);
      expect(start.processes.length).to.be.greaterThan(2);
    });
  });
});

describe('readiness', () => {
  it('ready$ waits for the first healthy, readiness$ follows it up and down', () => {
    const ts = testScheduler();
    ts.run(({ cold, expectObservable }) => {
      const start = fakeStart({}, { scheduler: ts });
      const probe = answers(false, true, false, true);
      const events$ = supervise(start, {
        restart: 'always', restartOnUnhealthy: false, health: { probe, intervalMs: 10, retries: 1 }, stop: cold('45ms x'),
      }, ts).pipe(share());
      expectObservable(ready$(events$, { on: 'healthy' })).toBe('20ms (a|)', { a: undefined });
      expectObservable(readiness$(events$, { on: 'healthy' })).toBe('f 19ms t 9ms f 9ms t 4ms (f|)', { f: false, t: true });
    });
  });

  it('ready$ on started, for a process without a health check', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const start = fakeStart({ startDelayMs: 7 }, { scheduler: ts });
      expectObservable(ready$(supervise(start, {}, ts))).toBe('7ms (a|)', { a: undefined });
    });
  });

  it('ready$ fails with NotReadyError when the supervisor gives up first', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const start = fakeStart({ startError: new Error('no such binary') }, { scheduler: ts });
      const events$: Observable<SupervisorEvent> = supervise(start, { restart: 'on-failure:1' }, ts);
      const gaveUp: SupervisorEvent = { type: 'gave-up', reason: 'could not start: no such binary; no restart left (at most 1)', at: 100 };
      expectObservable(ready$(events$)).toBe('100ms #', undefined, new NotReadyError(gaveUp));
    });
  });

  it('readiness$ follows one child of a tree by its id path', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const events$ = ts.createColdObservable<SupervisorEvent>('a-b-c-d', {
        a: { type: 'started', pid: 1, at: 0, child: 'db' },
        b: { type: 'started', pid: 2, at: 2, child: 'api' },
        c: { type: 'exited', status: { code: 1, exitedAt: new Date(4) }, at: 4, child: 'api' },
        d: { type: 'stopped', cause: 'requested', at: 6 },
      });
      expectObservable(readiness$(events$, { child: 'api' })).toBe('f-t-f-|', { f: false, t: true });
    });
  });
});
