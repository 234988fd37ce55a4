/**
 * The demux index: per-process listeners of the shared stream, keyed by container and process, so that an
 * event reaches its own listeners in a lookup whatever the number of processes listened to.
 * @module
 */
import type { Subscriber } from 'rxjs';
import type { ConnectionState, StreamNotice } from './connection-state.js';
import { containerOf, processKey, processOf } from './event-keys.js';

/** One listener and the last state it was told. */
interface Listener {
  readonly subscriber: Subscriber<StreamNotice>;
  state: ConnectionState;
}

/** Listeners by process: each is told its own process's events and every state change it has not seen. */
export class DemuxIndex {
  private readonly byProcess = new Map<string, Set<Listener>>();
  private count = 0;

  /** How many listeners the index holds. */
  get size(): number {
    return this.count;
  }

  /**
   * Adds a listener of one process that was last told `state`. Returns its removal, safe to call more than
   * once and after {@link endAll}.
   */
  add(containerId: string, processId: string, subscriber: Subscriber<StreamNotice>, state: ConnectionState): () => void {
    const key = processKey(containerId, processId);
    const listener: Listener = { subscriber, state };
    let set = this.byProcess.get(key);
    if (!set) this.byProcess.set(key, (set = new Set()));
    set.add(listener);
    this.count++;
    return () => {
      const s = this.byProcess.get(key);
      if (s?.delete(listener)) this.count--;
      if (s && s.size === 0) this.byProcess.delete(key);
    };
  }

  /** Passes a notice on: a state change to every listener not already in that state, an event to its process's. */
  dispatch(notice: StreamNotice): void {
    if (notice.kind === 'state') {
      for (const set of [...this.byProcess.values()]) {
        for (const l of [...set]) {
          if (l.state === notice.state) continue;
          l.state = notice.state;
          l.subscriber.next(notice);
        }
      }
      return;
    }
    const { event } = notice.envelope;
    const containerId = containerOf(event);
    const processId = processOf(event);
    if (containerId === undefined || processId === undefined) return;
    const set = this.byProcess.get(processKey(containerId, processId));
    if (set) for (const l of [...set]) l.subscriber.next(notice);
  }

  /** Empties the index, then errors every listener it held with `error`. */
  endAll(error: unknown): void {
    const all = [...this.byProcess.values()].flatMap((set) => [...set]);
    this.byProcess.clear();
    this.count = 0;
    for (const l of all) l.subscriber.error(error);
  }
}
