/**
 * Test support for the stream specs: envelopes built from events, a TestScheduler that compares with chai,
 * and a fake EventPort whose Subscribe calls are observables the test controls.
 */
import { expect } from 'chai';
import { defer, finalize, Observable, of, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { encodeEvent, type KnownEvent } from '../../src/proto/any.js';
import type { ContainerdEvent, Envelope } from '../../src/proto/events.js';
import type { EnvelopeMessage } from '../../src/proto/messages.js';
import { fromDate } from '../../src/proto/timestamp.js';
import type { EventPort } from '../../src/streams/event-hub.js';
import { FENCE_TOPIC, fencePayload } from '../../src/streams/fence.js';

export const NS = 'ns-test';
export const T0 = new Date('2024-05-01T10:00:00.000Z');

/** A TestScheduler whose assertions are chai deep equality. */
export function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => {
    expect(actual).to.deep.equal(expected);
  });
}

/** A typed envelope, as events$ carries it. */
export function env<E extends ContainerdEvent>(topic: string, event: E, namespace = NS, timestamp = T0): Envelope<E> {
  return { timestamp, namespace, topic, event };
}

/** The raw envelope the daemon would send for a typed one. */
export function raw(e: Envelope<KnownEvent>): EnvelopeMessage {
  return { timestamp: fromDate(e.timestamp), namespace: e.namespace, topic: e.topic, event: encodeEvent(e.event) };
}

/** A raw envelope with any payload. */
export function rawAny(topic: string, typeUrl: string, value: Uint8Array, namespace = NS): EnvelopeMessage {
  return { timestamp: fromDate(T0), namespace, topic, event: { typeUrl, value } };
}

/** A fence as it comes back on the stream. */
export function fence(value: string, namespace = NS): EnvelopeMessage {
  return { timestamp: fromDate(T0), namespace, topic: FENCE_TOPIC, event: fencePayload(value) };
}

/** Deterministic fences: t1, t2, ... one per connection attempt. */
export function fences(): () => string {
  let n = 0;
  return () => `t${++n}`;
}

/** Bytes that no event type decodes (a field tag with wire type 7 does not exist). */
export const GARBAGE = new Uint8Array([0x0f, 0xff, 0xff, 0xff]);

/**
 * A fake daemon side of the shared stream. Each Subscribe is the next observable of `scripts` (the last one
 * repeats) merged with the fences published meanwhile: with `echo` on, a published fence comes back on the
 * Subscribe open at that moment, like the real daemon does; with it off, only the script says what comes.
 */
export class FakePort implements EventPort {
  readonly namespace: string;
  /** The scheduler time of each Subscribe, in order. */
  readonly subscribedAt: number[] = [];
  /** Every fence published, in order. */
  readonly published: string[] = [];
  /** Subscribes open right now. */
  open = 0;
  echo: boolean;
  private attempt = 0;
  private current: Subject<EnvelopeMessage> | undefined;

  constructor(
    private readonly scripts: ReadonlyArray<Observable<EnvelopeMessage>> | (() => Observable<EnvelopeMessage>),
    options: { echo?: boolean; namespace?: string; now?: () => number } = {},
  ) {
    this.echo = options.echo ?? true;
    this.namespace = options.namespace ?? NS;
    this.now = options.now ?? (() => 0);
  }

  private readonly now: () => number;

  get opened(): number {
    return this.subscribedAt.length;
  }

  subscribe$(): Observable<EnvelopeMessage> {
    return defer(() => {
      const script = typeof this.scripts === 'function' ? this.scripts() : this.scripts[Math.min(this.attempt, this.scripts.length - 1)]!;
      this.attempt++;
      this.subscribedAt.push(this.now());
      this.open++;
      const injected = new Subject<EnvelopeMessage>();
      this.current = injected;
      // the script decides when the Subscribe ends; injected fences only add to it
      const stream = new Observable<EnvelopeMessage>((subscriber) => {
        const echoes = injected.subscribe((m) => subscriber.next(m));
        subscriber.add(echoes);
        subscriber.add(script.subscribe(subscriber));
      });
      return stream.pipe(
        finalize(() => {
          this.open--;
          if (this.current === injected) this.current = undefined;
        }),
      );
    });
  }

  publishFence$(value: string): Observable<unknown> {
    return defer(() => {
      this.published.push(value);
      if (this.echo) this.current?.next(fence(value, this.namespace));
      return of(undefined);
    });
  }
}
