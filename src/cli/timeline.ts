/**
 * One readable line per supervisor event, for `run --restart` and the demo's live timeline.
 * @module
 */
import { clock } from './format.js';
import { describeExit } from '../supervise/exit.js';
import type { SupervisorEvent } from '../supervise/events.js';

/** `12:00:01.250  web        exited with code 1`; `label` names whom the event is about (default its child's id). */
export function supervisorLine(e: SupervisorEvent, now: Date = new Date(e.at), label: string = e.child ?? 'supervisor'): string {
  const who = label.padEnd(10);
  return `${clock(now)}  ${who} ${describe(e)}`;
}

function describe(e: SupervisorEvent): string {
  switch (e.type) {
    case 'starting':
      return 'starting';
    case 'started':
      return `started, pid ${e.pid}`;
    case 'exited':
      return e.reason === 'max-memory' ? `${describeExit(e.status)}, stopped over its memory limit` : describeExit(e.status);
    case 'memory-exceeded':
      return `memory ${e.usageBytes} bytes over maxMemoryBytes ${e.maxMemoryBytes}: restarting`;
    case 'backoff':
      return `backing off ${e.delayMs} ms (attempt ${e.attempt})`;
    case 'restarting':
      return `restarting (attempt ${e.attempt})`;
    case 'adopted':
      return e.state === 'running' ? `adopted, running, pid ${e.pid} (${e.restarts} restarts)` : `adopted, exited meanwhile (${e.restarts} restarts)`;
    case 'left-alone':
      return `left container ${e.containerId} alone: ${e.reason}`;
    case 'startup-succeeded':
      return 'startup probe succeeded';
    case 'healthy':
      return 'healthy';
    case 'unhealthy':
      return `unhealthy: ${e.reason}`;
    case 'logger-lost':
      return `logger lost${e.pid === undefined ? '' : ` (pid ${e.pid})`}: output is no longer logged`;
    case 'failed':
      return `failed to ${e.phase}: ${e.error instanceof Error ? e.error.message : String(e.error)}`;
    case 'gave-up':
      return `gave up: ${e.reason}`;
    case 'stopped':
      return e.reason === undefined ? `stopped (${e.cause})` : `stopped (${e.cause}: ${e.reason})`;
  }
}
