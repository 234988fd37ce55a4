import { defer, EMPTY, merge, NEVER, of, startWith, type Observable } from 'rxjs';
import { fleetStates, taggedEvents, type FleetMember, type FleetState } from '../../src/fleet/fleet-streams.js';
import type { Envelope } from '../../src/proto/events.js';
import type { ConnectionState } from '../../src/streams/connection-state.js';
import { env, testScheduler } from '../streams/support.js';

const one = env('/tasks/start', { type: 'TaskStart', containerId: 'x', pid: 1 });
const two = env('/tasks/start', { type: 'TaskStart', containerId: 'y', pid: 2 });
const states: Record<string, ConnectionState> = { c: 'connecting', l: 'live', d: 'down' };

function member(name: string, parts: { events$?: Observable<Envelope>; state$?: Observable<ConnectionState>; left$?: Observable<unknown> }): FleetMember {
  return { name, events$: parts.events$ ?? NEVER, state$: parts.state$ ?? NEVER, outages$: NEVER, left$: parts.left$ ?? NEVER };
}

describe('the fleet streams (marbles)', () => {
  it("tags each member's events with its name, while it belongs", () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const a = member('a', { events$: hot('-1------2---1--', { 1: one, 2: two }), left$: hot('---------x') });
      const b = member('b', { events$: hot('------2------1-', { 1: one, 2: two }) });
      const members$ = hot('a----b---------', { a, b });
      expectObservable(members$.pipe(taggedEvents())).toBe('-1----2-3----4-', {
        1: { ...one, node: 'a' },
        2: { ...two, node: 'b' },
        3: { ...two, node: 'a' },
        4: { ...one, node: 'b' },
      });
    });
  });

  it('gives one first state for the members known at the subscription, then each change; a leaving member drops out', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      // as a hub's state$, each member tells its current state at once
      const a = member('a', { state$: cold('---l--------d', states).pipe(startWith<ConnectionState>('connecting')) });
      const b = member('b', { state$: cold('------l------', states).pipe(startWith<ConnectionState>('connecting')), left$: hot('----------x') });
      const S = (nodes: Record<string, ConnectionState>, health: FleetState['health']): FleetState => ({ nodes, health });
      expectObservable(defer(() => of(a, b)).pipe(fleetStates())).toBe('x--y--z---w-v', {
        x: S({ a: 'connecting', b: 'connecting' }, 'connecting'),
        y: S({ a: 'live', b: 'connecting' }, 'connecting'),
        z: S({ a: 'live', b: 'live' }, 'live'),
        w: S({ a: 'live' }, 'live'),
        v: S({ a: 'down' }, 'down'),
      });
    });
  });

  it('is partial when some nodes are down and others not, and empty without nodes', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const a = member('a', { state$: NEVER.pipe(startWith<ConnectionState>('live')) });
      const b = member('b', { state$: NEVER.pipe(startWith<ConnectionState>('down')) });
      const joined = hot<FleetMember>('-----c', { c: member('c', { state$: NEVER.pipe(startWith<ConnectionState>('live')) }) });
      expectObservable(merge(of(a, b), joined).pipe(fleetStates())).toBe('x----y', {
        x: { nodes: { a: 'live', b: 'down' }, health: 'partial' },
        y: { nodes: { a: 'live', b: 'down', c: 'live' }, health: 'partial' },
      });
      expectObservable(EMPTY.pipe(fleetStates())).toBe('(x|)', { x: { nodes: {}, health: 'empty' } });
    });
  });
});
