import { expect } from 'chai';
import { NEVER } from 'rxjs';
import type { RestartPolicy } from '../../src/supervise/policy.js';
import type { RunEnd } from '../../src/supervise/run.js';
import { StopRequest } from '../../src/supervise/stop-request.js';
import { tree$ } from '../../src/supervise/tree-run.js';
import type { Strategy } from '../../src/supervise/tree-spec.js';
import {
  type ChildState, initialTree, type RestartPlan, type TreeConfig, treeConfig, type TreeEffect, type TreeEvent, type TreeState,
} from '../../src/supervise/tree-state.js';
import { transition } from '../../src/supervise/tree-transition.js';
import { FakeJournal, fakeStart } from '../../src/testing/index.js';
import { testScheduler } from './support.js';

/*
 * The supervisor tree as a table: a state, an event, and the state and effects that follow, without time or
 * processes. A child's state is written short:
 *
 *   waiting    not launched yet (or again)      starting   its run is on, not ready yet
 *   ready      its run is on and ready          exited     its run ended, nothing decided yet
 *   stopping   stopped for a sibling's restart  stopped    ... and its run ended
 *   backoff    waiting out its restart delay    deleting   its cleanup runs       done   finished for good
 */
type Short = 'waiting' | 'starting' | 'ready' | 'exited' | 'stopping' | 'stopped' | 'backoff' | 'deleting' | 'done';
type Shorts = Record<string, Short | [Short, Partial<ChildState>]>;

interface ChildOptions { readonly restart?: RestartPolicy; readonly maxRestarts?: number; readonly cleanup?: boolean }

function configOf(strategy: Strategy, children: Record<string, ChildOptions> = { a: {}, b: {}, c: {} }): TreeConfig {
  return treeConfig({
    strategy,
    random: () => 0,
    children: Object.entries(children).map(([id, o]) => ({
      id, start: () => NEVER, ...(o.restart && { restart: o.restart }), ...(o.maxRestarts !== undefined && { maxRestarts: o.maxRestarts }),
      ...(o.cleanup === true && { cleanup: () => undefined }),
    })),
  });
}

const forms: Record<Short, Pick<ChildState, 'status' | 'alive' | 'ready'> & { runs: number }> = {
  waiting: { status: 'waiting', runs: 0, alive: false, ready: false },
  starting: { status: 'running', runs: 1, alive: true, ready: false },
  ready: { status: 'running', runs: 1, alive: true, ready: true },
  exited: { status: 'running', runs: 1, alive: false, ready: true },
  stopping: { status: 'stopping', runs: 1, alive: true, ready: true },
  stopped: { status: 'stopping', runs: 1, alive: false, ready: true },
  backoff: { status: 'backoff', runs: 1, alive: false, ready: true },
  deleting: { status: 'deleting', runs: 1, alive: false, ready: true },
  done: { status: 'done', runs: 1, alive: false, ready: true },
};

function stateOf(config: TreeConfig, shorts: Shorts, more: Partial<TreeState> = {}): TreeState {
  const initial = initialTree(config, 0);
  return {
    ...initial,
    ...more,
    children: initial.children.map(c => {
      const short = shorts[c.id] ?? 'waiting';
      const [form, extra] = Array.isArray(short) ? short : [short, {}];
      return { ...c, ...forms[form], ...extra };
    }),
  };
}

function shortOf(c: ChildState): Short {
  const found = (Object.keys(forms) as Short[]).find(k => {
    const f = forms[k];
    return f.status === c.status && f.alive === c.alive && (c.status !== 'running' || f.ready === c.ready);
  });
  return found ?? 'waiting';
}

const shortsOf = (state: TreeState): Record<string, Short> => Object.fromEntries(state.children.map(c => [c.id, shortOf(c)]));

