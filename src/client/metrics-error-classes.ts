/**
 * The typed error of a task's metrics the library cannot read: a type it does not know, or bytes that are not
 * the message their type names.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { nameErrorClass } from './error-base.js';
import { UnknownError } from './error-classes.js';

/** What went wrong with a task's metrics: a type the library does not know, or bytes it cannot decode. */
export type MetricsProblem = 'unknown-type' | 'malformed';

/** What a {@link MetricsDecodeError} names. */
export interface MetricsDecodeDetails {
  /** The container whose metrics they were. */
  readonly containerId: string;
  /** The type the daemon packed them as, e.g. `'io.containerd.cgroups.v1.Metrics'`. */
  readonly typeUrl: string;
  /** `'unknown-type'`: neither cgroup v1 nor v2 statistics; `'malformed'`: bytes that are not their type. */
  readonly problem: MetricsProblem;
  /** The decoder's error, for malformed bytes. */
  readonly cause?: unknown;
}

/**
 * A task's metrics came in a form the library cannot read: a type_url other than
 * `io.containerd.cgroups.v1.Metrics` and `io.containerd.cgroups.v2.Metrics` (another runtime's statistics; the
 * packed form is still there through `task.rawMetrics()`), or bytes that do not decode as their type. An
 * UnknownError (code 2); `typeUrl` names the type.
 */
export class MetricsDecodeError extends UnknownError implements MetricsDecodeDetails {
  readonly containerId: string;
  readonly typeUrl: string;
  readonly problem: MetricsProblem;

  constructor(details: MetricsDecodeDetails, call = '/containerd.services.tasks.v1.Tasks/Metrics') {
    const what = details.problem === 'unknown-type'
      ? `are of type ${JSON.stringify(details.typeUrl)}, which is neither io.containerd.cgroups.v1.Metrics nor io.containerd.cgroups.v2.Metrics (read them with rawMetrics())`
      : `do not decode as ${details.typeUrl}`;
    super({ code: GrpcStatus.UNKNOWN, daemonMessage: `the metrics of task ${details.containerId} ${what}`, call, cause: details.cause });
    this.containerId = details.containerId;
    this.typeUrl = details.typeUrl;
    this.problem = details.problem;
  }
}
nameErrorClass(MetricsDecodeError, 'MetricsDecodeError', 'ERR_CONTAINERD_METRICS_DECODE');
