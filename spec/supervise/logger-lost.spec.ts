/** The supervisor's report of a killed logger, in virtual time: a process whose `loggerKilled$` emits. */
import { expect } from 'chai';
import { from, map, timer } from 'rxjs';
import { supervise } from '../../src/supervise/supervise.js';
import { fakeStart } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

describe('supervise: a killed logger', () => {
  const withLogger = (killedAtMs: number, ts: ReturnType<typeof testScheduler>, exitAfterMs: number) => {
    const fake = fakeStart({ exitAfterMs }, { scheduler: ts });
    return () => from(fake()).pipe(map((p) => Object.assign(p, { loggerKilled$: () => timer(killedAtMs, ts).pipe(map(() => 4242)) })));
  };

  it('is reported as logger-lost with its pid, and the process runs on to its own exit', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const rec = record(supervise(withLogger(20, ts, 50), { restart: 'no' }, ts));
      flush();
      expect(rec.lines()).to.deep.equal(['0 starting', '0 started 1001', '20 logger-lost', '50 exited 0', '50 stopped policy']);
      expect(rec.events.find((e) => e.type === 'logger-lost')).to.include({ pid: 4242 });
    });
  });

  it('is not watched once the process exited', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const rec = record(supervise(withLogger(80, ts, 50), { restart: 'no' }, ts));
      flush();
      expect(rec.types()).to.deep.equal(['0 starting', '0 started', '50 exited', '50 stopped']);
    });
  });
});
