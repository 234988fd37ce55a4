/**
 * The labels a container-aware supervisor puts on the containers it makes, and reads back when it starts anew:
 * who owns the container (supervisor and child names), and where its restarts stand (count, backoff attempt,
 * restart times, start time), rewritten at each restart as containerd's restart monitor keeps its own state in
 * labels. Pure: reading labels never throws; what cannot be read is a reason to leave the container alone.
 *
 * | label | value |
 * |---|---|
 * | `rx-containerd/schema` | the version of this set of labels, decimal (1) |
 * | `rx-containerd/supervisor` | the owner: the supervisor's name |
 * | `rx-containerd/child` | the child's name in that supervisor |
 * | `rx-containerd/policy` | its restart policy, for people reading the labels |
 * | `rx-containerd/restarts` | restarts so far, decimal |
 * | `rx-containerd/attempt` | the backoff attempt of the last restart, decimal |
 * | `rx-containerd/restart-times` | the last restarts' times, ms since the epoch, comma-separated (intensity) |
 * | `rx-containerd/started-at` | when the current process started, ms since the epoch |
 * @module
 */
import type { RestartCount } from './restart.js';

/** The label names, by what they hold. */
export const adoptLabels = Object.freeze({
  schema: 'rx-containerd/schema',
  supervisor: 'rx-containerd/supervisor',
  child: 'rx-containerd/child',
  policy: 'rx-containerd/policy',
  restarts: 'rx-containerd/restarts',
  attempt: 'rx-containerd/attempt',
  restartTimes: 'rx-containerd/restart-times',
  startedAt: 'rx-containerd/started-at',
});

/** The schema version this library writes and reads; a container labelled with a newer one is left alone. */
export const ADOPT_SCHEMA = 1;

/** How many restart times are kept in the labels: enough for any sensible intensity. */
const KEPT_TIMES = 32;

/** What the labels of a container say to the supervisor that reads them. */
export type Ownership =
  | {
      /** The container is this child's: resume from its state. */
      readonly kind: 'ours';
      /** Where the restarts stand: count, backoff attempt, restart times. */
      readonly count: RestartCount;
      /** When its current process started (ms since the epoch), when recorded. */
      readonly startedAt: number | undefined;
    }
  | {
      /** Not ours, or not readable: never signalled nor deleted. */
      readonly kind: 'left-alone';
      /** Why, naming the label. */
      readonly reason: string;
    };

const decimal = /^(0|[1-9]\d{0,14})$/;

/**
 * Reads a container's labels for supervisor `owner`'s child `child`.
 *
 * @example
 * ```ts
 * readOwnership({ 'rx-containerd/schema': '1', 'rx-containerd/supervisor': 'shop', 'rx-containerd/child': 'db',
 *   'rx-containerd/restarts': '2' }, 'shop', 'db');
 * // { kind: 'ours', count: { restarts: 2, attempt: 0, history: [] }, startedAt: undefined }
 * readOwnership({ 'rx-containerd/schema': '2', ... }, 'shop', 'db');
 * // { kind: 'left-alone', reason: 'label rx-containerd/schema is 2, newer than this supervisor reads (1)' }
 * ```
 */
export function readOwnership(labels: Readonly<Record<string, string>>, owner: string, child: string): Ownership {
  const leave = (reason: string): Ownership => ({ kind: 'left-alone', reason });
  const schema = labels[adoptLabels.schema];
  const by = labels[adoptLabels.supervisor];
  if (schema === undefined && by === undefined) return leave(`it has no ${adoptLabels.supervisor} label: no supervisor made it`);
  if (schema === undefined || !decimal.test(schema)) return leave(`label ${adoptLabels.schema} is ${JSON.stringify(schema ?? null)}, not a schema version this supervisor reads`);
  if (Number(schema) > ADOPT_SCHEMA) return leave(`label ${adoptLabels.schema} is ${schema}, newer than this supervisor reads (${ADOPT_SCHEMA})`);
  if (by !== owner) return leave(`label ${adoptLabels.supervisor} is ${JSON.stringify(by ?? null)}: another supervisor's container`);
  const of = labels[adoptLabels.child];
  if (of !== child) return leave(`label ${adoptLabels.child} is ${JSON.stringify(of ?? null)}, not ${JSON.stringify(child)}: another child's container`);
  const number = (name: string, fallback: number | undefined): number | undefined | string => {
    const value = labels[name];
    if (value === undefined) return fallback;
    return decimal.test(value) ? Number(value) : `label ${name} is ${JSON.stringify(value)}, not a decimal number`;
  };
  const restarts = number(adoptLabels.restarts, 0);
  const attempt = number(adoptLabels.attempt, 0);
  const startedAt = number(adoptLabels.startedAt, undefined);
  for (const value of [restarts, attempt, startedAt]) if (typeof value === 'string') return leave(value);
  const times = labels[adoptLabels.restartTimes];
  const history = times === undefined || times === '' ? [] : times.split(',');
  if (history.some(t => !decimal.test(t))) return leave(`label ${adoptLabels.restartTimes} is ${JSON.stringify(times)}, not decimal numbers separated by commas`);
  return {
    kind: 'ours',
    count: { restarts: restarts as number, attempt: attempt as number, history: history.map(Number) },
    startedAt: startedAt as number | undefined,
  };
}

/** The labels a new container of supervisor `owner`'s child `child` gets. */
export function ownerLabels(owner: string, child: string, policy: string): Record<string, string> {
  return {
    [adoptLabels.schema]: String(ADOPT_SCHEMA),
    [adoptLabels.supervisor]: owner,
    [adoptLabels.child]: child,
    [adoptLabels.policy]: policy,
    [adoptLabels.restarts]: '0',
  };
}

/** The labels that record where the restarts stand (the last {@link KEPT_TIMES} restart times). */
export function countLabels(count: RestartCount): Record<string, string> {
  return {
    [adoptLabels.restarts]: String(count.restarts),
    [adoptLabels.attempt]: String(count.attempt),
    [adoptLabels.restartTimes]: count.history.slice(-KEPT_TIMES).map(t => String(Math.round(t))).join(','),
  };
}

/** The label that records when the current process started (ms since the epoch). */
export function startedLabels(at: number): Record<string, string> {
  return { [adoptLabels.startedAt]: String(Math.round(at)) };
}
