import { expect } from 'chai';
import { defer, lastValueFrom, map, NEVER, Subject, tap, throwError, timer, toArray, VirtualTimeScheduler } from 'rxjs';
import { ExitUnknownError, NotFoundError } from '../../src/client/errors.js';
import type { IntensityOption } from '../../src/supervise/intensity.js';
import { supervise } from '../../src/supervise/supervise.js';
import { FakeJournal, fakeStart } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

describe('supervise: one life', () => {
  it('emits starting, started, exited and stopped, then completes, under restart "no"', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const start = fakeStart({ exitAfterMs: 50, exitCode: 1 }, { scheduler: ts });
      expectObservable(supervise(start, { restart: 'no' }, ts)).toBe('(ab) 46ms (cd|)', {
        a: { type: 'starting', at: 0 },
        b: { type: 'started', pid: 1001, at: 0 },
        c: { type: 'exited', status: { code: 1, exitedAt: new Date(50) }, at: 50 },
        d: { type: 'stopped', cause: 'policy', at: 50 },
      });
    });
  });

  it('arms wait$ before start$, and deletes the process after its exit', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 50 }, { scheduler: ts });
      record(supervise(start, { restart: 'no' }, ts));
      flush();
      expect(start.journal.lines()).to.deep.equal(['0 p1 create', '0 p1 wait', '0 p1 start', '50 p1 exit 0', '50 p1 delete']);
      expect(start.processes[0]!.lifecycle).to.equal('deleted');
    });
  });

  it('runs cleanup once, after the last delete, before the final event', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 10, exitCode: 1 }, { scheduler: ts });
      let cleanups = 0;
      const rec = record(supervise(start, {
        restart: 'on-failure:1',
        cleanup: () => defer(() => { cleanups += 1; start.journal.record('p', 'cleanup'); return timer(5, ts); }),
      }, ts));
      flush();
      expect(cleanups).to.equal(1);
      expect(start.journal.lines({ calls: ['delete', 'cleanup'] })).to.deep.equal(['10 p1 delete', '120 p2 delete', '120 p cleanup']);
      expect(rec.types().at(-1)).to.equal('125 gave-up');
      expect(rec.completed).to.equal(true);
    });
  });

  it('waits for a cleanup given as a Promise', async () => {
    const steps: string[] = [];
    const start = fakeStart({ exitAfterMs: 1 });
    const events = await lastValueFrom(supervise(start, {
      restart: 'no',
      cleanup: async () => { await new Promise(r => setTimeout(r, 5)); steps.push('cleaned'); },
    }).pipe(tap(e => steps.push(e.type)), toArray()));
    expect(steps).to.deep.equal(['starting', 'started', 'exited', 'cleaned', 'stopped']);
    expect(events).to.have.length(4);
  });

  it('accepts a cleanup that returns nothing, done when it returns', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 10 }, { scheduler: ts });
      const rec = record(supervise(start, { restart: 'no', cleanup: () => { start.journal.record('p', 'cleanup'); } }, ts));
      flush();
      expect(start.journal.lines().slice(-2)).to.deep.equal(['10 p1 delete', '10 p cleanup']);
      expect(rec.lines().at(-1)).to.equal('10 stopped policy');
    });
  });

  it('reports a failing cleanup as a failed event and still ends', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 10 }, { scheduler: ts });
      const rec = record(supervise(start, { restart: 'no', cleanup: () => { throw new Error('container busy'); } }, ts));
      flush();
      expect(rec.lines().slice(-2)).to.deep.equal(['10 failed cleanup container busy', '10 stopped policy']);
      expect(rec.completed).to.equal(true);
    });
  });
});

