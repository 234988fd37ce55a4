/**
 * What a supervisor tells about the lives it supervises: a discriminated union on `type`.
 *
 * One life: `starting` → `started` {pid} → (`healthy` | `unhealthy` | `memory-exceeded`)* → `exited` {status,
 * reason?}; between lives
 * `backoff` {delayMs, attempt} → `restarting` {attempt}; at the end exactly one of `stopped` {cause} or
 * `gave-up` {reason}, after which the Observable completes and every process it started is gone.
 * `failed` reports an operation that went wrong (create, start, wait, delete, cleanup) without ending the
 * supervisor: a supervisor's Observable does not error, its failures are values.
 *
 * Every event carries `at`, the scheduler's clock when it happened, and, inside a supervisor tree, `child`:
 * the id path of the child it concerns (`'backend/db'`); a tree's own events have no `child`.
 *
 * @example
 * ```ts
 * supervise(start, { restart: 'always' }).subscribe(e => {
 *   if (e.type === 'exited') console.log(`${e.child ?? 'process'} exited with ${e.status.code}`);
 * });
 * ```
 * @module
 */
import type { ExitStatus } from '../process/types.js';

/**
 * Why a process exited, when the supervisor knows more than its exit status says:
 *
 * - `'oom'`: the kernel's OOM killer killed it (its container reached its memory limit);
 * - `'max-memory'`: the supervisor stopped it for using more than `maxMemoryBytes`.
 */
export type ExitReason = 'oom' | 'max-memory';

/** The operation a `failed` event reports. */
export type FailedPhase = 'create' | 'start' | 'wait' | 'delete' | 'cleanup' | 'persist';

/**
 * Why a process (or a supervisor) stopped for good:
 *
 * - `'policy'`: it ended on its own and its restart policy lets it rest;
 * - `'requested'`: a stop was asked for (unsubscribing, or the `stop` notifier of this supervisor or of a tree
 *   above it);
 * - `'gave-up'`: it failed and its tree gave up restarting it (its `maxRestarts` used up, or the tree's
 *   intensity exceeded); the tree's `gave-up` follows;
 * - `'shutdown'`: its tree stopped it without being asked to, as OTP's supervisors shut a child down: the tree
 *   gave up because of another child, or a sibling's restart (one-for-all, rest-for-one) stopped this temporary
 *   child, which is not started again.
 *
 * - `'detached'`: a container-aware supervisor let go of its processes without stopping them (its `detach`
 *   notifier), for a supervisor started anew to adopt.
 *
 * `'gave-up'` and `'shutdown'` come with a `reason`.
 */
export type StopCause = 'policy' | 'requested' | 'gave-up' | 'shutdown' | 'detached';

