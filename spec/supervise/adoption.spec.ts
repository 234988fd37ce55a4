import { expect } from 'chai';
import { filter, map, type Observable } from 'rxjs';
import { adoptPlan, type FoundTask } from '../../src/supervise/adopt-plan.js';
import { countLabels, ownerLabels, readOwnership } from '../../src/supervise/adopt-labels.js';
import type { Adopted, Resume } from '../../src/supervise/adopted.js';
import { supervised$ } from '../../src/supervise/supervise.js';
import { StopRequest } from '../../src/supervise/stop-request.js';
import { tree$ } from '../../src/supervise/tree-run.js';
import type { SupervisorEvent } from '../../src/supervise/events.js';
import type { RunMessage } from '../../src/supervise/run.js';
import { fakeStart, type FakeProcess } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

const ours = (extra: Record<string, string> = {}): Record<string, string> => ({ ...ownerLabels('shop', 'db', 'always'), ...extra });

describe('adoption labels', () => {
  it('reads the restart state of its own containers', () => {
    const labels = ours(countLabels({ restarts: 3, attempt: 2, history: [1_000, 2_000] }));
    expect(readOwnership({ ...labels, 'rx-containerd/started-at': '5000' }, 'shop', 'db')).to.deep.equal({
      kind: 'ours', count: { restarts: 3, attempt: 2, history: [1_000, 2_000] }, startedAt: 5_000,
    });
    expect(readOwnership(ownerLabels('shop', 'db', 'always'), 'shop', 'db')).to.deep.equal({ kind: 'ours', count: { restarts: 0, attempt: 0, history: [] }, startedAt: undefined });
  });

  const leftAlone: Array<[string, Record<string, string>, string]> = [
    ['no label of ours', { app: 'web' }, 'it has no rx-containerd/supervisor label: no supervisor made it'],
    ['a newer schema', ours({ 'rx-containerd/schema': '2' }), 'label rx-containerd/schema is 2, newer than this supervisor reads (1)'],
    ['an unreadable schema', ours({ 'rx-containerd/schema': 'v1' }), 'label rx-containerd/schema is "v1", not a schema version this supervisor reads'],
    ['no schema', { 'rx-containerd/supervisor': 'shop' }, 'label rx-containerd/schema is null, not a schema version this supervisor reads'],
    ['another supervisor', ours({ 'rx-containerd/supervisor': 'bank' }), 'label rx-containerd/supervisor is "bank": another supervisor\'s container'],
    ['another child', ours({ 'rx-containerd/child': 'api' }), 'label rx-containerd/child is "api", not "db": another child\'s container'],
    ['an unreadable count', ours({ 'rx-containerd/restarts': '-1' }), 'label rx-containerd/restarts is "-1", not a decimal number'],
    ['unreadable times', ours({ 'rx-containerd/restart-times': '1,x' }), 'label rx-containerd/restart-times is "1,x", not decimal numbers separated by commas'],
  ];
  for (const [what, labels, reason] of leftAlone) {
    it(`leaves alone a container with ${what}`, () => {
      expect(readOwnership(labels, 'shop', 'db')).to.deep.equal({ kind: 'left-alone', reason });
    });
  }

  it('keeps the last 32 restart times', () => {
    const history = Array.from({ length: 40 }, (_, i) => i);
    expect(countLabels({ restarts: 40, attempt: 5, history })['rx-containerd/restart-times']!.split(',')).to.have.length(32);
  });
});

describe('adoptPlan', () => {
  const count = { restarts: 1, attempt: 1, history: [] };
  const exitedAt = new Date(7_000);
  const rows: Array<[string, Record<string, string> | undefined, FoundTask | undefined, unknown]> = [
    ['no container', undefined, undefined, { kind: 'fresh' }],
    ['a foreign container', { app: 'x' }, { status: 'running', pid: 9 }, { kind: 'left-alone', reason: 'it has no rx-containerd/supervisor label: no supervisor made it' }],
    ['ours without a task', ours({ 'rx-containerd/restarts': '1', 'rx-containerd/attempt': '1' }), undefined, { kind: 'new-task', count }],
    ['ours, running', ours({ 'rx-containerd/restarts': '1', 'rx-containerd/attempt': '1' }), { status: 'running', pid: 9 }, { kind: 'running', count, pid: 9, startedAt: undefined }],
    ['ours, paused', ours({ 'rx-containerd/restarts': '1', 'rx-containerd/attempt': '1' }), { status: 'paused', pid: 9 }, { kind: 'running', count, pid: 9, startedAt: undefined }],
    ['ours, stopped', ours({ 'rx-containerd/restarts': '1', 'rx-containerd/attempt': '1', 'rx-containerd/started-at': '1000' }),
      { status: 'stopped', pid: 9, exitStatus: 137, exitedAt },
      { kind: 'stopped', count, pid: 9, startedAt: 1_000, status: { code: 137, exitedAt, signal: 'SIGKILL' } }],
    ['ours, created', ours({ 'rx-containerd/restarts': '1', 'rx-containerd/attempt': '1' }), { status: 'created', pid: 9 }, { kind: 'created', count }],
  ];
  for (const [what, labels, task, plan] of rows) {
    it(`${what}: ${(plan as { kind: string }).kind}`, () => {
      expect(adoptPlan(labels, 'shop', 'db', task)).to.deep.equal(plan);
    });
  }
});

