/**
 * What a supervisor started anew does with each child, from what it finds in the daemon: the child's container
 * (its labels) and that container's task (its state). Pure, so that every case is a row of a table spec.
 *
 * | container | labels | task | plan |
 * |---|---|---|---|
 * | none | | | `fresh`: create the container, start a task |
 * | found | not ours, newer, unreadable | any | `left-alone`: never signalled nor deleted |
 * | found | ours | none | `new-task`: start a task in it, the restart count resumed |
 * | found | ours | running, paused, pausing, unknown | `running`: watched as it is, not restarted |
 * | found | ours | stopped | `stopped`: its exit (the daemon's code and time) goes to the restart policy |
 * | found | ours | created | `created`: started, as the earlier supervisor was about to |
 * @module
 */
import type { ExitStatus } from '../process/types.js';
import { exitStatusOf } from '../proto/exit-status.js';
import { readOwnership } from './adopt-labels.js';
import type { RestartCount } from './restart.js';

/** A task as Tasks.Get reports it. */
export interface FoundTask {
  /** The daemon's state of the process. */
  readonly status: 'created' | 'running' | 'pausing' | 'paused' | 'stopped' | 'unknown';
  /** Its host pid (0 when none). */
  readonly pid: number;
  /** Its exit code, once stopped. */
  readonly exitStatus?: number;
  /** When it exited, once stopped. */
  readonly exitedAt?: Date;
}

/** What to do with one child. */
export type AdoptPlan =
  | {
      /** No container: create it, then start a task. */
      readonly kind: 'fresh';
    }
  | {
      /** Not ours, newer, or unreadable: never signalled nor deleted. */
      readonly kind: 'left-alone';
      /** Why, naming the label. */
      readonly reason: string;
    }
  | {
      /** Ours, without a task: start one in it. */
      readonly kind: 'new-task';
      /** Where the restarts stand, from the labels. */
      readonly count: RestartCount;
    }
  | {
      /** Ours, its task running (or paused): watched as it is, not restarted. */
      readonly kind: 'running';
      /** Where the restarts stand, from the labels. */
      readonly count: RestartCount;
      /** Its host pid. */
      readonly pid: number;
      /** When it started (ms since the epoch), when recorded. */
      readonly startedAt: number | undefined;
    }
  | {
      /** Ours, its task stopped while nobody supervised it: the exit goes to the restart policy. */
      readonly kind: 'stopped';
      /** Where the restarts stand, from the labels. */
      readonly count: RestartCount;
      /** The pid it had. */
      readonly pid: number;
      /** The daemon's exit code and time. */
      readonly status: ExitStatus;
      /** When it started (ms since the epoch), when recorded. */
      readonly startedAt: number | undefined;
    }
  | {
      /** Ours, its task created but never started: start it. */
      readonly kind: 'created';
      /** Where the restarts stand, from the labels. */
      readonly count: RestartCount;
    };

/**
 * The plan for child `child` of supervisor `owner`, given its container's labels (undefined: no container) and
 * its task (undefined: none).
 *
 * @example
 * ```ts
 * adoptPlan(labels, 'shop', 'db', { status: 'stopped', pid: 4242, exitStatus: 3, exitedAt });
 * // { kind: 'stopped', count, pid: 4242, status: { code: 3, exitedAt }, startedAt }
 * ```
 */
export function adoptPlan(
  labels: Readonly<Record<string, string>> | undefined,
  owner: string,
  child: string,
  task: FoundTask | undefined,
): AdoptPlan {
  if (labels === undefined) return { kind: 'fresh' };
  const ownership = readOwnership(labels, owner, child);
  if (ownership.kind === 'left-alone') return ownership;
  const { count, startedAt } = ownership;
  if (task === undefined) return { kind: 'new-task', count };
  switch (task.status) {
    case 'created': return { kind: 'created', count };
    case 'stopped': return {
      kind: 'stopped', count, pid: task.pid, startedAt,
      status: exitStatusOf(task.exitStatus ?? 0, task.exitedAt ?? new Date(0)),
    };
    default: return { kind: 'running', count, pid: task.pid, startedAt };
  }
}
