/**
 * Supervisor trees, after OTP: children started in order and stopped in reverse, restarted by a strategy,
 * within a restart intensity; a tree can be the child of another, and a tree that gives up is, to its parent,
 * a child that failed.
 *
 * - A child starts once every child before it is ready: started, or healthy if it has a health check.
 * - `one-for-one`: a child that fails is restarted alone.
 * - `one-for-all`: the others are stopped (in reverse order), then all are started again (in order).
 * - `rest-for-one`: the children after it are stopped (in reverse order), then it and they start again.
 * - A child's `restart` says which of its endings call for a restart (default `'permanent'`); temporary
 *   children stopped by a sibling's restart are not started again, as in OTP.
 * - Each restart counts against the tree's `intensity` (default OTP's: 1 within 5 s) and a child's own
 *   `maxRestarts`; past either, the tree stops every child (in reverse order) and gives up.
 * - Restarts wait for the failed child's backoff (Docker's by default), which OTP does not have.
 * @module
 */
import {
  AsyncSubject, asyncScheduler, catchError, concat, defer, EMPTY, filter, ignoreElements, map, Observable,
  type SchedulerLike, Subscription, timer,
} from 'rxjs';
import { type Backoff, backoffDelay, backoffOf, nextAttempt } from '../streams/backoff.js';
import { type Cleanup, cleanup$ } from './cleanup.js';
import type { SupervisorEvent, SupervisorEventBody } from './events.js';
import { errorMessage } from '../proto/error-message.js';
import { countRestart, type Intensity, intensityReason, otpIntensity } from './intensity.js';
import { life$, type LifeOptions } from './life.js';
import { checkSupervisor } from './options.js';
import { type RestartPolicy, type RestartRule, restartRule, wantsRestart } from './policy.js';
import { type RunEnd, type RunSignal, tagged } from './run.js';
import { StopRequest, type StopReason, stopOnUnsubscribe } from './stop-request.js';
import type { StartProcess, SupervisedProcess } from './supervised-process.js';

/** How a tree reacts to a child that must be restarted. */
export type Strategy = 'one-for-one' | 'one-for-all' | 'rest-for-one';

/** A child that is one process. */
export interface WorkerSpec<P extends SupervisedProcess = SupervisedProcess> extends LifeOptions<P> {
  /** Unique among its siblings, without '/'. Events about this child carry it in `child`. */
  readonly id: string;
  readonly start: StartProcess<P>;
  /** Which endings call for a restart. Default `'permanent'`. */
  readonly restart?: RestartPolicy;
  /** At most this many restarts of this child; one more and the tree gives up. Default: no limit. */
  readonly maxRestarts?: number;
  /** This child's backoff, over the tree's. */
  readonly backoff?: Partial<Backoff>;
  /** Runs when this child is finished for good (its container's delete, typically). */
  readonly cleanup?: Cleanup;
}

/** A tree: its children and how it restarts them. */
export interface SupervisorSpec {
  readonly children: readonly ChildSpec[];
  /** Default `'one-for-one'`. */
  readonly strategy?: Strategy;
  /** Default {@link otpIntensity}: 1 restart within 5 s. */
  readonly intensity?: Intensity;
  /** The backoff of every child that does not have its own. Default {@link defaultBackoff}. */
  readonly backoff?: Partial<Backoff>;
  /** Stops the tree when it emits (top-level trees; a parent stops its subtrees itself). */
  readonly stop?: Observable<unknown>;
  /** The randomness behind backoff jitter, in [0, 1). */
  readonly random?: () => number;
}

/** A child that is itself a tree. */
export interface SubtreeSpec extends SupervisorSpec {
  readonly id: string;
  /** Which endings call for a restart: giving up is a failure, every child finishing is not. Default `'permanent'`. */
  readonly restart?: RestartPolicy;
  readonly maxRestarts?: number;
}

/** A worker or a subtree. */
export type ChildSpec = WorkerSpec | SubtreeSpec;

