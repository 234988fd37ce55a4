/**
 * What a supervisor tree is made of: its children, each a worker (one process) or a subtree, and how the tree
 * restarts them.
 * @module
 */
import type { Observable } from 'rxjs';
import type { Backoff } from '../streams/backoff.js';
import type { Cleanup } from './cleanup.js';
import type { IntensityOption } from './intensity.js';
import type { LifeOptions } from './life.js';
import type { RestartPolicy } from './policy.js';
import type { StartProcess, SupervisedProcess } from './supervised-process.js';

/** How a tree reacts to a child that must be restarted. */
export type Strategy = 'one-for-one' | 'one-for-all' | 'rest-for-one';

/** A child that is one process. */
export interface WorkerSpec<P extends SupervisedProcess = SupervisedProcess> extends LifeOptions<P> {
  /** Unique among its siblings, without '/'. Events about this child carry it in `child`. */
  readonly id: string;
  /** Creates the worker's process (created, not started), each time it (re)starts. */
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
  /** The tree's children, started in this order and stopped in the reverse order. */
  readonly children: readonly ChildSpec[];
  /** Default `'one-for-one'`. */
  readonly strategy?: Strategy;
  /**
   * At most `intensity` restarts within `periodMs`, over all children; one more and the tree gives up.
   * The deprecated `{ maxRestarts, withinMs }` is accepted too. Default {@link otpIntensity}: 1 within 5 s.
   */
  readonly intensity?: IntensityOption;
  /** The backoff of every child that does not have its own. Default {@link defaultBackoff}. */
  readonly backoff?: Partial<Backoff>;
  /** Stops the tree when it emits (top-level trees; a parent stops its subtrees itself). */
  readonly stop?: Observable<unknown>;
  /** The randomness behind backoff jitter, in [0, 1). */
  readonly random?: () => number;
}

/** A child that is itself a tree. */
export interface SubtreeSpec extends SupervisorSpec {
  /** The subtree's id, unique among its siblings: a segment of its children's paths. */
  readonly id: string;
  /** Which endings call for a restart: giving up is a failure, every child finishing is not. Default `'permanent'`. */
  readonly restart?: RestartPolicy;
  /** How many restarts of its children within `withinMs` the subtree tolerates before it gives up. */
  readonly maxRestarts?: number;
}

/** A worker or a subtree. */
export type ChildSpec = WorkerSpec | SubtreeSpec;

/** Whether a child is a subtree. @internal */
export const isSubtree = (spec: ChildSpec): spec is SubtreeSpec => 'children' in spec;
