import { expect } from 'chai';
import { NEVER, Observable, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { NotFoundError, UnavailableError } from '../../src/client/errors.js';
import type { StreamSignal } from '../../src/streams/connection-state.js';
import type { ProcessSnapshot } from '../../src/process/status.js';
import type { SweepResult } from '../../src/process/sweep.js';
import { waitExit$, type WaitPort } from '../../src/process/wait.js';

const at = new Date(1_000);
const live: StreamSignal = { kind: 'state', state: 'live' };
const connecting: StreamSignal = { kind: 'state', state: 'connecting' };
const down: StreamSignal = { kind: 'state', state: 'down' };
function exitEvent(code: number, pid = 42): StreamSignal {
  return {
    kind: 'event',
    envelope: { timestamp: at, namespace: 'ns', topic: '/tasks/exit', event: { type: 'TaskExit', containerId: 'c', id: 'c', pid, exitStatus: code, exitedAt: at } },
  };
}
const running: ProcessSnapshot = { status: 'running', pid: 42 };
const stopped = (code: number, pid = 42): ProcessSnapshot => ({ status: 'stopped', pid, exitStatus: code, exitedAt: at });

function port(parts: Partial<Omit<WaitPort, 'containerId' | 'processId'>>): WaitPort {
  return {
    containerId: 'c',
    processId: 'c',
    signals$: parts.signals$ ?? (() => NEVER),
    status$: parts.status$ ?? (() => NEVER),
    sweep$: parts.sweep$ ?? (() => NEVER),
    pid: parts.pid ?? (() => 42),
  };
}

describe('waitExit$ (virtual time)', () => {
  let scheduler: TestScheduler;
  beforeEach(() => {
    scheduler = new TestScheduler((actual, expected) => {
      expect(actual).to.deep.equal(expected);
    });
  });

  it('checks status only once the stream is live, and takes a stopped status as the exit', () => {
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const signals = hot('c---l----', { c: connecting, l: live });
      const status = cold('--s|', { s: stopped(3) });
      expectObservable(waitExit$(port({ signals$: () => signals, status$: () => status }))).toBe('------(x|)', { x: { code: 3, exitedAt: at } });
      expectSubscriptions(status.subscriptions).toBe('----^-!');
    });
  });

  it('an exit event that comes before the status answer wins, and only one result is emitted', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const signals = hot('l-e-e', { l: live, e: exitEvent(7) });
      const status = cold('-----s|', { s: stopped(7) });
      expectObservable(waitExit$(port({ signals$: () => signals, status$: () => status }))).toBe('--(x|)', { x: { code: 7, exitedAt: at } });
    });
  });

  it('a running status keeps waiting for the exit event', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const signals = hot('l------e', { l: live, e: exitEvent(1) });
      const status = cold('-r|', { r: running });
      expectObservable(waitExit$(port({ signals$: () => signals, status$: () => status }))).toBe('-------(x|)', { x: { code: 1, exitedAt: at } });
    });
  });

  it('an outage is never an exit: after down and live again, status is checked again', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const signals = hot('l--d---l', { l: live, d: down });
      let calls = 0;
      const status = (): Observable<ProcessSnapshot> => (++calls === 1 ? cold('-r|', { r: running }) : cold('-s|', { s: stopped(9) }));
      expectObservable(waitExit$(port({ signals$: () => signals, status$: status }))).toBe('--------(x|)', { x: { code: 9, exitedAt: at } });
    });
  });

  it('a status check that fails because the daemon went away is dropped, not an error', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const signals = hot('l---d--l', { l: live, d: down });
      let calls = 0;
      const status = (): Observable<ProcessSnapshot> =>
        ++calls === 1 ? throwError(() => new UnavailableError({ code: 14, daemonMessage: 'gone', call: 'Get' })) : cold('-s|', { s: stopped(2) });
      expectObservable(waitExit$(port({ signals$: () => signals, status$: status }))).toBe('--------(x|)', { x: { code: 2, exitedAt: at } });
    });
  });

  it('a process that is gone (NotFound at the status check) is a NotFoundError, not an exit code', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const signals = hot('l', { l: live });
      const status = () => throwError(() => new NotFoundError({ code: 5, daemonMessage: 'no task', call: 'Get' }));
      const result = waitExit$(port({ signals$: () => signals, status$: status }));
      expectObservable(result).toBe('#', undefined, new NotFoundError({ code: 5, daemonMessage: 'process c of container c was deleted before its exit was seen', call: 'wait' }));
    });
  });

  it('an exit event with another pid (an earlier process of the same id) is ignored', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const signals = hot('l-o--e', { l: live, o: exitEvent(5, 7), e: exitEvent(0, 42) });
      expectObservable(waitExit$(port({ signals$: () => signals, status$: () => NEVER }))).toBe('-----(x|)', { x: { code: 0, exitedAt: at } });
    });
  });

  it('the sweep catches an exit whose event the daemon skipped', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const signals = hot('l', { l: live });
      const sweep = hot<SweepResult>('---r---s', { r: running, s: stopped(4) });
      expectObservable(waitExit$(port({ signals$: () => signals, status$: () => cold('-r|', { r: running }), sweep$: () => sweep }))).toBe('-------(x|)', { x: { code: 4, exitedAt: at } });
    });
  });

  it('the sweep finding the process gone is a NotFoundError', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const sweep = hot<SweepResult>('---g', { g: { status: 'gone' } });
      const result = waitExit$(port({ sweep$: () => sweep }));
      expectObservable(result).toBe('---#', undefined, new NotFoundError({ code: 5, daemonMessage: 'process c of container c was deleted before its exit was seen', call: 'wait' }));
    });
  });

  it('unsubscribing releases the listener, the status check and the sweep', () => {
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const signals = hot('l-------', { l: live });
      const status = cold('----r|', { r: running });
      const sweep = hot<SweepResult>('--------');
      expectObservable(waitExit$(port({ signals$: () => signals, status$: () => status, sweep$: () => sweep })), '^--!').toBe('----');
      expectSubscriptions(signals.subscriptions).toBe('^--!');
      expectSubscriptions(status.subscriptions).toBe('^--!');
      expectSubscriptions(sweep.subscriptions).toBe('^--!');
    });
  });
});
