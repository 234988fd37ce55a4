/**
 * Readiness from a supervisor's events: whether the supervised process (or one child of a tree) can take
 * work now, as an Observable to wait on or to follow.
 * @module
 */
import { defer, distinctUntilChanged, EMPTY, filter, map, mergeMap, type Observable, of, startWith, take, takeWhile, throwError } from 'rxjs';
import { nameErrorClass, RxContainerdError } from '../client/error-base.js';
import { isFinal, type SupervisorEvent } from './events.js';
import { checkReadinessOptions } from './options.js';

/** What readiness listens to. */
export interface ReadinessOptions {
  /**
   * The event that makes the process ready: `'started'`, or `'healthy'` for a process with a health check
   * (then `'unhealthy'` makes it not ready). Default `'started'`.
   */
  readonly on?: 'started' | 'healthy';
  /** In a tree, the child path to follow (`'backend/db'`); omit for `supervise`. */
  readonly child?: string;
}

/** The supervised life ended before it was ready. */
export class NotReadyError extends RxContainerdError {
  /** @param event - the supervisor's last event: `gave-up` or `stopped`. */
  constructor(readonly event: SupervisorEvent) {
    super(`not ready: the supervisor ${event.type === 'gave-up' ? `gave up (${event.reason})` : 'stopped'} before the process was ready`);
  }
}
nameErrorClass(NotReadyError, 'NotReadyError', 'ERR_CONTAINERD_NOT_READY');

/**
 * Readiness as a state: `false` first, then `true`/`false` as the process becomes ready or stops being so
 * (exited, unhealthy, restarting), without repeats; completes when the supervisor (or that child) ends.
 *
 * @example
 * ```ts
 * const events$ = supervise(start, policy).pipe(share());
 * readiness$(events$, { on: 'healthy' }).subscribe(ready => loadBalancer.enable(ready));
 * ```
 */
export function readiness$(events$: Observable<SupervisorEvent>, options: ReadinessOptions = {}): Observable<boolean> {
  checkReadinessOptions(options);
  const on = options.on ?? 'started';
  return events$.pipe(
    filter(e => e.child === options.child || isFinal(e)),
    takeWhile(e => !isFinal(e), true),
    map(e => readyAfter(e, on)),
    filter((ready): ready is boolean => ready !== undefined),
    startWith(false),
    distinctUntilChanged(),
  );
}

/**
 * Emits once, when the process is first ready, then completes; errors with {@link NotReadyError} if the
 * supervisor ends first.
 *
 * @example
 * ```ts
 * const events$ = supervise(start, { health: { command: ['/bin/check'] } }).pipe(share());
 * events$.subscribe(log);
 * await firstValueFrom(ready$(events$, { on: 'healthy' }));
 * ```
 */
export function ready$(events$: Observable<SupervisorEvent>, options: ReadinessOptions = {}): Observable<void> {
  checkReadinessOptions(options);
  const on = options.on ?? 'started';
  return defer(() => events$.pipe(
    filter(e => e.child === options.child || isFinal(e)),
    mergeMap(e => {
      if (readyAfter(e, on) === true) return of(undefined);
      if (isFinal(e)) return throwError(() => new NotReadyError(e));
      return EMPTY;
    }),
    take(1),
  ));
}

function readyAfter(e: SupervisorEvent, on: 'started' | 'healthy'): boolean | undefined {
  switch (e.type) {
    case 'started': return on === 'started' ? true : undefined;
    case 'adopted': return e.state === 'running' && on === 'started' ? true : on === 'started' ? false : undefined;
    case 'healthy': return true;
    case 'unhealthy': return on === 'healthy' ? false : undefined;
    case 'starting':
    case 'restarting':
    case 'exited':
    case 'stopped':
    case 'gave-up':
      return false;
    default:
      return undefined;
  }
}
