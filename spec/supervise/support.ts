import { expect } from 'chai';
import type { Observable, Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { SupervisorEvent } from '../../src/supervise/events.js';

/** A TestScheduler that compares with chai's deep equality. */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => { expect(actual).to.deep.equal(expected); });
}

/** One event as a short line: `<at> [<child> ]<type>[ <detail>]`. */
export function line(e: SupervisorEvent): string {
  const head = `${e.at} ${e.child === undefined ? '' : `${e.child} `}${e.type}`;
  switch (e.type) {
    case 'started': return `${head} ${e.pid}`;
    case 'exited': return `${head} ${e.status.code}`;
    case 'backoff': return `${head} ${e.delayMs} #${e.attempt}`;
    case 'restarting': return `${head} #${e.attempt}`;
    case 'unhealthy': return `${head} ${e.reason}`;
    case 'failed': return `${head} ${e.phase} ${e.error instanceof Error ? e.error.message : String(e.error)}`;
    case 'gave-up': return `${head} ${e.reason}`;
    case 'stopped': return `${head} ${e.cause}`;
    default: return head;
  }
}

/** What a subscription saw. */
export interface Recording {
  readonly events: SupervisorEvent[];
  /** The events as {@link line}s. */
  lines(): string[];
  /** The events as `<at> [<child> ]<type>` only. */
  types(): string[];
  completed: boolean;
  errored: unknown;
  readonly subscription: Subscription;
}

/** Subscribes and records; call inside `TestScheduler.run`, then `flush()`. */
export function record(events$: Observable<SupervisorEvent>): Recording {
  const events: SupervisorEvent[] = [];
  const rec: Omit<Recording, 'subscription'> = {
    events,
    lines: () => events.map(line),
    types: () => events.map(e => `${e.at} ${e.child === undefined ? '' : `${e.child} `}${e.type}`),
    completed: false,
    errored: undefined,
  };
  const subscription = events$.subscribe({
    next: e => events.push(e),
    error: (error: unknown) => { rec.errored = error; },
    complete: () => { rec.completed = true; },
  });
  return Object.assign(rec, { subscription });
}