/** An event without its `at` and `child`: what happened. */
export type SupervisorEventBody =
  | {
      /** The process is being created. */
      readonly type: 'starting';
    }
  | {
      /** The process started. */
      readonly type: 'started';
      /** Its host pid. */
      readonly pid: number;
    }
  | {
      /**
       * A supervisor started anew took over a process an earlier supervisor left behind, without restarting it
       * (`state: 'running'`, ready as `started` is), or found it exited while nobody supervised it
       * (`state: 'stopped'`: its `exited` follows, with the daemon's exit code and time, and the restart policy
       * applies as to any exit).
       */
      readonly type: 'adopted';
      /** Its host pid (the one it had when it exited, for a stopped one; 0 when the daemon did not keep it). */
      readonly pid: number;
      /** What the daemon said of it: still running (or paused), or stopped. */
      readonly state: 'running' | 'stopped';
      /** The restarts counted so far, as the container's labels kept them. */
      readonly restarts: number;
    }
  | {
      /**
       * A container the supervisor would have used was left alone, never signalled nor deleted: its labels
       * name another supervisor or child, are of a newer schema, or cannot be read. The child cannot start
       * (a `failed` create follows).
       */
      readonly type: 'left-alone';
      /** The container's id. */
      readonly containerId: string;
      /** Why, as a sentence naming the label. */
      readonly reason: string;
    }
  | {
      /** Its startup probe succeeded: health checks start now. */
      readonly type: 'startup-succeeded';
    }
  | {
      /** Its health check passed (after failing, or for the first time). */
      readonly type: 'healthy';
    }
  | {
      /** Its health check failed as many times in a row as allowed. */
      readonly type: 'unhealthy';
      /** The last check's failure, in words. */
      readonly reason: string;
    }
  | {
      /** The process exited. */
      readonly type: 'exited';
      /** Its exit status. */
      readonly status: ExitStatus;
      /**
       * Why, when it was not simply its own doing or a stop: `'oom'` when the kernel's OOM killer killed it
       * (`status.oomKilled`), `'max-memory'` when the supervisor restarted it for going over `maxMemoryBytes`.
       */
      readonly reason?: ExitReason;
    }
  | {
      /**
       * Its memory went over `maxMemoryBytes` (pm2's max_memory_restart): the supervisor stops it gracefully,
       * and its exit counts as a failure for the restart policy.
       */
      readonly type: 'memory-exceeded';
      /** The working set it was seen using, in bytes (see `MemoryMetrics.workingSetBytes`). */
      readonly usageBytes: number;
      /** The limit it went over, in bytes. */
      readonly maxMemoryBytes: number;
    }
  | {
      /** The supervisor waits before the next start. */
      readonly type: 'backoff';
      /** How long, in ms. */
      readonly delayMs: number;
      /** The restart it waits for: 1 for the first. */
      readonly attempt: number;
    }
  | {
      /** The supervisor restarts the process. */
      readonly type: 'restarting';
      /** Which restart: 1 for the first. */
      readonly attempt: number;
    }
  | {
      /**
       * The logger writing the process's output (its container's `log` option) was killed: the process runs on,
       * its output is lost until its next start (which starts a new logger).
       */
      readonly type: 'logger-lost';
      /** The logger's pid, when its pid file named one. */
      readonly pid?: number;
    }
  | {
      /** A call of the process's life failed. */
      readonly type: 'failed';
      /** Which one: create, start, wait, delete, cleanup, or persist (a write of the restart state in labels). */
      readonly phase: FailedPhase;
      /** What it threw. */
      readonly error: unknown;
    }
  | {
      /** The supervisor gave up: too many restarts in the window, or a policy that does not restart. */
      readonly type: 'gave-up';
      /** Why, as a sentence. */
      readonly reason: string;
    }
  | {
      /** The supervised life ended on a stop. */
      readonly type: 'stopped';
      /** Who stopped it: the policy, a request, a give-up, a tree's shutdown. */
      readonly cause: StopCause;
      /** Why, as a sentence, when known. */
      readonly reason?: string;
    };

/** Where and when an event happened. */
export interface EventStamp {
  /** `scheduler.now()` when the event was emitted. */
  readonly at: number;
  /** Inside a supervisor tree, the id path of the child concerned; absent for the tree's own events. */
  readonly child?: string;
}

/** One thing a supervisor tells. Narrow on `type`. */
export type SupervisorEvent = SupervisorEventBody & EventStamp;

/** The `type`s of {@link SupervisorEvent}. */
export type SupervisorEventType = SupervisorEvent['type'];

/** The event of a given type. */
export type SupervisorEventOf<T extends SupervisorEventType> = Extract<
  SupervisorEvent,
  {
    /** The type asked for. */
    readonly type: T;
  }
>;

/**
 * Whether this is the last event of a supervisor (`stopped` or `gave-up` without a `child`). A child's own
 * `stopped` or `gave-up` is not: a tree may start that child again.
 *
 * @example
 * ```ts
 * events$.pipe(takeWhile(e => !isFinal(e), true))
 * ```
 */
export function isFinal(e: SupervisorEvent): boolean {
  return (e.type === 'stopped' || e.type === 'gave-up') && e.child === undefined;
}

/**
 * A type guard for events of the given types, for `filter`.
 *
 * @example
 * ```ts
 * events$.pipe(filter(ofType('exited')), map(e => e.status.code))
 * ```
 */
export function ofType<T extends SupervisorEventType>(...types: T[]): (e: SupervisorEvent) => e is SupervisorEventOf<T> {
  return (e): e is SupervisorEventOf<T> => (types as string[]).includes(e.type);
}
