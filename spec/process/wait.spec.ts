import { expect } from 'chai';
import { NEVER, Observable, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { DeadlineExceededError, ExitUnknownError, InvalidArgumentError, NotFoundError, NotStartedError, UnavailableError, UnknownError } from '../../src/client/errors.js';
import type { StreamNotice } from '../../src/streams/connection-state.js';
import type { ProcessSnapshot } from '../../src/process/status.js';
import type { SweepResult } from '../../src/process/sweep.js';
import { waitExit$, type WaitPort } from '../../src/process/wait.js';
import type { ExitStatus } from '../../src/process/types.js';

const at = new Date(1_000);
const live: StreamNotice = { kind: 'state', state: 'live' };
const connecting: StreamNotice = { kind: 'state', state: 'connecting' };
const down: StreamNotice = { kind: 'state', state: 'down' };
/** An exit event; `'zero'` stands for Go's zero exit time (decoded as undefined). */
function exitEvent(code: number, pid = 42, time: Date | 'zero' = at): StreamNotice {
  const exitedAt = time === 'zero' ? undefined : time;
  return {
    kind: 'event',
    envelope: { timestamp: at, namespace: 'ns', topic: '/tasks/exit', event: { type: 'TaskExit', containerId: 'c', id: 'c', pid, exitStatus: code, exitedAt } },
  };
}
const running: ProcessSnapshot = { status: 'running', pid: 42 };
const stopped = (code: number, pid = 42): ProcessSnapshot => ({ status: 'stopped', pid, exitStatus: code, exitedAt: at });

function deleteEvent(code: number, pid = 42, exitedAt: Date = at): StreamNotice {
  return {
    kind: 'event',
    envelope: { timestamp: at, namespace: 'ns', topic: '/tasks/delete', event: { type: 'TaskDelete', containerId: 'c', id: '', pid, exitStatus: code, exitedAt } },
  };
}
function startEvent(pid: number): StreamNotice {
  return { kind: 'event', envelope: { timestamp: at, namespace: 'ns', topic: '/tasks/start', event: { type: 'TaskStart', containerId: 'c', pid } } };
}
const deleted = 'process c of container c was deleted before its exit was seen';
const exact = { initialMs: 100, factor: 2, maxMs: 400, jitter: 0, resetAfterMs: 0 };

function port(parts: Partial<Omit<WaitPort, 'containerId' | 'processId'>>): WaitPort {
  return {
    containerId: 'c',
    processId: 'c',
    notices$: parts.notices$ ?? (() => NEVER),
    status$: parts.status$ ?? (() => NEVER),
    sweep$: parts.sweep$ ?? (() => NEVER),
    ...(parts.backstop$ ? { backstop$: parts.backstop$ } : {}),
    pid: parts.pid ?? (() => 42),
    daemonVersion$: parts.daemonVersion$ ?? (() => of('1.7.24')),
    checkBackoff: parts.checkBackoff ?? exact,
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
      const notices = hot('c---l----', { c: connecting, l: live });
      const status = cold('--s|', { s: stopped(3) });
      expectObservable(waitExit$(port({ notices$: () => notices, status$: () => status }))).toBe('------(x|)', { x: { code: 3, exitedAt: at } });
      expectSubscriptions(status.subscriptions).toBe('----^-!');
    });
  });

  it('an exit event that comes before the status answer wins, and only one result is emitted', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const notices = hot('l-e-e', { l: live, e: exitEvent(7) });
      const status = cold('-----s|', { s: stopped(7) });
      expectObservable(waitExit$(port({ notices$: () => notices, status$: () => status }))).toBe('--(x|)', { x: { code: 7, exitedAt: at } });
    });
  });

  it('a running status keeps waiting for the exit event', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const notices = hot('l------e', { l: live, e: exitEvent(1) });
      const status = cold('-r|', { r: running });
      expectObservable(waitExit$(port({ notices$: () => notices, status$: () => status }))).toBe('-------(x|)', { x: { code: 1, exitedAt: at } });
    });
  });

  it('an outage is never an exit: after down and live again, status is checked again', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const notices = hot('l--d---l', { l: live, d: down });
      let calls = 0;
      const status = (): Observable<ProcessSnapshot> => (++calls === 1 ? cold('-r|', { r: running }) : cold('-s|', { s: stopped(9) }));
      expectObservable(waitExit$(port({ notices$: () => notices, status$: status }))).toBe('--------(x|)', { x: { code: 9, exitedAt: at } });
    });
  });

  it('a status check that fails because the daemon went away is dropped, not an error', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const notices = hot('l---d--l', { l: live, d: down });
      let calls = 0;
      const status = (): Observable<ProcessSnapshot> =>
        ++calls === 1 ? throwError(() => new UnavailableError({ code: 14, daemonMessage: 'gone', call: 'Get' })) : cold('-s|', { s: stopped(2) });
      expectObservable(waitExit$(port({ notices$: () => notices, status$: status }))).toBe('--------(x|)', { x: { code: 2, exitedAt: at } });
    });
  });

  it('a process that is gone (NotFound at the status check) is a NotFoundError, not an exit code', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const notices = hot('l', { l: live });
      const status = () => throwError(() => new NotFoundError({ code: 5, daemonMessage: 'no task', call: 'Get' }));
      const result = waitExit$(port({ notices$: () => notices, status$: status }));
      expectObservable(result).toBe('#', undefined, new NotFoundError({ code: 5, daemonMessage: 'process c of container c was deleted before its exit was seen', call: 'wait' }));
    });
  });

  it('an exit event with another pid (an earlier process of the same id) is ignored', () => {
    scheduler.run(({ hot, expectObservable }) => {
      const notices = hot('l-o--e', { l: live, o: exitEvent(5, 7), e: exitEvent(0, 42) });
      expectObservable(waitExit$(port({ notices$: () => notices, status$: () => NEVER }))).toBe('-----(x|)', { x: { code: 0, exitedAt: at } });
    });
  });

  it('the sweep catches an exit whose event the daemon skipped', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const notices = hot('l', { l: live });
      const sweep = hot<SweepResult>('---r---s', { r: running, s: stopped(4) });
      expectObservable(waitExit$(port({ notices$: () => notices, status$: () => cold('-r|', { r: running }), sweep$: () => sweep }))).toBe('-------(x|)', { x: { code: 4, exitedAt: at } });
    });
  });

  it('the backstop (Tasks.Wait) answers a long wait whose exit event the daemon skipped, with the sweep no longer asking', () => {
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const notices = hot('l', { l: live });
      const backstop = cold('-----x', { x: { code: 6, exitedAt: at } });
      expectObservable(waitExit$(port({ notices$: () => notices, status$: () => cold('-r|', { r: running }), backstop$: () => backstop }))).toBe('-----(x|)', { x: { code: 6, exitedAt: at } });
      expectSubscriptions(backstop.subscriptions).toBe('^----!');
    });
  });

  it('a failing backstop is ignored: the exit event still answers, and the backstop never ends the wait with its error', () => {
    scheduler.run(({ cold, hot, expectObservable }) => {
      const notices = hot('l----e', { l: live, e: exitEvent(3) });
      const backstop = cold<ExitStatus>('--#', undefined, new UnavailableError({ code: 14, daemonMessage: 'down', call: 'Tasks.Wait' }));
      expectObservable(waitExit$(port({ notices$: () => notices, status$: () => cold('-r|', { r: running }), backstop$: () => backstop }))).toBe('-----(x|)', { x: { code: 3, exitedAt: at } });
    });
  });

  it('the first answer wins over the backstop: the exit event first, then the backstop is unsubscribed', () => {
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const notices = hot('l--e', { l: live, e: exitEvent(1) });
      const backstop = cold('------x', { x: { code: 1, exitedAt: at } });
      expectObservable(waitExit$(port({ notices$: () => notices, status$: () => cold('-r|', { r: running }), backstop$: () => backstop }))).toBe('---(x|)', { x: { code: 1, exitedAt: at } });
      expectSubscriptions(backstop.subscriptions).toBe('^--!');
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
      const notices = hot('l-------', { l: live });
      const status = cold('----r|', { r: running });
      const sweep = hot<SweepResult>('--------');
      expectObservable(waitExit$(port({ notices$: () => notices, status$: () => status, sweep$: () => sweep })), '^--!').toBe('----');
      expectSubscriptions(notices.subscriptions).toBe('^--!');
      expectSubscriptions(status.subscriptions).toBe('^--!');
      expectSubscriptions(sweep.subscriptions).toBe('^--!');
    });
  });

  describe('a process replaced by another of the same id (a foreign pid)', () => {
    it('a status check that reports another pid (a new task in the same container) is a NotFoundError, not a hang', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l', { l: live });
        const status = cold('-r|', { r: { status: 'running', pid: 77 } satisfies ProcessSnapshot });
        expectObservable(waitExit$(port({ notices$: () => notices, status$: () => status }))).toBe('-#', undefined,
          new NotFoundError({ code: 5, daemonMessage: `${deleted} (pid 42): the daemon reports pid 77 in its place`, call: 'wait' }));
      });
    });

    it('a stopped snapshot of another pid is not our exit: NotFoundError', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l', { l: live });
        const status = cold('-s|', { s: stopped(0, 77) });
        expectObservable(waitExit$(port({ notices$: () => notices, status$: () => status }))).toBe('-#', undefined,
          new NotFoundError({ code: 5, daemonMessage: `${deleted} (pid 42): the daemon reports pid 77 in its place`, call: 'wait' }));
      });
    });

    it('the sweep reporting another pid is a NotFoundError', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l', { l: live });
        const sweep = hot<SweepResult>('---r--f', { r: running, f: { status: 'running', pid: 77 } });
        expectObservable(waitExit$(port({ notices$: () => notices, status$: () => cold('-r|', { r: running }), sweep$: () => sweep }))).toBe('------#', undefined,
          new NotFoundError({ code: 5, daemonMessage: `${deleted} (pid 42): the daemon reports pid 77 in its place`, call: 'wait' }));
      });
    });

    it('an event of another pid makes the wait check again: still ours running, it keeps waiting for its exit', () => {
      scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const notices = hot('l---o----e', { l: live, o: exitEvent(5, 7), e: exitEvent(0, 42) });
        const status = cold('-r|', { r: running });
        expectObservable(waitExit$(port({ notices$: () => notices, status$: () => status }))).toBe('---------(x|)', { x: { code: 0, exitedAt: at } });
        expectSubscriptions(status.subscriptions).toBe(['^-!', '----^-!']);
      });
    });

    it('an event of another pid, then a check that reports that pid: our process is gone', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l---n', { l: live, n: startEvent(77) });
        let calls = 0;
        const status = (): Observable<ProcessSnapshot> => (++calls === 1 ? cold('-r|', { r: running }) : cold('-r|', { r: { status: 'running', pid: 77 } }));
        expectObservable(waitExit$(port({ notices$: () => notices, status$: status }))).toBe('-----#', undefined,
          new NotFoundError({ code: 5, daemonMessage: `${deleted} (pid 42): the daemon reports pid 77 in its place`, call: 'wait' }));
      });
    });

    it('while our pid is unknown (an exec not yet started), any pid is ours', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l', { l: live });
        const status = cold('-s|', { s: stopped(3, 77) });
        expectObservable(waitExit$(port({ notices$: () => notices, status$: () => status, pid: () => undefined }))).toBe('-(x|)', { x: { code: 3, exitedAt: at } });
      });
    });
  });

  describe('a status check that fails while the stream stays live', () => {
    it('DeadlineExceeded is checked again with backoff (100 ms, then 200 ms) until the daemon answers', () => {
      scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
        const notices = hot('l', { l: live });
        let calls = 0;
        const late = cold<ProcessSnapshot>('-#', undefined, new DeadlineExceededError({ code: 4, daemonMessage: 'context deadline exceeded', call: 'Get' }));
        const answer = cold('-s|', { s: stopped(6) });
        const status = (): Observable<ProcessSnapshot> => (++calls <= 2 ? late : answer);
        // fails at 1, again at 101 + 1, answered at 302 + 1
        expectObservable(waitExit$(port({ notices$: () => notices, status$: status }))).toBe('303ms (x|)', { x: { code: 6, exitedAt: at } });
        expectSubscriptions(late.subscriptions).toBe(['^!', '101ms ^!']);
        expectSubscriptions(answer.subscriptions).toBe('302ms ^!');
      });
    });

    it('Unknown is checked again too, the delay capped by the backoff', () => {
      scheduler.run(({ hot, expectObservable }) => {
        const notices = hot('l', { l: live });
        let calls = 0;
        const status = (): Observable<ProcessSnapshot> =>
          ++calls <= 4 ? throwError(() => new UnknownError({ code: 2, daemonMessage: 'ttrpc: closed', call: 'Get' })) : of(stopped(1));
        // 100 + 200 + 400 + 400 (the cap)
        expectObservable(waitExit$(port({ notices$: () => notices, status$: status }))).toBe('1100ms (x|)', { x: { code: 1, exitedAt: at } });
      });
    });

    it('a retry pending when the stream goes down is dropped; live again, the wait checks anew', () => {
      let calls = 0;
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l 49ms d 99ms c 49ms l', { l: live, d: down, c: connecting });
        const status = (): Observable<ProcessSnapshot> =>
          ++calls === 1 ? throwError(() => new DeadlineExceededError({ code: 4, daemonMessage: 'slow', call: 'Get' })) : cold('-s|', { s: stopped(2) });
        // the retry due at 100 is dropped by the outage at 50; live again at 200, the check answers at 201
        expectObservable(waitExit$(port({ notices$: () => notices, status$: status }))).toBe('201ms (x|)', { x: { code: 2, exitedAt: at } });
      });
      expect(calls).to.equal(2);
    });

    it('a permanent failure (InvalidArgument) ends the wait with it instead of checking forever', () => {
      scheduler.run(({ hot, expectObservable }) => {
        const notices = hot('l', { l: live });
        const error = new InvalidArgumentError({ code: 3, daemonMessage: 'bad id', call: 'Get' });
        expectObservable(waitExit$(port({ notices$: () => notices, status$: () => throwError(() => error) }))).toBe('#', undefined, error);
      });
    });
  });

  describe('a process that vanished: deleted, or its exit lost in an outage', () => {
    const unknown = (observed: string) => new ExitUnknownError({ containerId: 'c', processId: 'c', pid: 42, daemonVersion: '1.7.24', observed: `${observed} after the event stream was down; no /tasks/delete seen` });

    it('gone at the first check with no outage: NotFoundError (deleted)', () => {
      scheduler.run(({ hot, expectObservable }) => {
        const notices = hot('l', { l: live });
        const status = () => throwError(() => new NotFoundError({ code: 5, daemonMessage: 'no task', call: 'Get' }));
        expectObservable(waitExit$(port({ notices$: () => notices, status$: status }))).toBe('#', undefined, new NotFoundError({ code: 5, daemonMessage: deleted, call: 'wait' }));
      });
    });

    it('gone at the check after an outage, no delete seen: ExitUnknownError with the daemon version, never a made-up code', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l--d--c--l', { l: live, d: down, c: connecting });
        let calls = 0;
        const status = (): Observable<ProcessSnapshot> =>
          ++calls === 1 ? cold('-r|', { r: running }) : throwError(() => new NotFoundError({ code: 5, daemonMessage: 'no task', call: 'Get' }));
        const result = waitExit$(port({ notices$: () => notices, status$: status }));
        expectObservable(result).toBe('---------#', undefined, unknown('status check: NotFound'));
      });
    });

    it('the error says what it saw: version, pid, observation, code DATA_LOSS', () => {
      const e = unknown('status check: NotFound');
      expect(e.message).to.equal('wait: the exit of process c of container c (pid 42) is unknown: it vanished while the event stream was down and no delete of it was seen (containerd 1.7.24; status check: NotFound after the event stream was down; no /tasks/delete seen)');
      expect(e.codeName).to.equal('DATA_LOSS');
      expect(e).not.to.be.instanceOf(NotFoundError);
    });

    it('the sweep finding it gone after an outage: ExitUnknownError; the version unreadable is said so', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('d', { d: down });
        const sweep = hot<SweepResult>('---g', { g: { status: 'gone' } });
        const result = waitExit$(port({ notices$: () => notices, sweep$: () => sweep, daemonVersion$: () => cold('-#') }));
        expectObservable(result).toBe('----#', undefined,
          new ExitUnknownError({ containerId: 'c', processId: 'c', pid: 42, daemonVersion: undefined, observed: 'sweep: NotFound after the event stream was down; no /tasks/delete seen' }));
      });
    });

    it('a /tasks/delete of our process answers with the exit it carries (the exit event was skipped)', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l--d--l--x', { l: live, d: down, x: deleteEvent(9) });
        expectObservable(waitExit$(port({ notices$: () => notices, status$: () => cold('-r|', { r: running }) }))).toBe('---------(x|)', { x: { code: 9, exitedAt: at } });
      });
    });

    it('a /tasks/delete of another pid is not ours', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l--x--e', { l: live, x: deleteEvent(9, 77), e: exitEvent(4) });
        expectObservable(waitExit$(port({ notices$: () => notices, status$: () => cold('-r|', { r: running }) }))).toBe('------(x|)', { x: { code: 4, exitedAt: at } });
      });
    });
  });

  describe('a process that never ran has no exit', () => {
    const never = (seenIn: string) => new NotStartedError({ code: 9, daemonMessage: `process c of container c never ran (${seenIn} has no exit time): it has no exit status`, call: 'wait' });

    it('an exit event without an exit time (a created task deleted unstarted) is NotStartedError, not code 137 at a made-up time', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l--e', { l: live, e: exitEvent(137, 42, 'zero') });
        expectObservable(waitExit$(port({ notices$: () => notices, status$: () => cold('-r|', { r: running }) }))).toBe('---#', undefined, never('its /tasks/exit event'));
      });
    });

    it('a stopped status without an exit time is NotStartedError', () => {
      scheduler.run(({ cold, hot, expectObservable }) => {
        const notices = hot('l', { l: live });
        expectObservable(waitExit$(port({ notices$: () => notices, status$: () => cold('-s|', { s: { status: 'stopped', pid: 42, exitStatus: 0 } }) }))).toBe('-#', undefined, never('status check'));
      });
    });
  });
});
