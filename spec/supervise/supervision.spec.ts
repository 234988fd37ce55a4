import { expect } from 'chai';
import { supervise } from '../../src/supervise/supervise.js';
import { startSupervision } from '../../src/supervise/supervision.js';
import type { SupervisorEvent } from '../../src/supervise/events.js';
import { fakeStart } from '../../src/testing/fake-start.js';

describe('startSupervision', () => {
  it('await using stops the supervisor gracefully and returns once its process is deleted and cleanup ran', async () => {
    const start = fakeStart({ signals: { SIGTERM: { exitAfterMs: 20, exitCode: 0 } } });
    const seen: SupervisorEvent['type'][] = [];
    let cleaned = false;
    {
      await using running = startSupervision(
        (stop) => supervise(start, { restart: 'always', stop, cleanup: () => void (cleaned = true) }),
        (e) => seen.push(e.type),
      );
      await new Promise((r) => setTimeout(r, 20));
      expect(seen).to.include('started');
      void running;
    }
    expect(cleaned).to.equal(true);
    expect(seen[seen.length - 1]).to.equal('stopped');
    expect(start.processes.map((p) => p.lifecycle)).to.deep.equal(['deleted']);
  });

  it('done resolves with the last event when the supervisor ends by itself; stop() afterwards resolves the same', async () => {
    const start = fakeStart({ exitAfterMs: 5, exitCode: 0 });
    const running = startSupervision((stop) => supervise(start, { restart: 'on-failure', stop }));
    const last = await running.done;
    expect(last?.type).to.equal('stopped');
    expect(await running.stop()).to.equal(last);
  });
});
