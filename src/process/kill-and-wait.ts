/**
 * The first step of `delete({ kill: true })`: SIGKILL, then the exit, so that the delete that follows finds a
 * stopped process.
 * @module
 */
import { catchError, concatMap, EMPTY, ignoreElements, map, type Observable, of, throwError } from 'rxjs';
import { FailedPreconditionError, NotFoundError, NotStartedError } from '../client/errors.js';
import type { ExitStatus, KillOptions, Signal } from './types.js';

/** What the kill step calls of a process. */
export interface Killable {
  kill$(signal?: Signal, options?: KillOptions): Observable<void>;
  wait$(): Observable<ExitStatus>;
}

/**
 * Sends SIGKILL (to every process of the container when `all`) and completes once the process exited. A process
 * already exited, or one that never ran, completes it at once: the delete that follows tells which.
 */
export function killAndWait$(process: Killable, all: boolean): Observable<never> {
  return process.kill$('SIGKILL', { all }).pipe(
    map(() => true),
    // NotFound: it already exited. FailedPrecondition ("process not created"): an exec never started, with no exit
    // to wait for; the delete follows (and refuses a process that does run).
    catchError((e: unknown) => (e instanceof NotFoundError ? of(true) : e instanceof FailedPreconditionError ? of(false) : throwError(() => e))),
    // a process that never ran has no exit to wait for: the delete tells
    concatMap((signalled) => (signalled ? process.wait$().pipe(catchError((e: unknown) => (e instanceof NotStartedError ? EMPTY : throwError(() => e)))) : EMPTY)),
    ignoreElements(),
  );
}