/**
 * Supervises a tree of processes. Emits the events of every child tagged with its id path in `child`, the
 * tree's own `backoff` and `restarting` for the child concerned, and finally the tree's `stopped` or
 * `gave-up` (without `child`), after which it completes. Unsubscribing stops every child in reverse order,
 * in the background; `stop` does the same and lets you watch it.
 *
 * @example
 * ```ts
 * supervisor({
 *   strategy: 'rest-for-one',
 *   intensity: { maxRestarts: 3, withinMs: 60_000 },
 *   children: [
 *     { id: 'db', start: () => db.newTask(), health: { command: ['pg_isready'], intervalMs: 1_000 } },
 *     { id: 'api', start: () => api.newTask(), restart: 'transient' },
 *   ],
 * }).subscribe(e => console.log(e.child, e.type));
 * ```
 *
 * ```
 * one-for-all; b exits 1 at 30 ms; the others take 5 ms to stop; backoff 100 ms
 * time   0       30      35      40              140
 * a    (sS)──────────────k───────x───────────────(rsS)
 * b    (sS)──────(xb)────────────────────────────(rsS)
 * c    (sS)──────k───────x───────────────────────(rsS)
 * s starting  S started  x exited  b backoff  k SIGTERM sent  r restarting
 * ```
 */
export function supervisor(spec: SupervisorSpec, scheduler: SchedulerLike = asyncScheduler): Observable<SupervisorEvent> {
  checkSupervisor(spec, scheduler);
  return stopOnUnsubscribe(
    stop => tree$(spec, scheduler, stop).pipe(
      filter((signal): signal is Extract<RunSignal, { kind: 'event' }> => signal.kind === 'event'),
      map(signal => signal.event),
    ),
    spec.stop,
  );
}

type SlotState = 'waiting' | 'running' | 'stopping' | 'backoff' | 'done';

interface SlotRun {
  readonly stop: StopRequest;
  readonly ended: AsyncSubject<RunEnd>;
  ready: boolean;
  alive: boolean;
}

interface Slot {
  readonly spec: ChildSpec;
  readonly id: string;
  readonly index: number;
  readonly rule: RestartRule;
  readonly backoff: Backoff;
  state: SlotState;
  run: SlotRun | undefined;
  launches: number;
  attempt: number;
  restarts: number;
  /** Set when the next launch is a restart: the attempt it reports. */
  restartAttempt: number | undefined;
  cleaned: boolean;
  /** Once the child is finished for good: its cleanup and `stopped`, completing when they are done. */
  retiring: Observable<never> | undefined;
}

type StoppedBody = Extract<SupervisorEventBody, { readonly type: 'stopped' }>;

const stoppedBy = (why: StopReason): StoppedBody =>
  why.cause === 'requested' ? { type: 'stopped', cause: 'requested' } : { type: 'stopped', cause: 'shutdown', reason: why.reason };

const isSubtree = (spec: ChildSpec): spec is SubtreeSpec => 'children' in spec;