const failed = (reason = 'exited with code 1', uptimeMs = 50): RunEnd => ({ requested: false, failed: true, uptimeMs, reason });
const clean: RunEnd = { requested: false, failed: false, uptimeMs: 50, reason: 'exited with code 0' };
const requested: RunEnd = { requested: true, failed: false, uptimeMs: 50, reason: 'exited with code 143' };
const forRestartOf = (id: string, strategy: Strategy) => ({ cause: 'shutdown', reason: `stopped for the restart of '${id}' (${strategy})` }) as const;
const plan = (child: string, queue: string[], strategy: Strategy): RestartPlan =>
  ({ child, attempt: 1, delayMs: 100, why: forRestartOf(child, strategy), queue });

/** A child's backoff told and its delay started. */
const backsOff = (child: string): TreeEffect[] =>
  [{ kind: 'emit', body: { type: 'backoff', delayMs: 100, attempt: 1 }, child }, { kind: 'delay', child, delayMs: 100 }];

interface Row {
  readonly name: string;
  readonly config: TreeConfig;
  readonly state: TreeState;
  readonly event: TreeEvent;
  readonly then: Shorts;
  readonly effects: TreeEffect[];
  /** The plans that follow, as the queue of siblings left to stop per failed child. */
  readonly plans?: Record<string, string[]>;
}

const oneForOne = configOf('one-for-one');
const oneForAll = configOf('one-for-all');
const restForOne = configOf('rest-for-one');
const allReady: Shorts = { a: 'ready', b: 'ready', c: 'ready' };

