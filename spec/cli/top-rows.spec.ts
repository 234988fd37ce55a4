import { expect } from 'chai';
import { map, toArray, type Observable } from 'rxjs';
import { containerRow, foldTop, emptyTop, topRows, type TaskSample, type TopInput, type TopRow } from '../../src/cli/top-rows.js';
import { samplesOfRunning, topInputs$, topView$, type TopSources } from '../../src/cli/top-feed.js';
import { statusText, topFrames, topJson, topScreen } from '../../src/cli/top-screen.js';
import type { Envelope } from '../../src/proto/events.js';
import { fakeEvents } from '../../src/testing/fake-events.js';
import { testScheduler } from '../streams/support.js';

const T = new Date('2026-01-01T00:00:00.000Z');
const ev = (envelope: Envelope): TopInput => ({ kind: 'event', envelope });
const web = containerRow('web');
const sample = (containerId: string, cpuPercent: number, memoryBytes: number): TaskSample => ({ containerId, cpuPercent, memoryBytes });

describe('top: rows folded from listings, events and samples (marbles)', () => {
  it('follows a task through its life: create, start, samples, exit, delete, and the container gone', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const inputs: Record<string, TopInput> = {
        l: { kind: 'listing', rows: [web] },
        c: ev(fakeEvents.taskCreate('web', 42)),
        s: ev(fakeEvents.taskStart('web', 42, { timestamp: T })),
        m: { kind: 'sample', sample: sample('web', 12.5, 4096) },
        x: ev(fakeEvents.taskExit('web', 3)),
        d: ev(fakeEvents.taskDelete('web', 3)),
        g: ev(fakeEvents.containerDelete('web')),
      };
      const running = { ...web, status: 'running', pid: 42, startedAt: T.getTime() } as const;
      expectObservable(cold('l-c-s-m-x-d-g|', inputs).pipe(topRows())).toBe('a-b-c-d-e-f-g|', {
        a: [web],
        b: [{ ...web, status: 'created', pid: 42 }],
        c: [running],
        d: [{ ...running, cpuPercent: 12.5, memoryBytes: 4096 }],
        e: [{ ...web, status: 'stopped', exitCode: 3 }],
        f: [{ ...web, status: 'no task', exitCode: 3 }],
        g: [],
      });
    });
  });

  it('replays the events seen while a listing was asked for over its answer: a start the listing missed is kept', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const inputs: Record<string, TopInput> = {
        a: { kind: 'listing-asked' },
        s: ev(fakeEvents.taskStart('web', 42, { timestamp: T })),
        l: { kind: 'listing', rows: [{ ...web, status: 'created', pid: 42 }] }, // read before the start
        x: ev(fakeEvents.taskExit('web', 0)),
      };
      expectObservable(cold('a-s-l-x|', inputs).pipe(topRows(), map((rows) => rows.map((r) => `${r.status}:${r.pid}`).join()))).toBe('a-b-c-d|', {
        a: '',
        b: 'running:42',
        c: 'running:42',
        d: 'stopped:null',
      });
    });
  });

  it("names a supervised child by its label and reads its restart count; a new container's labels come after it", () => {
    let state = foldTop(emptyTop, ev(fakeEvents.containerCreate('svc-1')));
    expect(state.rows.get('svc-1')).to.include({ name: 'svc-1', restarts: null });
    state = foldTop(state, { kind: 'labels', id: 'svc-1', labels: { 'rx-containerd/child': 'svc', 'rx-containerd/restarts': '4' } });
    expect(state.rows.get('svc-1')).to.include({ name: 'svc', restarts: 4 });
    state = foldTop(state, ev({ ...fakeEvents.containerCreate('svc-1'), topic: '/containers/update', event: { type: 'ContainerUpdate', id: 'svc-1', image: '', labels: { 'rx-containerd/child': 'svc', 'rx-containerd/restarts': '5' }, snapshotKey: '' } }));
    expect(state.rows.get('svc-1')).to.include({ name: 'svc', restarts: 5 });
  });

  it("leaves the task alone on an exec's exit, ignores samples of what does not run, and marks an OOM kill", () => {
    const inputs: TopInput[] = [
      { kind: 'listing', rows: [web] },
      { kind: 'sample', sample: sample('web', 1, 1) },
      ev(fakeEvents.taskStart('web', 42, { timestamp: T })),
      ev(fakeEvents.taskExit('web', 1, { execId: 'probe', pid: 43 })),
    ];
    const state = inputs.reduce(foldTop, emptyTop);
    expect(state.rows.get('web')).to.include({ status: 'running', pid: 42, cpuPercent: null });
    const killed = [ev(fakeEvents.oom('web')), ev(fakeEvents.taskExit('web', 137))].reduce(foldTop, state);
    expect(statusText(killed.rows.get('web')!)).to.equal('exited 137 (oom)');
    expect(foldTop(killed, ev(fakeEvents.taskCreate('web', 50))).rows.get('web')!.oomKilled).to.equal(false);
  });
});