describe('supervise: restart policies', () => {
  const twoLives = [{ exitAfterMs: 10, exitCode: 1 }, { exitAfterMs: 10, exitCode: 0 }];

  for (const restart of ['no', 'temporary'] as const) {
    it(`"${restart}" never restarts, even after a failure`, () => {
      const ts = testScheduler();
      ts.run(({ flush }) => {
        const start = fakeStart({ exitAfterMs: 10, exitCode: 3 }, { scheduler: ts });
        const rec = record(supervise(start, { restart }, ts));
        flush();
        expect(start.processes).to.have.length(1);
        expect(rec.lines().slice(-2)).to.deep.equal(['10 exited 3', '10 stopped policy']);
      });
    });
  }

  for (const restart of ['on-failure', 'transient'] as const) {
    it(`"${restart}" restarts after a failure and not after a clean exit`, () => {
      const ts = testScheduler();
      ts.run(({ flush }) => {
        const start = fakeStart(twoLives, { scheduler: ts });
        const rec = record(supervise(start, { restart }, ts));
        flush();
        expect(rec.types()).to.deep.equal([
          '0 starting', '0 started', '10 exited', '10 backoff', '110 restarting',
          '110 starting', '110 started', '120 exited', '120 stopped',
        ]);
        expect(rec.lines().at(-1)).to.equal('120 stopped policy');
      });
    });
  }

  for (const restart of ['always', 'unless-stopped', 'permanent'] as const) {
    it(`"${restart}" restarts after a clean exit too, until stopped`, () => {
      const ts = testScheduler();
      ts.run(({ flush }) => {
        const start = fakeStart({ exitAfterMs: 10, exitCode: 0 }, { scheduler: ts });
        const stop = new Subject<void>();
        const rec = record(supervise(start, { restart, stop }, ts));
        ts.schedule(() => stop.next(), 1_000);
        flush();
        expect(start.processes.length).to.be.greaterThan(3);
        expect(rec.lines().filter(l => l.includes('exited'))).to.satisfy((ls: string[]) => ls.every(l => l.endsWith(' 0')));
        expect(rec.lines().at(-1)).to.equal('1000 stopped requested');
        expect(rec.completed).to.equal(true);
      });
    });
  }

  it('"on-failure:3" starts a process that always fails 4 times, then gives up with the reason', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 50, exitCode: 1 }, { scheduler: ts });
      const rec = record(supervise(start, { restart: 'on-failure:3' }, ts));
      flush();
      expect(start.journal.lines({ calls: ['start'] })).to.deep.equal(['0 p1 start', '150 p2 start', '400 p3 start', '850 p4 start']);
      expect(rec.lines().slice(-2)).to.deep.equal([
        '900 exited 1',
        '900 gave-up exited with code 1; no restart left (at most 3)',
      ]);
      expect(rec.completed).to.equal(true);
    });
  });

  it('maxRestarts caps any policy, and "on-failure" with maxRestarts equals "on-failure:N"', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const a = fakeStart({ exitAfterMs: 5 }, { scheduler: ts });
      const b = fakeStart({ exitAfterMs: 5, exitCode: 2 }, { scheduler: ts });
      const always = record(supervise(a, { restart: 'always', maxRestarts: 2 }, ts));
      const onFailure = record(supervise(b, { restart: 'on-failure', maxRestarts: 2 }, ts));
      flush();
      expect(a.processes).to.have.length(3);
      expect(b.processes).to.have.length(3);
      expect(always.types().at(-1)).to.match(/gave-up$/);
      expect(onFailure.types().at(-1)).to.match(/gave-up$/);
    });
  });

  it('defaults to "on-failure": a crash is restarted, a clean exit ends the supervisor', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart([{ exitAfterMs: 5, exitCode: 1 }, { exitAfterMs: 5 }], { scheduler: ts });
      const rec = record(supervise(start, {}, ts));
      flush();
      expect(start.processes).to.have.length(2);
      expect(rec.lines().at(-1)).to.equal('110 stopped policy');
    });
  });

  it('rejects an unknown policy at the call, not inside the stream', () => {
    expect(() => supervise(fakeStart(), { restart: 'sometimes' as never })).to.throw(RangeError, /sometimes/);
  });
});

