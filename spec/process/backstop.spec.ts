/** When a pending 'events' wait asks Tasks.Wait too: after its age limit, or at once while the stream is behind. */
import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
import { backstopDue$ } from '../../src/process/backstop.js';

describe('backstopDue$ (virtual time)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
  });

  it('is due after the age limit while the stream keeps up', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const lagging = hot<boolean>('f---------', { f: false });
      expectObservable(backstopDue$(6, lagging, scheduler)).toBe('------(x|)', { x: undefined });
    });
  });

  it('is due as soon as the stream falls behind, before the age limit, and stops listening then', () => {
    scheduler.run(({ hot, expectObservable, expectSubscriptions }) => {
      const lagging = hot<boolean>('f--t---f', { f: false, t: true });
      expectObservable(backstopDue$(6, lagging, scheduler)).toBe('---(x|)', { x: undefined });
      expectSubscriptions(lagging.subscriptions).toBe('^--!');
    });
  });

  it('is due at once for a wait that begins while the stream is behind', () => {
    scheduler.run(({ cold, expectObservable }) => {
      expectObservable(backstopDue$(6, cold<boolean>('t', { t: true }), scheduler)).toBe('(x|)', { x: undefined });
    });
  });
});
