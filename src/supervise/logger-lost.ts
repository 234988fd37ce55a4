/**
 * The supervisor's watch on a process's logger: a `logger-lost` event when the logger that writes the process's
 * output to its container's log is killed. The process is left running: its output is lost until its next
 * start, which starts a new logger (see docs/logs.md for what the shim does with the output meanwhile).
 * @internal
 * @module
 */
import { EMPTY, mergeMap, type Observable } from 'rxjs';
import type { RunMessage, RunMessages } from './run.js';
import type { SupervisedProcess } from './supervised-process.js';

/** One `logger-lost` event if the process's logger is found killed while it runs; nothing for a process without one. */
export function loggerLost$(process: SupervisedProcess, messages: RunMessages): Observable<RunMessage> {
  if (typeof process.loggerKilled$ !== 'function') return EMPTY;
  return process.loggerKilled$().pipe(mergeMap((pid) => messages.event$(pid === undefined ? { type: 'logger-lost' } : { type: 'logger-lost', pid })));
}
