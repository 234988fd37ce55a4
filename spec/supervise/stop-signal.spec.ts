import { expect } from 'chai';
import { map, of } from 'rxjs';
import type { Signal } from '../../src/process/types.js';
import { killSequence$ } from '../../src/supervise/stop-gracefully.js';
import { supervise } from '../../src/supervise/supervise.js';
import { fakeStart } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

/** The signals killSequence$ sends to a process whose own stop signal is `own`, given `options`. */
function signalsSent(own: Signal | undefined, options: { stopSignal?: Signal } = {}): Signal[] {
  const sent: Signal[] = [];
  const ts = testScheduler();
  ts.run(({ flush }) => {
    const process = { stopSignal: own, kill$: (signal?: Signal) => of(sent.push(signal ?? 'SIGTERM')) };
    killSequence$(process, { ...options, gracePeriodMs: 1_000 }, ts).subscribe();
    flush();
  });
  return sent;
}

describe("graceful stop: the process's own stop signal (its image's StopSignal)", () => {
  it("sends the process's own stop signal when the options name none, then SIGKILL", () => {
    expect(signalsSent('SIGINT')).to.deep.equal(['SIGINT', 'SIGKILL']);
  });

  it("a stop signal in the options wins over the process's own", () => {
    expect(signalsSent('SIGINT', { stopSignal: 'SIGQUIT' })).to.deep.equal(['SIGQUIT', 'SIGKILL']);
  });

  it('a process without one gets SIGTERM', () => {
    expect(signalsSent(undefined)).to.deep.equal(['SIGTERM', 'SIGKILL']);
  });

  it("supervise() with no stopSignal option stops each process with the process's own", () => {
    const ts = testScheduler();
    ts.run(({ cold, flush }) => {
      const fake = fakeStart({}, { scheduler: ts });
      const start = () => fake().pipe(map((p) => Object.assign(p, { stopSignal: 'SIGINT' as const })));
      record(supervise(start, { restart: 'always', stop: cold('100ms x') }, ts));
      flush();
      expect(fake.journal.lines({ calls: ['kill'] })).to.deep.equal(['100 p1 kill SIGINT']);
    });
  });
});
