/**
 * The Tasks.Metrics calls of one task: packed, decoded, and polled until the task exits.
 * @module
 */
import { defer, map, type Observable, type SchedulerLike } from 'rxjs';
import type { CallPort } from '../../client/call-port.js';
import { invalidArgument, NotFoundError } from '../../client/errors.js';
import type { TaskMetric } from '../../proto/answers.js';
import { Tasks } from '../../proto/services.js';
import { decodeMetrics } from './decode-metrics.js';
import { pollMetrics$ } from './poll-metrics.js';
import type { MetricsOptions, TaskMetrics } from './task-metrics.js';

const CALL = '/containerd.services.tasks.v1.Tasks/Metrics';

/**
 * The packed metrics of task `containerId` (one Tasks.Metrics filtered on its id). NotFoundError when the
 * daemon has none for it: the task is gone, or its shim could not read its cgroup.
 */
export function rawMetrics$(port: Pick<CallPort, 'call$'>, containerId: string): Observable<TaskMetric> {
  return port.call$(Tasks.metrics, { filters: [`id==${containerId}`] }).pipe(
    map(({ metrics }) => {
      const m = metrics.find((x) => x.id === containerId);
      if (!m) throw new NotFoundError({ code: 5, daemonMessage: `no metrics for task ${containerId}`, call: CALL });
      return m;
    }),
  );
}

/**
 * The decoded metrics of task `containerId`: once, or with `intervalMs` every so often until `exit$` emits.
 * `intervalMs` is checked at subscription: an InvalidArgumentError naming it, before any call.
 */
export function taskMetrics$(
  port: Pick<CallPort, 'call$'>,
  containerId: string,
  exit$: () => Observable<unknown>,
  options: MetricsOptions | undefined,
  scheduler?: SchedulerLike,
): Observable<TaskMetrics> {
  return defer(() => {
    if (options !== undefined && (typeof options !== 'object' || options === null)) {
      throw invalidArgument(CALL, `options must be an object such as { intervalMs: 1000 }, got ${String(options)}`);
    }
    const once$ = (): Observable<TaskMetrics> => rawMetrics$(port, containerId).pipe(map(decodeMetrics));
    const intervalMs = options?.intervalMs;
    if (intervalMs === undefined) return once$();
    if (typeof intervalMs !== 'number' || !Number.isFinite(intervalMs) || intervalMs <= 0 || intervalMs > 2 ** 31 - 1) {
      throw invalidArgument(CALL, `intervalMs must be a positive number of ms (at most 2^31 - 1), got ${String(intervalMs)}`);
    }
    return pollMetrics$(once$, exit$(), intervalMs, scheduler);
  });
}