const rows: Row[] = [
  // starting in order
  {
    name: 'begin launches the first child', config: oneForOne, state: stateOf(oneForOne, {}), event: { type: 'begin', at: 0 },
    then: { a: 'starting', b: 'waiting', c: 'waiting' }, effects: [{ kind: 'launch', child: 'a', run: 1 }],
  },
  {
    name: 'a ready child lets the next one start', config: oneForOne, state: stateOf(oneForOne, { a: 'starting' }),
    event: { type: 'ready', child: 'a', run: 1, at: 10 },
    then: { a: 'ready', b: 'starting', c: 'waiting' }, effects: [{ kind: 'launch', child: 'b', run: 1 }],
  },
  {
    name: 'the last child ready makes the tree ready', config: oneForOne, state: stateOf(oneForOne, { a: 'ready', b: 'ready', c: 'starting' }),
    event: { type: 'ready', child: 'c', run: 1, at: 10 }, then: allReady, effects: [{ kind: 'ready' }],
  },
  {
    name: 'the end of a run before the current one changes nothing', config: oneForOne, state: stateOf(oneForOne, { a: ['ready', { runs: 2 }] }),
    event: { type: 'ended', child: 'a', run: 1, end: failed(), at: 10 }, then: { a: 'ready' }, effects: [],
  },
  // one-for-one
  {
    name: 'one-for-one: a failed child backs off alone', config: oneForOne, state: stateOf(oneForOne, allReady),
    event: { type: 'ended', child: 'b', run: 1, end: failed(), at: 50 },
    then: { a: 'ready', b: 'backoff', c: 'ready' },
    effects: backsOff('b'),
    plans: { b: [] },
  },
  {
    name: 'one-for-one: after its delay the child starts again, told as a restart', config: oneForOne,
    state: stateOf(oneForOne, { a: 'ready', b: 'backoff', c: 'ready' }, { plans: [plan('b', [], 'one-for-one')] }),
    event: { type: 'elapsed', child: 'b', at: 150 },
    then: { a: 'ready', b: 'starting', c: 'ready' },
    effects: [{ kind: 'emit', body: { type: 'restarting', attempt: 1 }, child: 'b' }, { kind: 'launch', child: 'b', run: 2 }],
    plans: {},
  },
  {
    name: 'one-for-one: a long run resets the backoff to the first attempt', config: oneForOne,
    state: stateOf(oneForOne, { a: ['ready', { attempt: 4, restarts: 4 }] }),
    event: { type: 'ended', child: 'a', run: 1, end: failed('exited with code 1', 60_000), at: 60_000 },
    then: { a: 'backoff' },
    effects: backsOff('a'),
    plans: { a: [] },
  },
  // one-for-all
  {
    name: 'one-for-all: the others are stopped in reverse order, the last first', config: oneForAll, state: stateOf(oneForAll, allReady),
    event: { type: 'ended', child: 'b', run: 1, end: failed(), at: 50 },
    then: { a: 'stopping', b: 'backoff', c: 'stopping' },
    effects: [
      { kind: 'emit', body: { type: 'backoff', delayMs: 100, attempt: 1 }, child: 'b' },
      { kind: 'terminate', child: 'c', why: forRestartOf('b', 'one-for-all') },
    ],
    plans: { b: ['c', 'a'] },
  },
  {
    name: 'one-for-all: once one stopped, the next is stopped', config: oneForAll,
    state: stateOf(oneForAll, { a: 'stopping', b: 'backoff', c: 'stopping' }, { plans: [plan('b', ['c', 'a'], 'one-for-all')] }),
    event: { type: 'ended', child: 'c', run: 1, end: requested, at: 55 },
    then: { a: 'stopping', b: 'backoff', c: 'waiting' },
    effects: [{ kind: 'terminate', child: 'a', why: forRestartOf('b', 'one-for-all') }],
    plans: { b: ['a'] },
  },
  {
    name: 'one-for-all: once all stopped, the delay runs', config: oneForAll,
    state: stateOf(oneForAll, { a: 'stopping', b: 'backoff', c: 'waiting' }, { plans: [plan('b', ['a'], 'one-for-all')] }),
    event: { type: 'ended', child: 'a', run: 1, end: requested, at: 60 },
    then: { a: 'waiting', b: 'backoff', c: 'waiting' }, effects: [{ kind: 'delay', child: 'b', delayMs: 100 }], plans: { b: [] },
  },
  {
    name: 'one-for-all: after the delay all start again in order, the first first', config: oneForAll,
    state: stateOf(oneForAll, { a: ['waiting', { runs: 1, restartAttempt: 1 }], b: 'backoff', c: ['waiting', { runs: 1, restartAttempt: 1 }] },
      { plans: [plan('b', [], 'one-for-all')] }),
    event: { type: 'elapsed', child: 'b', at: 160 },
    then: { a: 'starting', b: 'waiting', c: 'waiting' },
    effects: [{ kind: 'emit', body: { type: 'restarting', attempt: 1 }, child: 'a' }, { kind: 'launch', child: 'a', run: 2 }],
    plans: {},
  },
  {
    name: 'one-for-all: a sibling that ended on its own meanwhile is not stopped again', config: oneForAll,
    state: stateOf(oneForAll, { a: 'stopped', b: 'backoff', c: 'stopping' }, { plans: [plan('b', ['c', 'a'], 'one-for-all')] }),
    event: { type: 'ended', child: 'c', run: 1, end: requested, at: 55 },
    then: { a: 'waiting', b: 'backoff', c: 'waiting' }, effects: [{ kind: 'delay', child: 'b', delayMs: 100 }], plans: { b: [] },
  },
  {
    name: 'one-for-all: a temporary sibling is deleted for good, not restarted',
    config: configOf('one-for-all', { a: {}, b: { restart: 'temporary' }, c: {} }),
    state: stateOf(configOf('one-for-all', { a: {}, b: { restart: 'temporary' }, c: {} }), { a: 'stopping', b: 'stopping', c: 'backoff' },
      { plans: [plan('c', ['b', 'a'], 'one-for-all')] }),
    event: { type: 'ended', child: 'b', run: 1, end: requested, at: 55 },
    then: { a: 'stopping', b: 'done', c: 'backoff' },
    effects: [
      { kind: 'emit', body: { type: 'stopped', cause: 'shutdown', reason: "stopped for the restart of 'c' (one-for-all)" }, child: 'b' },
      { kind: 'terminate', child: 'a', why: forRestartOf('c', 'one-for-all') },
    ],
    plans: { c: ['a'] },
  },
  {
    name: 'one-for-all: a temporary sibling with a cleanup is waited for before the next stop',
    config: configOf('one-for-all', { a: {}, b: { restart: 'temporary', cleanup: true }, c: {} }),
    state: stateOf(configOf('one-for-all', { a: {}, b: { restart: 'temporary', cleanup: true }, c: {} }), { a: 'stopping', b: 'stopping', c: 'backoff' },
      { plans: [plan('c', ['b', 'a'], 'one-for-all')] }),
    event: { type: 'ended', child: 'b', run: 1, end: requested, at: 55 },
    then: { a: 'stopping', b: 'deleting', c: 'backoff' }, effects: [{ kind: 'cleanup', child: 'b' }], plans: { c: ['b', 'a'] },
  },
  // rest-for-one
  {
    name: 'rest-for-one: only the children after the failed one are stopped', config: restForOne, state: stateOf(restForOne, allReady),
    event: { type: 'ended', child: 'b', run: 1, end: failed(), at: 50 },
    then: { a: 'ready', b: 'backoff', c: 'stopping' },
    effects: [
      { kind: 'emit', body: { type: 'backoff', delayMs: 100, attempt: 1 }, child: 'b' },
      { kind: 'terminate', child: 'c', why: forRestartOf('b', 'rest-for-one') },
    ],
    plans: { b: ['c'] },
  },
  {
    name: 'rest-for-one: the last child fails alone', config: restForOne, state: stateOf(restForOne, allReady),
    event: { type: 'ended', child: 'c', run: 1, end: failed(), at: 50 },
    then: { a: 'ready', b: 'ready', c: 'backoff' },
    effects: backsOff('c'),
    plans: { c: [] },
  },
  {
    name: 'rest-for-one: after the delay, the failed child starts and the rest wait for it', config: restForOne,
    state: stateOf(restForOne, { a: 'ready', b: 'backoff', c: ['waiting', { runs: 1, restartAttempt: 1 }] }, { plans: [plan('b', [], 'rest-for-one')] }),
    event: { type: 'elapsed', child: 'b', at: 160 },
    then: { a: 'ready', b: 'starting', c: 'waiting' },
    effects: [{ kind: 'emit', body: { type: 'restarting', attempt: 1 }, child: 'b' }, { kind: 'launch', child: 'b', run: 2 }],
    plans: {},
  },
  // rest, give up, stop
  {
    name: 'a transient child that exits 0 rests', config: configOf('one-for-one', { a: {}, b: { restart: 'transient' } }),
    state: stateOf(configOf('one-for-one', { a: {}, b: { restart: 'transient' } }), { a: 'ready', b: 'ready' }, { announcedReady: true }),
    event: { type: 'ended', child: 'b', run: 1, end: clean, at: 50 },
    then: { a: 'ready', b: 'done' }, effects: [{ kind: 'emit', body: { type: 'stopped', cause: 'policy' }, child: 'b' }],
  },
  {
    name: 'the last child resting ends the tree', config: configOf('one-for-one', { a: { restart: 'transient' } }),
    state: stateOf(configOf('one-for-one', { a: { restart: 'transient' } }), { a: 'ready' }),
    event: { type: 'ended', child: 'a', run: 1, end: clean, at: 50 },
    then: { a: 'done' },
    effects: [
      { kind: 'emit', body: { type: 'stopped', cause: 'policy' }, child: 'a' },
      { kind: 'cancel-delays' },
      { kind: 'emit', body: { type: 'stopped', cause: 'policy' } },
      { kind: 'end', end: { requested: false, failed: false, uptimeMs: 50, reason: 'every child finished' } },
    ],
  },
  {
    name: 'a child past its maxRestarts makes the tree give up: the others are stopped, the last first',
    config: configOf('one-for-one', { a: {}, b: { maxRestarts: 1 }, c: {} }),
    state: stateOf(configOf('one-for-one', { a: {}, b: { maxRestarts: 1 }, c: {} }), { a: 'ready', b: ['ready', { restarts: 1 }], c: 'ready' }),
    event: { type: 'ended', child: 'b', run: 1, end: failed(), at: 50 },
    then: { a: 'ready', b: 'exited', c: 'ready' },
    effects: [
      { kind: 'cancel-delays' },
      { kind: 'terminate', child: 'c', why: { cause: 'shutdown', reason: "the supervisor gave up: child 'b' exited with code 1; no restart left (at most 1)" } },
    ],
  },
  {
    name: 'past the intensity the tree gives up', config: oneForOne, state: stateOf(oneForOne, { a: 'ready' }, { history: [1_000] }),
    event: { type: 'ended', child: 'a', run: 1, end: failed(), at: 2_000 },
    then: { a: 'done' },
    effects: [
      { kind: 'cancel-delays' },
      { kind: 'emit', body: { type: 'stopped', cause: 'gave-up', reason: 'exited with code 1; restart intensity exceeded: 2 restarts within 5000 ms (at most 1 allowed)' }, child: 'a' },
      { kind: 'emit', body: { type: 'gave-up', reason: "child 'a' exited with code 1; restart intensity exceeded: 2 restarts within 5000 ms (at most 1 allowed)" } },
      { kind: 'end', end: { requested: false, failed: true, uptimeMs: 2_000, reason: "gave up: child 'a' exited with code 1; restart intensity exceeded: 2 restarts within 5000 ms (at most 1 allowed)" } },
    ],
  },
  {
    name: 'a restart outside the period is allowed', config: oneForOne, state: stateOf(oneForOne, { a: 'ready' }, { history: [1_000] }),
    event: { type: 'ended', child: 'a', run: 1, end: failed(), at: 6_000 },
    then: { a: 'backoff' },
    effects: backsOff('a'),
    plans: { a: [] },
  },
  {
    name: 'a stop stops the last child first', config: oneForAll, state: stateOf(oneForAll, allReady),
    event: { type: 'stop', why: { cause: 'requested' }, at: 100 },
    then: allReady, effects: [{ kind: 'cancel-delays' }, { kind: 'terminate', child: 'c', why: { cause: 'requested' } }],
  },
  {
    name: 'a stop drops the restarts in progress and deletes a child in backoff', config: oneForOne,
    state: stateOf(oneForOne, { a: 'ready', b: 'ready', c: 'backoff' }, { plans: [plan('c', [], 'one-for-one')] }),
    event: { type: 'stop', why: { cause: 'requested' }, at: 100 },
    then: { a: 'ready', b: 'ready', c: 'done' },
    effects: [
      { kind: 'cancel-delays' },
      { kind: 'emit', body: { type: 'stopped', cause: 'requested' }, child: 'c' },
      { kind: 'terminate', child: 'b', why: { cause: 'requested' } },
    ],
    plans: {},
  },
  {
    name: 'stopping, a child that was never launched is not told stopped', config: oneForOne, state: stateOf(oneForOne, { a: 'starting' }),
    event: { type: 'stop', why: { cause: 'requested' }, at: 5 },
    then: { a: 'starting', b: 'done', c: 'done' },
    effects: [{ kind: 'cancel-delays' }, { kind: 'terminate', child: 'a', why: { cause: 'requested' } }],
  },
  {
    name: 'stopping, a child with a cleanup is cleaned up before the next is stopped',
    config: configOf('one-for-one', { a: {}, b: { cleanup: true } }),
    state: stateOf(configOf('one-for-one', { a: {}, b: { cleanup: true } }), { a: 'ready', b: 'ready' }, {
      finishing: { how: 'requested', reason: 'stop requested', culprit: undefined, why: { cause: 'requested' }, queue: ['b', 'a'] },
    }),
    event: { type: 'ended', child: 'b', run: 1, end: requested, at: 110 },
    then: { a: 'ready', b: 'deleting' }, effects: [{ kind: 'cleanup', child: 'b' }],
  },
  {
    name: 'stopping, the cleanup done, the child is told stopped and the next is stopped',
    config: configOf('one-for-one', { a: {}, b: { cleanup: true } }),
    state: stateOf(configOf('one-for-one', { a: {}, b: { cleanup: true } }), { a: 'ready', b: ['deleting', { stopped: { type: 'stopped', cause: 'requested' } }] }, {
      finishing: { how: 'requested', reason: 'stop requested', culprit: undefined, why: { cause: 'requested' }, queue: ['b', 'a'] },
    }),
    event: { type: 'cleaned', child: 'b', at: 120 },
    then: { a: 'ready', b: 'done' },
    effects: [{ kind: 'emit', body: { type: 'stopped', cause: 'requested' }, child: 'b' }, { kind: 'terminate', child: 'a', why: { cause: 'requested' } }],
  },
  {
    name: 'stopping, the first child stopped ends the tree', config: oneForOne,
    state: stateOf(oneForOne, { a: 'ready', b: 'done', c: 'done' }, {
      finishing: { how: 'requested', reason: 'stop requested', culprit: undefined, why: { cause: 'requested' }, queue: ['a'] },
    }),
    event: { type: 'ended', child: 'a', run: 1, end: requested, at: 130 },
    then: { a: 'done', b: 'done', c: 'done' },
    effects: [
      { kind: 'emit', body: { type: 'stopped', cause: 'requested' }, child: 'a' },
      { kind: 'emit', body: { type: 'stopped', cause: 'requested' } },
      { kind: 'end', end: { requested: true, failed: false, uptimeMs: 130, reason: 'stop requested' } },
    ],
  },
];

