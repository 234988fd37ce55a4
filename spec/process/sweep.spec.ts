import { expect } from 'chai';
import { mergeMap, Observable, of, Subscription, timer } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { ProcessSnapshot } from '../../src/process/status.js';
import { LIST_FROM, SWEEP_PAUSE_FACTOR, Sweeper, type SweepPort, type SweepResult } from '../../src/process/sweep.js';

const running: ProcessSnapshot = { status: 'running', pid: 42 };

/** A port that answers at once and counts its calls. */
function countingPort(): SweepPort & { lists: number; gets: string[] } {
  const port = {
    lists: 0,
    gets: [] as string[],
    list$(): Observable<ReadonlyMap<string, ProcessSnapshot>> {
      port.lists++;
      return of(new Map<string, ProcessSnapshot>());
    },
    get$(containerId: string, execId: string | undefined): Observable<ProcessSnapshot> {
      port.gets.push(execId === undefined ? containerId : `${containerId}/${execId}`);
      return of(running);
    },
  };
  return port;
}

describe('Sweeper (virtual time)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
  });

  it('sweeps a wait while it is young, then stops asking and stops its timer: an old wait costs no call at all', () => {
    scheduler.run(({ flush }) => {
      const port = countingPort();
      const sweeper = new Sweeper(port, 100, scheduler, 350);
      const seen: SweepResult[] = [];
      const sub = sweeper.watch$('web').subscribe((r) => seen.push(r));
      scheduler.schedule(() => {
        expect(port.gets).to.deep.equal(['web', 'web', 'web']);
        expect(sweeper.ticking).to.equal(false);
        expect(sweeper.pendingCount).to.equal(1);
      }, 1_000);
      flush();
      expect(seen).to.have.length(3);
      sub.unsubscribe();
      expect(sweeper.pendingCount).to.equal(0);
    });
  });

  it('a new wait starts the timer again and is swept while young, beside an old one that is not', () => {
    scheduler.run(({ flush }) => {
      const port = countingPort();
      const sweeper = new Sweeper(port, 100, scheduler, 250);
      const subs: Subscription[] = [sweeper.watch$('old').subscribe()];
      scheduler.schedule(() => subs.push(sweeper.watch$('new', 'exec1').subscribe()), 500);
      flush();
      expect(port.gets).to.deep.equal(['old', 'old', 'new/exec1', 'new/exec1']);
      expect(sweeper.ticking).to.equal(false);
      for (const s of subs) s.unsubscribe();
    });
  });

  it(`asks with one Tasks.Get per young process below ${LIST_FROM} young inits`, () => {
    scheduler.run(({ flush }) => {
      const port = countingPort();
      const sweeper = new Sweeper(port, 100, scheduler, 150);
      const subs = Array.from({ length: LIST_FROM - 1 }, (_, i) => sweeper.watch$(`a${i}`).subscribe());
      flush();
      expect([port.lists, port.gets.length]).to.deep.equal([0, LIST_FROM - 1]);
      for (const s of subs) s.unsubscribe();
    });
  });

  it(`asks with one Tasks.List (which asks every shim once) from ${LIST_FROM} young inits on; execs still get a Tasks.Get each`, () => {
    scheduler.run(({ flush }) => {
      const port = countingPort();
      const sweeper = new Sweeper(port, 100, scheduler, 150);
      const subs = Array.from({ length: LIST_FROM }, (_, i) => sweeper.watch$(`b${i}`).subscribe());
      subs.push(sweeper.watch$('b0', 'exec').subscribe());
      flush();
      expect([port.lists, port.gets]).to.deep.equal([1, ['b0/exec']]);
      for (const s of subs) s.unsubscribe();
    });
  });

  it(`a slow sweep is followed by a pause of ${SWEEP_PAUSE_FACTOR} times its duration, not swept again at once`, () => {
    scheduler.run(({ flush }) => {
      const port = countingPort();
      const answers: number[] = [];
      const slow: SweepPort = {
        list$: () => port.list$(),
        // the daemon takes 200 ms to answer: a saturated machine
        get$: (containerId, execId) => timer(200, scheduler).pipe(mergeMap(() => (answers.push(scheduler.now()), port.get$(containerId, execId)))),
      };
      const sweeper = new Sweeper(slow, 100, scheduler);
      const sub = sweeper.watch$('web').subscribe();
      scheduler.schedule(() => sub.unsubscribe(), 5_000);
      flush();
      // asked at 100 (answered 300), then 300 + 9 x 200 = 2100 (2300), then 4100 (4300)
      expect(answers).to.deep.equal([300, 2_300, 4_300]);
    });
  });

  it('with no age limit (the backstop off) every pending wait is swept for as long as it is pending', () => {
    scheduler.run(({ flush }) => {
      const port = countingPort();
      const sweeper = new Sweeper(port, 100, scheduler);
      const sub = sweeper.watch$('web').subscribe();
      scheduler.schedule(() => sub.unsubscribe(), 1_050);
      flush();
      expect(port.gets).to.have.length(10);
      expect(sweeper.ticking).to.equal(false);
    });
  });
});
