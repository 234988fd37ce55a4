import type { Envelope } from '../../src/proto/events.js';
import { exits } from '../../src/streams/exits.js';
import { env, testScheduler } from './support.js';

const exitedAt = new Date('2024-05-01T10:00:05.250Z');
const values: Record<string, Envelope> = {
  s: env('/tasks/start', { type: 'TaskStart', containerId: 'c', pid: 10 }),
  e: env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: 'c', pid: 10, exitStatus: 7, exitedAt }),
  x: env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: 'probe', pid: 11, exitStatus: 137, exitedAt }),
  i: env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: '', pid: 10, exitStatus: 3, exitedAt }),
  z: env('/tasks/exit', { type: 'TaskExit', containerId: 'c', id: 'c', pid: 10, exitStatus: 137, exitedAt: undefined }),
  d: env('/tasks/delete', { type: 'TaskDelete', containerId: 'c', pid: 10, exitStatus: 7, exitedAt, id: '' }),
};

describe('exits (marbles)', () => {
  it('maps TaskExit envelopes to exit statuses and drops every other event', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-s-e-x-d-|', values).pipe(exits())).toBe('---E-X---|', {
        E: { containerId: 'c', id: 'c', pid: 10, code: 7, exitedAt },
        X: { containerId: 'c', id: 'probe', pid: 11, code: 137, exitedAt, signal: 'SIGKILL' },
      });
    });
  });

  it('an empty id means the init process', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-i-|', values).pipe(exits())).toBe('-I-|', { I: { containerId: 'c', id: 'c', pid: 10, code: 3, exitedAt } });
    });
  });

  it('a TaskExit without an exit time (a process deleted before it ran) is no exit: dropped, no time made up', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(cold('-z-e-|', values).pipe(exits())).toBe('---E-|', { E: { containerId: 'c', id: 'c', pid: 10, code: 7, exitedAt } });
    });
  });
});
