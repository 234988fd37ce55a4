/**
 * What every container, task and process of one client shares: the connection, the event hub, the sweep,
 * the wait strategy and the IO directory.
 * @module
 */
import type { SchedulerLike } from 'rxjs';
import type { Connection } from '../client/connection.js';
import type { EventHub } from '../streams/event-hub.js';
import type { Sweeper } from './sweep.js';

/** How wait$ learns of an exit: the shared event stream (default) or one Tasks.Wait RPC per wait. */
export type WaitStrategy = 'events' | 'rpc';

export interface ClientCore {
  readonly conn: Connection;
  readonly hub: EventHub;
  readonly sweeper: Sweeper;
  readonly waitStrategy: WaitStrategy;
  /** After how long (ms) a pending 'events' wait is backed by its own Tasks.Wait; 0: never (the sweep goes on). */
  readonly waitBackstopAfterMs: number;
  readonly scheduler: SchedulerLike;
  /** The client's private directory for FIFOs. */
  ioDir(): string;
}
