import type { Envelope } from '../../src/proto/events.js';
import { exits } from '../../src/streams/exits.js';
import { env, T0, testScheduler } from './support.js';

const exitedAt = new Date('2024-05-01T10:00:05.250Z');
const values: Record<string, Envelope> = {
  s: env('/tasks/start', { type: 'TaskStart', containerId: 'c', pid: 10 }),
  e: env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: 'c', pid: 10, exitStatus: 7, exitedAt }),
  x: env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: 'probe', pid: 11, exitStatus: 137, exitedAt }),
  z: env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: '', pid: 10, exitStatus: 0, exitedAt: undefined }),
  d: env('/tasks/delete', { type: 'TaskDelete', containerId: 'c', pid: 10, exitStatus: 7, exitedAt, id: '' }),
};

describe('exits (marbles)', () => {
  it('maps TaskExit envelopes to exit statuses and drops every other event', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-s-e-x-d-|', values).pipe(exits())).toBe('---E-X---|', {
        E: { containerId: 'c', id: 'c', pid: 10, code: 7, exitedAt },
        X: { containerId: 'c', id: 'probe', pid: 11, code: 137, exitedAt },
      });
    });
  });

  it("an empty id means the init process and a missing exited_at falls back to the envelope's timestamp", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-z-|', values).pipe(exits())).toBe('-Z-|', { Z: { containerId: 'c', id: 'c', pid: 10, code: 0, exitedAt: T0 } });
    });
  });
});
