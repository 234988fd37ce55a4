/**
 * The runner of a supervisor tree: it feeds events to the pure transition (tree-transition.ts) one at a time
 * and performs the effects it returns: launching children's runs, stop requests, restart delays, cleanups.
 * It holds every subscription it makes, so that unsubscribing the run tears all of them down; a supervisor
 * never does that mid-way (it stops through its StopRequest), so in practice that happens once the tree ended.
 * @internal
 * @module
 */
import { catchError, EMPTY, finalize, Observable, type Observer, type SchedulerLike, Subscription, timer } from 'rxjs';
import type { Resume } from './adopted.js';
import { cleanup$ } from './cleanup.js';
import type { SupervisorEvent } from './events.js';
import { errorMessage } from '../proto/error-message.js';
import { life$ } from './life.js';
import { type RunMessage, tagged } from './run.js';
import { StopRequest } from './stop-request.js';
import { type ChildSpec, isSubtree, type SupervisorSpec, type WorkerSpec } from './tree-spec.js';
import { initialTree, treeConfig, type TreeEffect, type TreeEvent } from './tree-state.js';
import { transition } from './tree-transition.js';

/** Events without their time: the runner stamps them when it reports them. */
type Unstamped<E> = E extends unknown ? Omit<E, 'at'> : never;

/**
 * The whole life of a tree, as a run its parent (or `supervisor`) drives. `resume` (by child id) continues where
 * an earlier supervisor left: each child's restart count, and the process its first run takes over.
 */
export function tree$(spec: SupervisorSpec, scheduler: SchedulerLike, stop: StopRequest, resume: ReadonlyMap<string, Resume> = new Map()): Observable<RunMessage> {
  return new Observable<RunMessage>(out => {
    const config = treeConfig(spec);
    const specs = new Map<string, ChildSpec>(spec.children.map(child => [child.id, child]));
    const held = new Subscription();
    const runs = new Map<string, StopRequest>();
    const delays = new Map<string, Subscription>();
    let state = initialTree(config, scheduler.now(), new Map([...resume].map(([id, r]) => [id, r.count])));

    // Events that happen while effects are performed wait their turn: one transition at a time.
    const queue: TreeEvent[] = [];
    let busy = false;
    const report = (event: Unstamped<TreeEvent>): void => {
      queue.push({ ...event, at: scheduler.now() } as TreeEvent);
      if (busy) return;
      busy = true;
      try {
        for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
          const step = transition(config, state, next);
          state = step.state;
          step.effects.forEach(perform);
        }
      } finally {
        busy = false;
      }
    };

    /** Subscribes, and holds the subscription until it ends. */
    const hold = <T>(source$: Observable<T>, observer: Partial<Observer<T>>): Subscription => {
      let subscription: Subscription | undefined;
      let over = false;
      subscription = source$.pipe(finalize(() => {
        over = true;
        if (subscription !== undefined) held.remove(subscription);
      })).subscribe(observer);
      if (!over) held.add(subscription);
      return subscription;
    };

    const launch = (id: string, run: number): void => {
      const child = specs.get(id)!;
      const request = new StopRequest();
      runs.set(id, request);
      const adopted = run === 1 ? resume.get(id)?.adopted : undefined;
      const run$ = isSubtree(child) ? tree$(child, scheduler, request) : life$(child.start, child, scheduler, request, adopted);
      hold(run$, {
        next: message => {
          if (message.kind === 'event') out.next({ kind: 'event', event: tagged(message.event, id) });
          else if (message.kind === 'ready') report({ type: 'ready', child: id, run });
          else report({ type: 'ended', child: id, run, end: message.end });
        },
        error: (error: unknown) => report({
          type: 'ended', child: id, run, end: { requested: request.requested, failed: true, uptimeMs: 0, reason: `failed: ${errorMessage(error)}` },
        }),
      });
    };

    const perform = (effect: TreeEffect): void => {
      switch (effect.kind) {
        case 'launch': return launch(effect.child, effect.run);
        case 'emit': {
          const event = { ...effect.body, at: scheduler.now(), ...(effect.child === undefined ? {} : { child: effect.child }) } as SupervisorEvent;
          return out.next({ kind: 'event', event });
        }
        case 'terminate': return runs.get(effect.child)?.request(effect.why);
        case 'delay': {
          const { child, delayMs } = effect;
          delays.set(child, hold(timer(delayMs, scheduler), {
            next: () => {
              delays.delete(child);
              report({ type: 'elapsed', child });
            },
          }));
          return;
        }
        case 'cancel-delays': {
          for (const delay of delays.values()) delay.unsubscribe();
          delays.clear();
          return;
        }
        case 'cleanup': {
          const { child } = effect;
          const cleanup = (specs.get(child) as WorkerSpec).cleanup!;
          const cleaning$ = cleanup$(cleanup).pipe(catchError((error: unknown) => {
            out.next({ kind: 'event', event: { type: 'failed', phase: 'cleanup', error, at: scheduler.now(), child } });
            return EMPTY;
          }));
          hold(cleaning$, { complete: () => report({ type: 'cleaned', child }) });
          return;
        }
        case 'ready': return out.next({ kind: 'ready' });
        case 'end': {
          out.next({ kind: 'end', end: effect.end });
          return out.complete();
        }
      }
    };

    held.add(stop.requested$.subscribe(() => report({ type: 'stop', why: stop.reason })));
    report({ type: 'begin' });
    return held;
  });
}
