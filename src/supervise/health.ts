/**
 * Health checks: a probe run every `intervalMs` while the process runs, Docker's HEALTHCHECK semantics.
 *
 * - The first probe runs `intervalMs` after the start, each next one `intervalMs` after the previous ended.
 * - A probe fails when it answers false, errors, or takes longer than `timeoutMs`.
 * - `retries` failures in a row make the process unhealthy; one success makes it healthy again.
 * - During `startPeriodMs`, failures do not count, until the first success ends the start period early.
 *
 * A probe is either a command run inside the container (an exec; exit code 0 is healthy), or any
 * Observable the caller likes (an HTTP request, a TCP connect, a log line...).
 * @module
 */
import {
  asyncScheduler, catchError, concatMap, defaultIfEmpty, defer, filter, finalize, first, map, type Observable, of,
  repeat, scan, switchMap, take, tap, timeout, timer, type SchedulerLike,
} from 'rxjs';
import type { ExitStatus } from '../process/types.js';
import { describeExit } from './exit.js';
import { definedOnly } from '../proto/defined-only.js';
import { errorMessage } from '../proto/error-message.js';
import { checkHealthCheck } from './options.js';
import type { ExecedProcess, SupervisedProcess } from './supervised-process.js';
import { waitFirst } from './wait-first.js';

/** When and how often to probe. All durations in ms; defaults are Docker's. */
export interface HealthTiming {
  /** Between the end of one probe and the start of the next (and from the start to the first). Default 30 s. */
  readonly intervalMs?: number;
  /** A probe that takes longer has failed. Default 30 s. */
  readonly timeoutMs?: number;
  /** Failures in a row that make the process unhealthy. Default 3. */
  readonly retries?: number;
  /** Failures during this time after the start do not count, until a first success. Default 0. */
  readonly startPeriodMs?: number;
}

/** Docker's HEALTHCHECK defaults. */
export const defaultHealthTiming: Required<HealthTiming> = Object.freeze({
  intervalMs: 30_000,
  timeoutMs: 30_000,
  retries: 3,
  startPeriodMs: 0,
});

/**
 * Runs `command` inside the process's container (an exec); exit code 0 means healthy.
 *
 * @example
 * ```ts
 * { command: ['/bin/sh', '-c', 'wget -q -O- http://127.0.0.1:8080/health'], intervalMs: 5_000, retries: 3 }
 * ```
 */
export interface ExecHealthCheck extends HealthTiming {
  /** The command and its arguments, run as an exec in the process's container. */
  readonly command: readonly string[];
  /** Its environment, as `KEY=value` entries, added to the container's. */
  readonly env?: readonly string[];
  /** Its working directory. Default the container's. */
  readonly cwd?: string;
}

/**
 * Any probe: the first value of the Observable says whether the process is healthy.
 *
 * @example
 * ```ts
 * { probe: () => from(fetch('http://10.0.0.2:8080/health')).pipe(map(r => r.ok)), intervalMs: 2_000 }
 * ```
 */
export interface ProbeHealthCheck<P extends SupervisedProcess = SupervisedProcess> extends HealthTiming {
  /** Checks the process once: emits true when it is healthy, false (or an error) when not. */
  probe(process: P): Observable<boolean>;
}

/** An exec or a custom probe, with its timing. */
export type HealthCheck<P extends SupervisedProcess = SupervisedProcess> = ExecHealthCheck | ProbeHealthCheck<P>;

/** A change of health. */
export type Health =
  | {
      /** The check passed. */
      readonly healthy: true;
    }
  | {
      /** The check failed. */
      readonly healthy: false;
      /** Why, in words: the exec's exit code or output, the probe's error, or a timeout. */
      readonly reason: string;
    };

interface ProbeResult {
  readonly ok: boolean;
  readonly reason: string;
  /** When the probe started, in ms since the checks began. */
  readonly startedMs: number;
}

interface HealthState {
  readonly status: 'starting' | 'healthy' | 'unhealthy';
  readonly failures: number;
  readonly everHealthy: boolean;
  readonly change: Health | undefined;
}

