/**
 * The state of a supervisor tree, what happens to it, and what it asks to be done: the vocabulary of the pure
 * transition in tree-transition.ts. Children are named by id in events and effects; times are the
 * scheduler's clock in ms, carried by each event.
 * @internal
 * @module
 */
import { backoffOf } from '../streams/backoff.js';
import type { SupervisorEventBody } from './events.js';
import { intensityOf, type Intensity, otpIntensity } from './intensity.js';
import { restartRule } from './policy.js';
import type { RestartCount, RestartLimits } from './restart.js';
import type { RunEnd } from './run.js';
import type { StopReason } from './stop-request.js';
import { isSubtree, type Strategy, type SupervisorSpec } from './tree-spec.js';

/** What the transition needs to know of a child's spec. */
export interface ChildConfig {
  readonly id: string;
  readonly limits: RestartLimits;
  readonly subtree: boolean;
  /** It has a cleanup to run once it is finished for good. */
  readonly cleanup: boolean;
}

/** What the transition needs to know of the tree's spec. */
export interface TreeConfig {
  readonly strategy: Strategy;
  readonly intensity: Intensity;
  readonly children: readonly ChildConfig[];
}

/**
 * - `waiting`: to be launched once every child before it is ready;
 * - `running`: a run was launched (it may have ended: see `alive`);
 * - `stopping`: stopped for a sibling's restart;
 * - `backoff`: failed, to be launched again after its restart delay;
 * - `deleting`: finished for good, its cleanup running; `done`: finished for good.
 */
export type ChildStatus = 'waiting' | 'running' | 'stopping' | 'backoff' | 'deleting' | 'done';

/** A `stopped` event body. */
export type StoppedBody = Extract<SupervisorEventBody, { readonly type: 'stopped' }>;

export interface ChildState {
  readonly id: string;
  readonly status: ChildStatus;
  /** Runs launched so far; the current (or last) run is number `runs`. */
  readonly runs: number;
  /** The current run has not ended yet. */
  readonly alive: boolean;
  /** The current run said it is ready. */
  readonly ready: boolean;
  /** The backoff attempt of its last restart. */
  readonly attempt: number;
  readonly restarts: number;
  /** Set when its next launch is a restart: the attempt that `restarting` reports. */
  readonly restartAttempt: number | undefined;
  /** While `deleting`: the `stopped` to tell once the cleanup is done (none for a child that never ran). */
  readonly stopped: StoppedBody | undefined;
}

/** A restart in progress: the siblings to stop first (one at a time), then the failed child's delay. */
export interface RestartPlan {
  /** The failed child. */
  readonly child: string;
  readonly attempt: number;
  readonly delayMs: number;
  readonly why: StopReason;
  /** The siblings still to stop, in reverse start order; the first is being stopped or deleted. Empty: the delay runs. */
  readonly queue: readonly string[];
}

/** The tree's end in progress: every child stopped and finished, in reverse order. */
export interface Finishing {
  readonly how: 'policy' | 'requested' | 'gave-up';
  /** The sentence of the end. */
  readonly reason: string;
  /** The child stopped with cause `gave-up`, and why. */
  readonly culprit: { readonly child: string; readonly reason: string } | undefined;
  readonly why: StopReason;
  /** The children still to finish; the first is being stopped or deleted. */
  readonly queue: readonly string[];
}

export interface TreeState {
  readonly children: readonly ChildState[];
  /** The restart times the intensity counts. */
  readonly history: readonly number[];
  readonly plans: readonly RestartPlan[];
  readonly finishing: Finishing | undefined;
  /** The tree told its parent it is ready. */
  readonly announcedReady: boolean;
  readonly startedAt: number;
  /** The tree ended: later events change nothing. */
  readonly ended: boolean;
}

/** What happens to a tree; `at` is the clock when it happened. */
export type TreeEvent = (
  | { readonly type: 'begin' }
  | { readonly type: 'ready'; readonly child: string; readonly run: number }
  | { readonly type: 'ended'; readonly child: string; readonly run: number; readonly end: RunEnd }
  | { readonly type: 'stop'; readonly why: StopReason }
  /** A restart delay is over. */
  | { readonly type: 'elapsed'; readonly child: string }
  /** A cleanup is done (it failed or not). */
  | { readonly type: 'cleaned'; readonly child: string }
) & { readonly at: number };

/** What a transition asks its runner to do, in order. */
export type TreeEffect =
  /** Start run number `run` of the child. */
  | { readonly kind: 'launch'; readonly child: string; readonly run: number }
  /** Tell an event: the tree's own without `child`. */
  | { readonly kind: 'emit'; readonly body: SupervisorEventBody; readonly child?: string }
  /** Request the stop of the child's current run. */
  | { readonly kind: 'terminate'; readonly child: string; readonly why: StopReason }
  /** Wait out a restart delay, then report `elapsed`. */
  | { readonly kind: 'delay'; readonly child: string; readonly delayMs: number }
  /** Drop every restart delay still running. */
  | { readonly kind: 'cancel-delays' }
  /** Run the child's cleanup, then report `cleaned`. */
  | { readonly kind: 'cleanup'; readonly child: string }
  /** Tell the parent the tree is ready. */
  | { readonly kind: 'ready' }
  /** Tell the parent how the tree ended, and complete. */
  | { readonly kind: 'end'; readonly end: RunEnd };

/** The configuration of a (checked) spec. */
export function treeConfig(spec: SupervisorSpec): TreeConfig {
  const treeBackoff = backoffOf(spec.backoff);
  const intensity = intensityOf(spec.intensity ?? otpIntensity);
  const random = spec.random ?? Math.random;
  return {
    strategy: spec.strategy ?? 'one-for-one',
    intensity,
    children: spec.children.map(child => ({
      id: child.id,
      subtree: isSubtree(child),
      cleanup: !isSubtree(child) && child.cleanup !== undefined,
      limits: {
        rule: restartRule(child.restart ?? 'permanent', child.maxRestarts),
        backoff: backoffOf(isSubtree(child) ? undefined : child.backoff, treeBackoff),
        intensity,
        random,
      },
    })),
  };
}

/**
 * A tree before anything happened: every child waiting. `resumed` gives the restart counts an earlier supervisor
 * left (by child id); the tree's intensity history is every child's restart times together.
 */
export function initialTree(config: TreeConfig, at: number, resumed: ReadonlyMap<string, RestartCount> = new Map()): TreeState {
  return {
    children: config.children.map(({ id }) => ({
      id, status: 'waiting', runs: 0, alive: false, ready: false, attempt: resumed.get(id)?.attempt ?? 0,
      restarts: resumed.get(id)?.restarts ?? 0, restartAttempt: undefined, stopped: undefined,
    })),
    history: [...resumed.values()].flatMap(count => count.history).sort((a, b) => a - b),
    plans: [],
    finishing: undefined,
    announcedReady: false,
    startedAt: at,
    ended: false,
  };
}
