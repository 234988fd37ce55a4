/**
 * A process a supervisor started anew found left behind by an earlier one, as the first life of a child takes
 * it over instead of creating one.
 * @internal
 * @module
 */
import type { ExitStatus } from '../process/types.js';
import type { RestartCount } from './restart.js';
import type { SupervisedProcess } from './supervised-process.js';

/** What was found: still running, exited meanwhile, or created and never started. */
export type Adopted<P extends SupervisedProcess = SupervisedProcess> =
  | {
      readonly state: 'running';
      readonly process: P;
      readonly pid: number;
      /** The restarts counted so far (for the event). */
      readonly restarts: number;
      /** When it started, on the supervisor's clock, when known: its uptime counts from there. */
      readonly startedAt?: number;
    }
  | {
      readonly state: 'stopped';
      readonly process: P;
      readonly pid: number;
      readonly restarts: number;
      /** The exit the daemon kept. */
      readonly status: ExitStatus;
      readonly startedAt?: number;
    }
  | {
      readonly state: 'created';
      readonly process: P;
    };

/** Where a supervisor started anew resumes a child: its restart count, and what its first life takes over. */
export interface Resume<P extends SupervisedProcess = SupervisedProcess> {
  /** The restarts so far, the backoff attempt and the restart times, as persisted. */
  readonly count: RestartCount;
  /** The process the first life takes over; none: it creates one. */
  readonly adopted?: Adopted<P>;
}