/** The whole life of a tree, as a run its parent (or `supervisor`) drives. @internal */
export function tree$(spec: SupervisorSpec, scheduler: SchedulerLike, stop: StopRequest): Observable<RunSignal> {
  return new Observable<RunSignal>(out => {
    const strategy = spec.strategy ?? 'one-for-one';
    const intensity = spec.intensity ?? otpIntensity;
    const random = spec.random ?? Math.random;
    const treeBackoff = backoffOf(spec.backoff);
    const startedAt = scheduler.now();
    const slots: Slot[] = spec.children.map((child, index) => ({
      spec: child,
      id: child.id,
      index,
      rule: restartRule(child.restart ?? 'permanent', child.maxRestarts),
      backoff: backoffOf(isSubtree(child) ? undefined : child.backoff, treeBackoff),
      state: 'waiting',
      run: undefined,
      launches: 0,
      attempt: 0,
      restarts: 0,
      restartAttempt: undefined,
      cleaned: false,
      retiring: undefined,
    }));
    let history: readonly number[] = [];
    let finishing = false;
    let announcedReady = false;
    /** Backoff timers and group restarts in progress: cancelled when the tree finishes. */
    const pending = new Subscription();

    const say = (body: SupervisorEventBody, child?: string): void => {
      const event = { ...body, at: scheduler.now(), ...(child === undefined ? {} : { child }) } as SupervisorEvent;
      out.next({ kind: 'event', event });
    };
    const background = (work$: Observable<unknown>): void => {
      const holder = new Subscription();
      pending.add(holder);
      holder.add(work$.subscribe({ complete: () => pending.remove(holder), error: () => pending.remove(holder) }));
    };
    const release$ = (slot: Slot): Observable<never> => defer(() => {
      if (slot.cleaned || isSubtree(slot.spec) || slot.spec.cleanup === undefined) return EMPTY;
      slot.cleaned = true;
      return cleanup$(slot.spec.cleanup).pipe(
        catchError((error: unknown) => { say({ type: 'failed', phase: 'cleanup', error }, slot.id); return EMPTY; }),
      );
    });
    /** Requests a child's stop and completes once its run ended. */
    const halt$ = (slot: Slot, why: StopReason): Observable<never> => defer(() => {
      const run = slot.run;
      if (run === undefined || !run.alive) return EMPTY;
      run.stop.request(why);
      return run.ended.pipe(ignoreElements());
    });

    const launch = (slot: Slot): void => {
      const run: SlotRun = { stop: new StopRequest(), ended: new AsyncSubject<RunEnd>(), ready: false, alive: true };
      slot.run = run;
      slot.state = 'running';
      slot.launches += 1;
      if (slot.restartAttempt !== undefined) say({ type: 'restarting', attempt: slot.restartAttempt }, slot.id);
      slot.restartAttempt = undefined;
      const child = slot.spec;
      const run$ = isSubtree(child) ? tree$(child, scheduler, run.stop) : life$(child.start, child, scheduler, run.stop);
      run$.subscribe({
        next: signal => {
          if (signal.kind === 'event') out.next({ kind: 'event', event: tagged(signal.event, slot.id) });
          else if (signal.kind === 'ready') {
            if (!run.ready) { run.ready = true; advance(); }
          } else ended(slot, run, signal.end);
        },
        error: (error: unknown) => ended(slot, run, {
          requested: run.stop.requested, failed: true, uptimeMs: 0, reason: `failed: ${errorMessage(error)}`,
        }),
      });
    };

    /** Starts the first child that waits, if every child before it is ready. */
    const advance = (): void => {
      if (finishing) return;
      for (const slot of slots) {
        if (slot.state === 'done') continue;
        if (slot.state === 'running' && slot.run?.ready === true) continue;
        if (slot.state === 'waiting') launch(slot);
        return;
      }
      if (!announcedReady && slots.some(slot => slot.state !== 'done')) {
        announcedReady = true;
        out.next({ kind: 'ready' });
      }
    };

    const ended = (slot: Slot, run: SlotRun, end: RunEnd): void => {
      if (!run.alive) return;
      run.alive = false;
      run.ended.next(end);
      run.ended.complete();
      // A stop the tree requested is awaited by whoever requested it.
      if (finishing || end.requested || slot.run !== run) return;
      incident(slot, end);
    };

    /**
     * Finishes a child for good: its cleanup, then its `stopped` (unless it never ran). Starts at once and runs
     * to its end whatever the tree does meanwhile: a stop of the tree waits for it rather than cutting the
     * cleanup short. The Observable returned completes when it is done.
     */
    const retire = (slot: Slot, stopped: StoppedBody | undefined): Observable<never> => {
      slot.state = 'done';
      slot.run = undefined;
      const done = new AsyncSubject<never>();
      slot.retiring = done;
      concat(release$(slot), defer(() => {
        if (stopped !== undefined && !isSubtree(slot.spec)) say(stopped, slot.id);
        if (!finishing && slots.every(s => s.state === 'done')) finish('policy');
        else advance();
        return EMPTY;
      })).subscribe(done);
      return done;
    };

    /** A child ended on its own: restart it (and siblings, by the strategy), let it rest, or give up. */
    const incident = (slot: Slot, end: RunEnd): void => {
      if (slot.state !== 'running') return; // already part of a sibling's restart
      if (!wantsRestart(slot.rule, end)) {
        retire(slot, { type: 'stopped', cause: 'policy' });
        return;
      }
      const giveUp = (why: string): void => finish('gave-up', `child '${slot.id}' ${why}`, { slot, reason: why });
      const max = slot.rule.maxRestarts;
      if (max !== undefined && slot.restarts >= max) {
        giveUp(`${end.reason}; no restart left (at most ${max})`);
        return;
      }
      const check = countRestart(history, scheduler.now(), intensity);
      if (check.exceeded) {
        giveUp(`${end.reason}; ${intensityReason(check, intensity)}`);
        return;
      }
      history = check.history;
      slot.restarts += 1;
      slot.attempt = nextAttempt(slot.backoff, slot.attempt, end.uptimeMs);
      const attempt = slot.attempt;
      const delayMs = backoffDelay(slot.backoff, attempt, random);
      slot.state = 'backoff';
      slot.run = undefined;
      const siblings = slots.filter(s => s !== slot && s.state === 'running' && (
        strategy === 'one-for-all' || (strategy === 'rest-for-one' && s.index > slot.index)));
      for (const s of siblings) s.state = 'stopping'; // so that `advance` leaves them alone meanwhile
      say({ type: 'backoff', delayMs, attempt }, slot.id);
      const why: StopReason = { cause: 'shutdown', reason: `stopped for the restart of '${slot.id}' (${strategy})` };
      background(concat(
        ...siblings.reverse().map(s => concat(halt$(s, why), defer(() => {
          if (s.rule.when === 'never') return retire(s, stoppedBy(why)); // temporary children are not restarted
          s.state = 'waiting';
          s.run = undefined;
          s.restartAttempt = attempt;
          return EMPTY;
        }))),
        timer(delayMs, scheduler).pipe(ignoreElements()),
        defer(() => {
          slot.state = 'waiting';
          slot.restartAttempt = attempt;
          advance();
          return EMPTY;
        }),
      ));
    };

    /**
     * Stops every child in reverse order (waiting for those already finishing), cleans up, says how the tree
     * ended, and completes. Giving up, `culprit` is the child that made the tree give up.
     */
    const finish = (how: 'policy' | 'requested' | 'gave-up', reason?: string, culprit?: { slot: Slot; reason: string }): void => {
      if (finishing) return;
      finishing = true;
      pending.unsubscribe();
      const why: StopReason = how === 'gave-up' ? { cause: 'shutdown', reason: `the supervisor gave up: ${reason}` } : stop.reason;
      concat(
        ...[...slots].reverse().map(slot => defer(() => {
          if (slot.retiring !== undefined) return slot.retiring; // already finishing: its cleanup is never cut short
          const stopped: StoppedBody = slot === culprit?.slot
            ? { type: 'stopped', cause: 'gave-up', reason: culprit.reason }
            : stoppedBy(why);
          const wasLaunched = slot.launches > 0;
          return concat(halt$(slot, why), defer(() => retire(slot, wasLaunched ? stopped : undefined)));
        })),
        defer(() => {
          const sentence = reason ?? (how === 'policy' ? 'every child finished' : 'stop requested');
          say(how === 'gave-up' ? { type: 'gave-up', reason: sentence } : how === 'policy' ? { type: 'stopped', cause: 'policy' } : stoppedBy(stop.reason));
          out.next({ kind: 'end', end: { requested: how === 'requested', failed: how === 'gave-up', uptimeMs: scheduler.now() - startedAt, reason: how === 'gave-up' ? `gave up: ${sentence}` : sentence } });
          out.complete();
          return EMPTY;
        }),
      ).subscribe(); // never cut short: it is how the tree ends
    };

    const stopping = stop.requested$.subscribe(() => finish('requested'));
    advance();
    return () => stopping.unsubscribe();
  });
}
