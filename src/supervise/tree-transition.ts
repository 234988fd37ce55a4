/**
 * A supervisor tree as a pure transition: `(state, event) -> (state, effects)`. No clock, no subscription:
 * the runner (tree-run.ts) performs the effects and reports what comes of them as further events, so that
 * every strategy can be read, and tested, as a table of transitions.
 *
 * - `advance`: the first waiting child is launched once every child before it is ready.
 * - A child's run that ended on its own goes to {@link decideRestart}: rest (deleted for good), give up (the
 *   tree finishes), or restart: the siblings the strategy names are stopped one at a time in reverse order
 *   (temporary ones are deleted for good), then the delay runs, then the child waits to be launched again.
 * - Finishing stops and deletes every child in reverse order, waiting for each, then tells the tree's end.
 * @internal
 * @module
 */
import type { SupervisorEventBody } from './events.js';
import { decideRestart } from './restart.js';
import type { RunEnd } from './run.js';
import type { StopReason } from './stop-request.js';
import type {
  ChildConfig, ChildState, Finishing, RestartPlan, StoppedBody, TreeConfig, TreeEffect, TreeEvent, TreeState,
} from './tree-state.js';

/** The state after `event`, and the effects to perform, in order. `state` is left as it was. */
export function transition(config: TreeConfig, state: TreeState, event: TreeEvent): { state: TreeState; effects: TreeEffect[] } {
  if (state.ended) return { state, effects: [] };
  const step = new Step(config, state, event.at);
  step.on(event);
  return { state: step.result(), effects: step.effects };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

const stoppedBy = (why: StopReason): StoppedBody =>
  why.cause === 'requested' ? { type: 'stopped', cause: 'requested' } : { type: 'stopped', cause: 'shutdown', reason: why.reason };

const isOver = (c: ChildState): boolean => c.status === 'deleting' || c.status === 'done';

/** One transition, computed on a copy of the state. */
class Step {
  readonly effects: TreeEffect[] = [];
  private readonly children: Mutable<ChildState>[];
  private history: readonly number[];
  private plans: Mutable<RestartPlan>[];
  private finishing: Mutable<Finishing> | undefined;
  private announcedReady: boolean;
  private ended = false;

  constructor(private readonly config: TreeConfig, private readonly state: TreeState, private readonly at: number) {
    this.children = state.children.map(c => ({ ...c }));
    this.history = state.history;
    this.plans = state.plans.map(p => ({ ...p }));
    this.finishing = state.finishing === undefined ? undefined : { ...state.finishing };
    this.announcedReady = state.announcedReady;
  }

  result(): TreeState {
    return {
      children: this.children, history: this.history, plans: this.plans, finishing: this.finishing,
      announcedReady: this.announcedReady, startedAt: this.state.startedAt, ended: this.ended,
    };
  }

  on(event: TreeEvent): void {
    switch (event.type) {
      case 'begin': return this.advance();
      case 'stop': return this.finish('requested', 'stop requested', undefined, event.why);
      case 'ready': {
        const c = this.child(event.child);
        if (c.runs !== event.run || !c.alive || c.ready) return;
        c.ready = true;
        return this.advance();
      }
      case 'ended': return this.runEnded(event.child, event.run, event.end);
      case 'elapsed': {
        const plan = this.plans.find(p => p.child === event.child && p.queue.length === 0);
        if (plan === undefined || this.finishing !== undefined) return;
        this.plans = this.plans.filter(p => p !== plan);
        Object.assign(this.child(plan.child), { status: 'waiting', restartAttempt: plan.attempt });
        return this.advance();
      }
      case 'cleaned': {
        if (this.child(event.child).status !== 'deleting') return;
        this.deleted(event.child);
        return this.resumeAfter(event.child);
      }
    }
  }

  private child(id: string): Mutable<ChildState> {
    return this.children.find(c => c.id === id)!;
  }

  private configOf(id: string): ChildConfig {
    return this.config.children.find(c => c.id === id)!;
  }

  private emit(body: SupervisorEventBody, child?: string): void {
    this.effects.push(child === undefined ? { kind: 'emit', body } : { kind: 'emit', body, child });
  }

  /** Launches the first waiting child if every child before it is ready; once all are, tells the parent. */
  private advance(): void {
    if (this.finishing !== undefined) return;
    for (const c of this.children) {
      if (isOver(c) || (c.status === 'running' && c.ready)) continue;
      if (c.status === 'waiting') {
        if (c.restartAttempt !== undefined) this.emit({ type: 'restarting', attempt: c.restartAttempt }, c.id);
        Object.assign(c, { status: 'running', runs: c.runs + 1, alive: true, ready: false, restartAttempt: undefined });
        this.effects.push({ kind: 'launch', child: c.id, run: c.runs });
      }
      return;
    }
    if (!this.announcedReady && this.children.some(c => !isOver(c))) {
      this.announcedReady = true;
      this.effects.push({ kind: 'ready' });
    }
  }

  private runEnded(id: string, run: number, end: RunEnd): void {
    const c = this.child(id);
    if (c.runs !== run || !c.alive) return;
    c.alive = false;
    // A stop the tree requested is awaited by whatever requested it.
    if (this.finishing !== undefined || this.plans.some(p => p.queue[0] === id)) return this.resumeAfter(id);
    if (end.requested || c.status !== 'running') return;
    this.incident(c, end);
  }

  /** A child's run ended on its own: let it rest, give up, or restart it (and siblings, by the strategy). */
  private incident(c: Mutable<ChildState>, end: RunEnd): void {
    const decision = decideRestart(this.configOf(c.id).limits, { attempt: c.attempt, restarts: c.restarts, history: this.history }, end, this.at);
    if (decision.kind === 'rest') return void this.delete(c, { type: 'stopped', cause: 'policy' });
    if (decision.kind === 'give-up') {
      return this.finish('gave-up', `child '${c.id}' ${decision.reason}`, { child: c.id, reason: decision.reason });
    }
    const { delayMs, count } = decision;
    this.history = count.history;
    Object.assign(c, { status: 'backoff', attempt: count.attempt, restarts: count.restarts });
    const { strategy } = this.config;
    const index = this.children.indexOf(c);
    const siblings = this.children.filter((s, i) => s !== c && s.status === 'running' && (
      strategy === 'one-for-all' || (strategy === 'rest-for-one' && i > index)));
    for (const s of siblings) s.status = 'stopping'; // so that `advance` leaves them alone meanwhile
    this.emit({ type: 'backoff', delayMs, attempt: count.attempt }, c.id);
    const plan: Mutable<RestartPlan> = {
      child: c.id, attempt: count.attempt, delayMs,
      why: { cause: 'shutdown', reason: `stopped for the restart of '${c.id}' (${strategy})` },
      queue: siblings.reverse().map(s => s.id),
    };
    this.plans = [...this.plans, plan];
    this.stepPlan(plan);
  }

  /** Goes on with whatever waited for this child to end or to be deleted. */
  private resumeAfter(id: string): void {
    if (this.finishing !== undefined) {
      if (this.finishing.queue[0] === id) this.stepFinish();
      return;
    }
    const plan = this.plans.find(p => p.queue[0] === id);
    if (plan !== undefined) this.stepPlan(plan);
  }

  /** Stops the plan's siblings one at a time, then starts the delay. */
  private stepPlan(plan: Mutable<RestartPlan>): void {
    for (;;) {
      const head = plan.queue[0];
      if (head === undefined) {
        this.effects.push({ kind: 'delay', child: plan.child, delayMs: plan.delayMs });
        return;
      }
      const s = this.child(head);
      if (s.status === 'stopping') {
        if (s.alive) return void this.effects.push({ kind: 'terminate', child: head, why: plan.why });
        if (this.configOf(head).limits.rule.when === 'never') this.delete(s, stoppedBy(plan.why)); // temporary children are not restarted
        else Object.assign(s, { status: 'waiting', restartAttempt: plan.attempt });
      }
      if (s.status === 'deleting') return;
      plan.queue = plan.queue.slice(1);
    }
  }

  /** Finishes the tree: stops every child in reverse order, deletes it for good, then tells the end. */
  private finish(how: Finishing['how'], reason: string, culprit: Finishing['culprit'], why?: StopReason): void {
    if (this.finishing !== undefined) return;
    this.plans = [];
    this.effects.push({ kind: 'cancel-delays' });
    this.finishing = {
      how, reason, culprit,
      why: how === 'gave-up' ? { cause: 'shutdown', reason: `the supervisor gave up: ${reason}` } : why ?? { cause: 'requested' },
      queue: [...this.children].reverse().map(c => c.id),
    };
    this.stepFinish();
  }

  private stepFinish(): void {
    const f = this.finishing!;
    if (this.ended) return;
    for (;;) {
      const head = f.queue[0];
      if (head === undefined) break;
      const c = this.child(head);
      if (c.status === 'deleting') return;
      if (c.status !== 'done') {
        if (c.alive) return void this.effects.push({ kind: 'terminate', child: head, why: f.why });
        const stopped: StoppedBody = f.culprit?.child === head ? { type: 'stopped', cause: 'gave-up', reason: f.culprit.reason } : stoppedBy(f.why);
        if (this.delete(c, c.runs > 0 ? stopped : undefined) === 'deleting') return;
      }
      f.queue = f.queue.slice(1);
    }
    const { how, reason } = f;
    this.emit(how === 'gave-up' ? { type: 'gave-up', reason } : how === 'policy' ? { type: 'stopped', cause: 'policy' } : stoppedBy(f.why));
    this.effects.push({ kind: 'end', end: {
      requested: how === 'requested', failed: how === 'gave-up', uptimeMs: this.at - this.state.startedAt,
      reason: how === 'gave-up' ? `gave up: ${reason}` : reason,
    } });
    this.ended = true;
  }

  /**
   * Finishes a child for good: its cleanup, then its `stopped` (if given). Returns `'deleting'` while the
   * cleanup runs (`cleaned` ends it), `'done'` when it is over already.
   */
  private delete(c: Mutable<ChildState>, stopped: StoppedBody | undefined): 'deleting' | 'done' {
    const config = this.configOf(c.id);
    Object.assign(c, { status: 'deleting', stopped: config.subtree ? undefined : stopped });
    if (!config.cleanup) return this.deleted(c.id);
    this.effects.push({ kind: 'cleanup', child: c.id });
    return 'deleting';
  }

  private deleted(id: string): 'done' {
    const c = this.child(id);
    if (c.stopped !== undefined) this.emit(c.stopped, id);
    Object.assign(c, { status: 'done', stopped: undefined });
    if (this.finishing === undefined && this.children.every(isOver)) this.finish('policy', 'every child finished', undefined);
    else this.advance();
    return 'done';
  }
}