describe('supervisor tree transitions', () => {
  for (const row of rows) {
    it(row.name, () => {
      const { state, effects } = transition(row.config, row.state, row.event);
      expect(effects).to.deep.equal(row.effects);
      expect(shortsOf(state)).to.include(Object.fromEntries(Object.entries(row.then).map(([id, s]) => [id, Array.isArray(s) ? s[0] : s])));
      if (row.plans !== undefined) expect(Object.fromEntries(state.plans.map(p => [p.child, [...p.queue]]))).to.deep.equal(row.plans);
    });
  }

  it('leaves the state it is given as it was', () => {
    const before = stateOf(oneForAll, allReady);
    const copy = structuredClone(before);
    transition(oneForAll, before, { type: 'ended', child: 'b', run: 1, end: failed(), at: 50 });
    expect(before).to.deep.equal(copy);
  });

  it('changes nothing once the tree ended', () => {
    const ended = { ...stateOf(oneForOne, { a: 'done', b: 'done', c: 'done' }), ended: true };
    expect(transition(oneForOne, ended, { type: 'begin', at: 1 })).to.deep.equal({ state: ended, effects: [] });
  });
});

describe('the tree runner', () => {
  it('holds what it starts: unsubscribed, no delay fires and no child starts again', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const journal = new FakeJournal(ts);
      const a = fakeStart({ exitAfterMs: 10, exitCode: 1 }, { scheduler: ts, journal, name: 'a' });
      const b = fakeStart({}, { scheduler: ts, journal, name: 'b' });
      const messages: string[] = [];
      const subscription = tree$({ children: [{ id: 'a', start: a }, { id: 'b', start: b }] }, ts, new StopRequest())
        .subscribe(m => messages.push(m.kind === 'event' ? `${m.event.at} ${m.event.child ?? ''} ${m.event.type}` : m.kind));
      ts.schedule(() => subscription.unsubscribe(), 50);
      flush();
      expect(messages).to.include('10 a backoff');
      expect(journal.lines({ calls: ['create'] })).to.deep.equal(['0 a1 create', '0 b1 create']);
      expect(messages.filter(m => m.endsWith('restarting'))).to.deep.equal([]);
    });
  });
});