describe('a supervisor resumed (virtual time)', () => {
  /** A fake process, started: what a supervisor started anew finds running. */
  const runningFake = (start: ReturnType<typeof fakeStart>): FakeProcess => {
    let p!: FakeProcess;
    start().subscribe(x => { p = x; });
    p.start$().subscribe();
    return p;
  };
  /** A fake process that ran and exited (killed): what a supervisor started anew finds stopped. */
  const exitedFake = (start: ReturnType<typeof fakeStart>): FakeProcess => {
    const p = runningFake(start);
    p.kill$('SIGKILL').subscribe();
    return p;
  };

  it('watches an adopted running process without starting it, and continues the backoff from the persisted attempt', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart(n => (n === 1 ? { exitAfterMs: 50, exitCode: 1 } : {}), { scheduler: ts });
      const process = runningFake(start);
      const resume: Resume<FakeProcess> = { count: { restarts: 2, attempt: 2, history: [] }, adopted: { state: 'running', process, pid: 1001, restarts: 2 } };
      const stop = new StopRequest();
      const rec = record(supervised$(start, { restart: 'on-failure', backoff: { initialMs: 100, factor: 2, resetAfterMs: 10_000 } }, ts, stop, resume));
      ts.schedule(() => stop.request(), 1_000);
      flush();
      expect(rec.lines().slice(0, 6)).to.deep.equal(['0 adopted', '50 exited 1', '50 backoff 400 #3', '450 restarting #3', '450 starting', '450 started 1002']);
      expect(start.journal.lines().filter(l => / p1 start$/.test(l))).to.deep.equal(['0 p1 start']); // the finder's own start only
      expect(rec.events[0]).to.deep.include({ type: 'adopted', pid: 1001, state: 'running', restarts: 2 });
    });
  });

  it('gives an exit that happened meanwhile to the policy, with the daemon exit code, and counts the uptime from the recorded start', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({}, { scheduler: ts });
      const process = exitedFake(start);
      const status = { code: 3, exitedAt: new Date(20_000) };
      // up 20 s (from 0 to 20 000): longer than resetAfterMs, so the backoff starts over
      const adopted: Adopted<FakeProcess> = { state: 'stopped', process, pid: 1001, restarts: 4, status, startedAt: 0 };
      const stop = new StopRequest();
      const rec = record(supervised$(start, { restart: 'always', maxRestarts: 5, backoff: { initialMs: 100, resetAfterMs: 10_000 } }, ts, stop, { count: { restarts: 4, attempt: 4, history: [] }, adopted }));
      ts.schedule(() => stop.request(), 500);
      flush();
      expect(rec.lines().slice(0, 5)).to.deep.equal(['0 adopted', '0 exited 3', '0 backoff 100 #1', '100 restarting #1', '100 starting']);
      expect(rec.events[0]).to.deep.include({ state: 'stopped', restarts: 4 });
      expect(rec.events[1]).to.deep.include({ status });
    });
  });

  it('gives up at once when the persisted restarts already reach maxRestarts', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const start = fakeStart({}, { scheduler: ts });
      const process = exitedFake(start);
      const adopted: Adopted<FakeProcess> = { state: 'stopped', process, pid: 1001, restarts: 3, status: { code: 1, exitedAt: new Date(0) } };
      const rec = record(supervised$(start, { restart: 'on-failure', maxRestarts: 3 }, ts, new StopRequest(), { count: { restarts: 3, attempt: 3, history: [] }, adopted }));
      flush();
      expect(rec.lines()).to.deep.equal([
        '0 adopted', '0 exited 1', '0 gave-up exited with code 1 while nobody supervised it; no restart left (at most 3)',
      ]);
    });
  });

  it('resumes a tree: adopted children are not started, the others are, in order, and the intensity counts the persisted restarts', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const a = fakeStart({}, { scheduler: ts, name: 'a' });
      const b = fakeStart({ exitAfterMs: 10, exitCode: 1 }, { scheduler: ts, name: 'b' });
      const running = runningFake(a);
      const resume = new Map<string, Resume>([
        ['a', { count: { restarts: 0, attempt: 0, history: [] }, adopted: { state: 'running', process: running, pid: 1001, restarts: 0 } }],
        // one restart 2 s ago (wall clock 0 here is "now"): with an intensity of 1 within 5 s, b's next failure is one too many
        ['b', { count: { restarts: 1, attempt: 1, history: [-2_000] } }],
      ]);
      const stop = new StopRequest();
      const events$: Observable<SupervisorEvent> = tree$({ children: [{ id: 'a', start: a }, { id: 'b', start: b }], intensity: { intensity: 1, periodMs: 5_000 } }, ts, stop, resume).pipe(
        filter((m: RunMessage): m is Extract<RunMessage, { kind: 'event' }> => m.kind === 'event'),
        map(m => m.event),
      );
      const rec = record(events$);
      flush();
      expect(rec.types().slice(0, 4)).to.deep.equal(['0 a adopted', '0 b starting', '0 b started', '10 b exited']);
      expect(rec.events.at(-1)).to.deep.include({ type: 'gave-up' });
      expect((rec.events.at(-1) as { reason: string }).reason).to.match(/restart intensity exceeded: 2 restarts within 5000 ms/);
    });
  });
});