describe('supervise: backoff', () => {
  it("waits Docker's growing delays between restarts: 100, 200, 400, 800 ms", () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 10, exitCode: 1 }, { scheduler: ts });
      const rec = record(supervise(start, { restart: 'on-failure:4' }, ts));
      flush();
      expect(rec.lines().filter(l => l.includes('backoff'))).to.deep.equal([
        '10 backoff 100 #1', '120 backoff 200 #2', '330 backoff 400 #3', '740 backoff 800 #4',
      ]);
      expect(rec.lines().filter(l => l.includes('restarting'))).to.deep.equal([
        '110 restarting #1', '320 restarting #2', '730 restarting #3', '1540 restarting #4',
      ]);
    });
  });

  it('resets the delay after a run that lasted resetAfterMs', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const quick = { exitAfterMs: 10, exitCode: 1 };
      const start = fakeStart([quick, quick, { exitAfterMs: 10_000, exitCode: 1 }, quick, { exitAfterMs: 9_999, exitCode: 1 }, quick], { scheduler: ts });
      const rec = record(supervise(start, { restart: 'on-failure:5' }, ts));
      flush();
      expect(rec.events.filter(e => e.type === 'backoff').map(e => e.type === 'backoff' && e.delayMs)).to.deep.equal([100, 200, 100, 200, 400]);
    });
  });

  it('follows a configured backoff: Kubernetes-like 10 s doubling to 5 min', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 1, exitCode: 1 }, { scheduler: ts });
      const rec = record(supervise(start, {
        restart: 'on-failure:7',
        backoff: { initialMs: 10_000, factor: 2, maxMs: 300_000, resetAfterMs: 600_000 },
      }, ts));
      flush();
      expect(rec.events.flatMap(e => (e.type === 'backoff' ? [e.delayMs] : []))).to.deep.equal(
        [10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    });
  });

  it('applies jitter within its bounds, and restarts exactly after the jittered delay', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 10, exitCode: 1 }, { scheduler: ts });
      const randoms = [0, 0.5, 0.999];
      const rec = record(supervise(start, {
        restart: 'on-failure:3', backoff: { jitter: 0.5 }, random: () => randoms.shift() ?? 0,
      }, ts));
      flush();
      // 100 * (1 - 0.5 * 0) = 100; 200 * (1 - 0.25) = 150; 400 * (1 - 0.4995) ≈ 200
      expect(rec.lines().filter(l => /backoff|restarting/.test(l))).to.deep.equal([
        '10 backoff 100 #1', '110 restarting #1',
        '120 backoff 150 #2', '270 restarting #2',
        '280 backoff 200 #3', '480 restarting #3',
      ]);
    });
  });

  it('keeps every jittered delay within [delay * (1 - jitter), delay] with a real random source', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 1, exitCode: 1 }, { scheduler: ts });
      const rec = record(supervise(start, { restart: 'on-failure:40', backoff: { jitter: 0.8, maxMs: 3_200 } }, ts));
      flush();
      const backoffs = rec.events.flatMap(e => (e.type === 'backoff' ? [e] : []));
      expect(backoffs).to.have.length(40);
      for (const b of backoffs) {
        const exact = Math.min(100 * 2 ** (b.attempt - 1), 3_200);
        expect(b.delayMs).to.be.within(Math.round(exact * 0.2), exact);
      }
    });
  });
});

describe('supervise: restart intensity', () => {
  const spellings: [string, IntensityOption][] = [
    ['{ intensity, periodMs }', { intensity: 2, periodMs: 1_000 }],
    ['the deprecated { maxRestarts, withinMs }', { maxRestarts: 2, withinMs: 1_000 }],
  ];
  for (const [spelling, intensity] of spellings) {
    it(`gives up when more than intensity restarts happen within periodMs, spelled ${spelling}`, () => {
      const ts = testScheduler();
      ts.run(({ flush }) => {
        const start = fakeStart({ exitAfterMs: 10, exitCode: 1 }, { scheduler: ts });
        const rec = record(supervise(start, { restart: 'always', intensity }, ts));
        flush();
        expect(start.processes).to.have.length(3);
        expect(rec.lines().at(-1)).to.equal(
          '330 gave-up exited with code 1; restart intensity exceeded: 3 restarts within 1000 ms (at most 2 allowed)');
      });
    });
  }

  it('keeps restarting while the restarts are spread wider than the window', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 2_000, exitCode: 1 }, { scheduler: ts });
      const stop = new Subject<void>();
      const rec = record(supervise(start, { restart: 'always', intensity: { intensity: 1, periodMs: 1_000 }, stop }, ts));
      ts.schedule(() => stop.next(), 20_000);
      flush();
      expect(start.processes.length).to.be.greaterThan(5);
      expect(rec.lines().at(-1)).to.equal('20000 stopped requested');
    });
  });
});