describe('top: what feeds the rows (marbles)', () => {
  const running = (id: string, pid: number): TopRow => ({ ...containerRow(id), status: 'running', pid });

  it('samples each running task from its start until it no longer runs (a new pid is a new sampler)', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const rows$ = hot('a---b---c---d---|', {
        a: [running('web', 1)],
        b: [running('web', 1), running('db', 2)],
        c: [running('db', 2), { ...containerRow('web'), status: 'stopped' } as TopRow],
        d: [running('db', 2), running('web', 3)],
      });
      const webSamples = cold('-w-w-w-w-w-w-w-w-w-w', { w: sample('web', 1, 1) });
      const dbSamples = cold('-x-x-x-x-x-x-x-x', { x: sample('db', 2, 2) });
      const source = (id: string): Observable<TaskSample> => (id === 'web' ? webSamples : dbSamples);
      // web (pid 1) samples at 1, 3, 5, 7; db from 5 to 15; web (pid 3) at 13 and 15: all end with the rows
      const out = rows$.pipe(samplesOfRunning(source, 1000), map((s) => s.containerId[0]), toArray(), map((ids) => ids.join('')));
      expectObservable(out).toBe('----------------(a|)', { a: 'wwwdwddddwdw' });
      expectSubscriptions(webSamples.subscriptions).toBe(['^-------!', '------------^---!']);
      expectSubscriptions(dbSamples.subscriptions).toBe(['----^-----------!']);
    });
  });

  it('lists on each live (after an outage too), and reads the labels of each new container', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const sources: TopSources = {
        events$: hot('--c-----', { c: fakeEvents.containerCreate('web') }),
        live$: hot('l-----l-', { l: undefined }),
        listing$: () => cold('-r|', { r: [web] }),
        labels$: () => cold('-b|', { b: { 'rx-containerd/child': 'w' } }),
        sample: () => cold('-'),
      };
      const kinds = { 'listing-asked': 'a', listing: 'L', event: 'e', labels: 'b', sample: 's' } as const;
      expectObservable(topInputs$(sources).pipe(map((i) => kinds[i.kind]))).toBe('aLeb--aL', { a: 'a', L: 'L', e: 'e', b: 'b' });
    });
  });

  it('a frame after each change (settled) and every interval while nothing changes', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const a = [web];
      const b = [running('web', 1)];
      expectObservable(cold('a-----b--------|', { a, b }).pipe(topFrames(4, 1), map((f) => f.rows)), '^--------------!').toBe('-a---a-b---b---', { a, b });
    });
  });

  it('feeds the samples of a running task back into its row', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const sources: TopSources = {
        events$: hot('---s----', { s: fakeEvents.taskStart('web', 42, { timestamp: T }) }),
        live$: hot('l-------', { l: undefined }),
        listing$: () => cold('-r|', { r: [web] }),
        labels$: () => cold('|'),
        sample: (id) => cold('--m', { m: sample(id, 50, 1024) }),
      };
      const view$ = topView$(sources, 1000).pipe(map((rows) => rows.map((r) => `${r.status}:${r.cpuPercent ?? '-'}`).join()));
      expectObservable(view$, '^-------!').toBe('ab-c-d--', { a: '', b: 'no task:-', c: 'running:-', d: 'running:50' });
    });
  });
});

describe('top: the screen and the JSON line', () => {
  const at = T.getTime() + 65_000;
  const rows: TopRow[] = [
    { ...containerRow('svc-1', { 'rx-containerd/child': 'svc', 'rx-containerd/restarts': '2' }), status: 'running', pid: 42, startedAt: T.getTime(), cpuPercent: 12.34, memoryBytes: 3 * 1024 * 1024 },
    { ...containerRow('web'), status: 'stopped', exitCode: 3 },
  ];

  it('shows name, status, pid, uptime, restarts, CPU % and memory, cut at the width', () => {
    const screen = topScreen({ rows, at }, 'demo', 200).split('\n');
    expect(screen[0]).to.match(/^rx-containerd top {2}namespace demo {2}00:01:05 {2}2 containers {2}\(q to quit\)$/);
    expect(screen.slice(2).map((l) => l.split(/\s{2,}/))).to.deep.equal([
      ['NAME', 'STATUS', 'PID', 'UPTIME', 'RESTARTS', 'CPU %', 'MEMORY'],
      ['svc', 'running', '42', '1m05s', '2', '12.3%', '3.0 MiB'],
      ['web', 'exited 3', '-', '-', '-', '-', '-'],
    ]);
    expect(topScreen({ rows, at }, 'demo', 20).split('\n').every((l) => l.length <= 20)).to.equal(true);
  });

  it('leaves out the rows past the terminal height, counting them on the last line', () => {
    const screen = topScreen({ rows, at }, 'demo', 200, 4).split('\n');
    expect(screen).to.have.length(4);
    expect(screen[3]).to.equal('... and 2 more');
  });

  it('writes a frame as one JSON object, null where a value is not known', () => {
    expect(JSON.parse(topJson({ rows, at }, 'demo'))).to.deep.equal({
      time: '2026-01-01T00:01:05.000Z',
      namespace: 'demo',
      rows: [
        { id: 'svc-1', name: 'svc', status: 'running', pid: 42, uptimeMs: 65_000, restarts: 2, cpuPercent: 12.3, memoryBytes: 3145728, exitCode: null, oomKilled: false },
        { id: 'web', name: 'web', status: 'stopped', pid: null, uptimeMs: null, restarts: null, cpuPercent: null, memoryBytes: null, exitCode: 3, oomKilled: false },
      ],
    });
  });

  it("a fleet's rows (top --node) get a NODE column first, and `node` in their JSON", () => {
    const fleetRows = rows.map((r, i) => ({ ...r, node: i === 0 ? 'a' : 'b' }));
    const screen = topScreen({ rows: fleetRows, at }, 'demo', 200).split('\n');
    expect(screen[2]!.split(/\s{2,}/)[0]).to.equal('NODE');
    expect(screen.slice(3).map((l) => l.split(/\s{2,}/).slice(0, 2))).to.deep.equal([['a', 'svc'], ['b', 'web']]);
    const json = JSON.parse(topJson({ rows: fleetRows, at }, 'demo')) as { rows: Array<{ node: string; id: string }> };
    expect(json.rows.map((r) => [r.node, r.id])).to.deep.equal([['a', 'svc-1'], ['b', 'web']]);
  });
});