/**
 * The health changes of a running process under a check: `{ healthy: true }` when it becomes healthy,
 * `{ healthy: false, reason }` when it becomes unhealthy. Runs until unsubscribed.
 *
 * @example
 * ```ts
 * health$(task, { command: ['/bin/true'], intervalMs: 1_000 }).subscribe(h => console.log(h.healthy));
 * ```
 *
 * ```
 * intervalMs 10, retries 2, the probe fails from the 3rd on:
 * ──────────10──────────20──────────30──────────40
 *           ok→healthy  ok          fail        fail→unhealthy
 * ```
 */
export function health$<P extends SupervisedProcess>(
  process: P,
  check: HealthCheck<P>,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<Health> {
  checkHealthCheck(check);
  const t: Required<HealthTiming> = { ...defaultHealthTiming, ...definedOnly(check) };
  return defer(() => {
    const begin = scheduler.now();
    let n = 0;
    const once$ = defer(() => {
      const startedMs = scheduler.now() - begin;
      n += 1;
      return defer(() => probeOnce$(process, check, n)).pipe(
        timeout({ first: t.timeoutMs, with: () => of(`timed out after ${t.timeoutMs} ms`), scheduler }),
        catchError((error: unknown) => of(`probe failed: ${errorMessage(error)}`)),
        map((failure): ProbeResult => ({ ok: failure === undefined, reason: failure ?? '', startedMs })),
      );
    });
    const initial: HealthState = { status: 'starting', failures: 0, everHealthy: false, change: undefined };
    return timer(t.intervalMs, scheduler).pipe(
      concatMap(() => once$),
      repeat(),
      scan((state, result) => nextHealth(state, result, t), initial),
      map(state => state.change),
      filter((change): change is Health => change !== undefined),
    );
  });
}

/** One probe: undefined when healthy, otherwise why not. @internal (the startup probe runs it too) */
export function probeOnce$<P extends SupervisedProcess>(process: P, check: HealthCheck<P>, n: number): Observable<string | undefined> {
  if ('command' in check) return execProbe$(process, check, n);
  return check.probe(process).pipe(
    take(1),
    map(ok => (ok ? undefined : 'probe answered false')),
    defaultIfEmpty('probe completed without an answer'),
  );
}

function execProbe$(process: SupervisedProcess, check: ExecHealthCheck, n: number): Observable<string | undefined> {
  if (process.exec$ === undefined) return of('an exec health check needs a process that has exec$');
  const spec = { args: check.command, ...(check.env && { env: check.env }), ...(check.cwd !== undefined && { cwd: check.cwd }) };
  return process.exec$(`health-${n}`, spec, { stdio: 'ignore' }).pipe(
    first(),
    switchMap(exec => runExec$(exec)),
    map(status => (status.code === 0 ? undefined : `health command ${describeExit(status)}`)),
  );
}

/** Runs an exec to its end and deletes it; cut short (a timeout), it is killed and deleted in the background. */
function runExec$(exec: ExecedProcess): Observable<ExitStatus> {
  return defer(() => {
    let done = false;
    return waitFirst(exec, exit$ => defer(() => exec.start$()).pipe(
      first(),
      switchMap(() => exit$.pipe(take(1))),
      switchMap(status => defer(() => exec.delete$()).pipe(
        map(() => status),
        catchError(() => of(status)),
      )),
      take(1),
      tap(() => { done = true; }),
    )).pipe(
      // Cut short or failed, the exec is killed and deleted in the background.
      finalize(() => { if (!done) defer(() => exec.delete$({ kill: true })).subscribe({ error: () => undefined }); }),
    );
  });
}

function nextHealth(state: HealthState, result: ProbeResult, t: Required<HealthTiming>): HealthState {
  if (result.ok) {
    return {
      status: 'healthy',
      failures: 0,
      everHealthy: true,
      change: state.status === 'healthy' ? undefined : { healthy: true },
    };
  }
  const inStartPeriod = !state.everHealthy && result.startedMs < t.startPeriodMs;
  const failures = inStartPeriod ? state.failures : state.failures + 1;
  if (failures >= t.retries && state.status !== 'unhealthy') {
    const reason = `${failures} health probe${failures === 1 ? '' : 's'} failed in a row, the last: ${result.reason}`;
    return { status: 'unhealthy', failures, everHealthy: state.everHealthy, change: { healthy: false, reason } };
  }
  return { ...state, failures, change: undefined };
}
