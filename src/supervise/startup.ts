/**
 * The startup probe, after Kubernetes' `startupProbe`: a probe run from the start until it first succeeds, for
 * a process that takes long to start; the health check starts only after it, so that a slow start is not taken
 * for a hang. Failing `failureThreshold` times in a row ends the start: the process is stopped and its restart
 * policy applies.
 * @module
 */
import {
  asyncScheduler, catchError, concatMap, defer, first, map, type Observable, of, repeat, scan, type SchedulerLike, skipWhile,
  timeout, timer,
} from 'rxjs';
import { definedOnly } from '../proto/defined-only.js';
import { errorMessage } from '../proto/error-message.js';
import { probeOnce$, type HealthCheck } from './health.js';
import { checkStartupProbe } from './options.js';
import type { SupervisedProcess } from './supervised-process.js';

/** When and how often the startup probe runs. All durations in ms; defaults are Kubernetes'. */
export interface StartupTiming {
  /** From the start to the first probe. Default 0 (Kubernetes' `initialDelaySeconds`). */
  readonly initialDelayMs?: number;
  /** Between the end of one probe and the start of the next. Default 10 s (Kubernetes' `periodSeconds`). */
  readonly intervalMs?: number;
  /** A probe that takes longer has failed. Default 1 s (Kubernetes' `timeoutSeconds`). */
  readonly timeoutMs?: number;
  /** Failures in a row that end the start: the process is stopped and restarted by its policy. Default 3. */
  readonly failureThreshold?: number;
}

/** Kubernetes' probe defaults, for the startup probe. */
export const defaultStartupTiming: Required<StartupTiming> = Object.freeze({
  initialDelayMs: 0,
  intervalMs: 10_000,
  timeoutMs: 1_000,
  failureThreshold: 3,
});

/**
 * A startup probe that runs `command` inside the process's container (an exec); exit code 0 passes.
 *
 * @example
 * ```ts
 * { command: ['/bin/sh', '-c', 'test -e /tmp/warm'], intervalMs: 1_000, failureThreshold: 30 } // up to ~30 s to start
 * ```
 */
export interface ExecStartupProbe extends StartupTiming {
  /** The command and its arguments, run as an exec in the process's container. */
  readonly command: readonly string[];
  /** Its environment, as `KEY=value` entries, added to the container's. */
  readonly env?: readonly string[];
  /** Its working directory. Default the container's. */
  readonly cwd?: string;
}

/**
 * Any startup probe: the first value of the Observable says whether the process has started.
 *
 * @example
 * ```ts
 * { probe: () => from(fetch('http://10.0.0.2:8080/ready')).pipe(map(r => r.ok)), intervalMs: 500, failureThreshold: 60 }
 * ```
 */
export interface ProbeStartupProbe<P extends SupervisedProcess = SupervisedProcess> extends StartupTiming {
  /** Checks the process once: emits true when it has started, false (or an error) when not yet. */
  probe(process: P): Observable<boolean>;
}

/** A startup probe: an exec or any probe, as a health check, with the timing of {@link StartupTiming}. */
export type StartupProbe<P extends SupervisedProcess = SupervisedProcess> = ExecStartupProbe | ProbeStartupProbe<P>;

/** How the start went: succeeded, or failed with the last probe's reason. */
export type StartupResult =
  | {
      /** A probe passed. */
      readonly started: true;
    }
  | {
      /** `failureThreshold` probes failed in a row. */
      readonly started: false;
      /** Why, in words: the count and the last failure. */
      readonly reason: string;
    };

/**
 * Probes a started process until a probe passes (emits `{ started: true }`) or `failureThreshold` probes failed in
 * a row (emits `{ started: false, reason }`), then completes. A probe fails when it answers false, errors, or
 * takes longer than `timeoutMs`. An invalid probe throws at the call (TypeError or RangeError naming the option).
 *
 * @example
 * ```ts
 * startup$(task, { probe: () => isListening$(8080), intervalMs: 500, failureThreshold: 60 })
 *   .subscribe(r => console.log(r.started ? 'up' : r.reason));
 * ```
 *
 * ```
 * initialDelayMs 0, intervalMs 10, failureThreshold 3, the probe passes on the 3rd try:
 * fail──10──fail──10──ok→{started: true}|
 * ```
 */
export function startup$<P extends SupervisedProcess>(
  process: P,
  probe: StartupProbe<P>,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<StartupResult> {
  checkStartupProbe(probe);
  const t: Required<StartupTiming> = { ...defaultStartupTiming, ...definedOnly(probe as StartupTiming) };
  const check = probe as HealthCheck<P>; // the same two kinds as a health check's
  return defer(() => {
    let n = 0;
    const once$ = defer(() => {
      n += 1;
      return defer(() => probeOnce$(process, check, n)).pipe(
        timeout({ first: t.timeoutMs, with: () => of(`timed out after ${t.timeoutMs} ms`), scheduler }),
        catchError((error: unknown) => of(`probe failed: ${errorMessage(error)}`)),
      );
    });
    // the first probe after `initialDelayMs`, each next one `intervalMs` after the previous ended
    const probes$ = once$.pipe(repeat({ delay: () => timer(t.intervalMs, scheduler) }));
    return timer(t.initialDelayMs, scheduler).pipe(
      concatMap(() => probes$),
      scan((acc, failure) => ({ failures: failure === undefined ? 0 : acc.failures + 1, failure }), { failures: 0, failure: undefined as string | undefined }),
      skipWhile(({ failures, failure }) => failure !== undefined && failures < t.failureThreshold),
      first(),
      map(({ failures, failure }): StartupResult => (failure === undefined
        ? { started: true }
        : { started: false, reason: `startup probe failed ${failures} time${failures === 1 ? '' : 's'} in a row, the last: ${failure}` })),
    );
  });
}