describe('supervise: failures are events, never errors', () => {
  it('reports a creation failure, and restarts under on-failure', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart([{ createError: new Error('no such image') }, { exitAfterMs: 5 }], { scheduler: ts });
      const rec = record(supervise(start, { restart: 'on-failure' }, ts));
      flush();
      expect(rec.lines()).to.deep.equal([
        '0 starting', '0 failed create no such image', '0 backoff 100 #1', '100 restarting #1',
        '100 starting', '100 started 1002', '105 exited 0', '105 stopped policy',
      ]);
      expect(rec.errored).to.equal(undefined);
    });
  });

  it('reports a start failure and deletes the process that could not start', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ startError: new Error('exec: "/nope": not found') }, { scheduler: ts });
      const rec = record(supervise(start, { restart: 'no' }, ts));
      flush();
      expect(rec.lines()).to.deep.equal(['0 starting', '0 failed start exec: "/nope": not found', '0 stopped policy']);
      expect(start.journal.lines()).to.deep.equal(['0 p1 create', '0 p1 wait', '0 p1 start', '0 p1 delete']);
    });
  });

  it('treats a failed wait as a lost process: kills and deletes it, then restarts', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart([{ waitError: new Error('task deleted'), waitErrorAfterMs: 30 }, { exitAfterMs: 5 }], { scheduler: ts });
      const rec = record(supervise(start, { restart: 'on-failure' }, ts));
      flush();
      expect(rec.lines().slice(0, 4)).to.deep.equal(['0 starting', '0 started 1001', '30 failed wait task deleted', '30 backoff 100 #1']);
      expect(start.journal.lines({ process: 'p1', calls: ['delete', 'exit'] })).to.deep.equal(['30 p1 delete kill', '30 p1 exit 137']);
      expect(rec.lines().at(-1)).to.equal('135 stopped policy');
    });
  });

  describe('an exit lost while containerd was down (ExitUnknownError)', () => {
    const lost = new ExitUnknownError({ containerId: 'p', processId: 'p', pid: 1001, daemonVersion: '1.7.24', observed: 'status check: NotFound after the event stream was down' });
    /** Fake processes whose first wait fails as containerd >= 1.7 makes it fail, and whose delete then finds nothing. */
    const droppedByTheDaemon = (start: ReturnType<typeof fakeStart>) => () => start().pipe(map((p) => ({
      start$: () => p.start$(), wait$: () => p.wait$(), kill$: () => p.kill$(),
      delete$: () => (p.id === 'p1' ? throwError(() => new NotFoundError({ code: 5, daemonMessage: 'task p: not found', call: 'delete' })) : p.delete$()),
    })));

    it('is a crash of unknown code: restarted under on-failure, the delete of the dropped task not reported as a failure', () => {
      const ts = testScheduler();
      ts.run(({ flush }) => {
        const start = fakeStart([{ waitError: lost, waitErrorAfterMs: 30 }, { exitAfterMs: 5 }], { scheduler: ts });
        const rec = record(supervise(droppedByTheDaemon(start), { restart: 'on-failure' }, ts));
        flush();
        expect(rec.lines()).to.deep.equal([
          '0 starting', '0 started 1001', `30 failed wait ${lost.message}`, '30 backoff 100 #1',
          '130 restarting #1', '130 starting', '130 started 1002', '135 exited 0', '135 stopped policy',
        ]);
      });
    });

    it('is restarted under always too, and when no restart is left the give-up says the exit was unknown', () => {
      const ts = testScheduler();
      ts.run(({ flush }) => {
        const start = fakeStart({ waitError: lost, waitErrorAfterMs: 30 }, { scheduler: ts });
        const rec = record(supervise(droppedByTheDaemon(start), { restart: 'always', maxRestarts: 1 }, ts));
        flush();
        expect(rec.lines().filter((l) => / (started|gave-up)/.test(l))).to.deep.equal([
          '0 started 1001', '130 started 1002',
          '160 gave-up exit unknown, taken as a crash: the process vanished while containerd was down (containerd 1.7.24); no restart left (at most 1)',
        ]);
      });
    });
  });

  it('reports a failed delete and carries on', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({ exitAfterMs: 5 }, { scheduler: ts });
      const refusesDelete = () => start().pipe(map(p => ({
        start$: () => p.start$(), wait$: () => p.wait$(), kill$: () => p.kill$(),
        delete$: () => throwError(() => new Error('delete refused')),
      })));
      const rec = record(supervise(refusesDelete, { restart: 'no' }, ts));
      flush();
      expect(rec.lines().slice(-3)).to.deep.equal(['5 exited 0', '5 failed delete delete refused', '5 stopped policy']);
    });
  });
});

describe('supervise: timing', () => {
  it('goes through the scheduler argument only (a plain VirtualTimeScheduler drives health checks, grace and backoff)', () => {
    const virtual = new VirtualTimeScheduler();
    const start = fakeStart({ signals: { SIGTERM: 'ignore' } }, { scheduler: virtual, journal: new FakeJournal(virtual) });
    const events: string[] = [];
    let completed = false;
    supervise(start, {
      restart: 'on-failure:1',
      gracePeriodMs: 500,
      health: { probe: () => NEVER, intervalMs: 300, timeoutMs: 100 },
    }, virtual).subscribe({ next: e => events.push(`${e.at} ${e.type}`), complete: () => { completed = true; } });
    virtual.flush();
    expect(completed).to.equal(true);
    expect(events).to.deep.equal([
      '0 starting', '0 started', '1200 unhealthy', '1700 exited', '1700 backoff', '1800 restarting',
      '1800 starting', '1800 started', '3000 unhealthy', '3500 exited', '3500 gave-up',
    ]);
  });
});
