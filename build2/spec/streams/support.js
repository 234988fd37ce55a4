/**
 * Test support for the stream specs: envelopes built from events, a TestScheduler that compares with chai,
 * and a fake EventPort whose Subscribe calls are observables the test controls.
 */
import { expect } from 'chai';
import { defer, finalize, Observable, of, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { encodeEvent } from '../../src/proto/any.js';
import { fromDate } from '../../src/proto/timestamp.js';
import { FENCE_TOPIC, fenceMarker } from '../../src/streams/fence.js';
export const NS = 'ns-test';
export const T0 = new Date('2024-05-01T10:00:00.000Z');
/** A TestScheduler whose assertions are chai deep equality. */
export function testScheduler() {
    return new TestScheduler((actual, expected) => {
        expect(actual).to.deep.equal(expected);
    });
}
/** A typed envelope, as events$ carries it. */
export function env(topic, event, namespace = NS, timestamp = T0) {
    return { timestamp, namespace, topic, event };
}
/** The raw envelope the daemon would send for a typed one. */
export function raw(e) {
    return { timestamp: fromDate(e.timestamp), namespace: e.namespace, topic: e.topic, event: encodeEvent(e.event) };
}
/** A raw envelope with any payload. */
export function rawAny(topic, typeUrl, value, namespace = NS) {
    return { timestamp: fromDate(T0), namespace, topic, event: { typeUrl, value } };
}
/** A fence marker as it comes back on the stream. */
export function marker(token, namespace = NS) {
    return { timestamp: fromDate(T0), namespace, topic: FENCE_TOPIC, event: fenceMarker(token) };
}
/** Deterministic fence tokens: t1, t2, ... one per connection attempt. */
export function tokens() {
    let n = 0;
    return () => `t${++n}`;
}
/** Bytes that no event type decodes (a field tag with wire type 7 does not exist). */
export const GARBAGE = new Uint8Array([0x0f, 0xff, 0xff, 0xff]);
/**
 * A fake daemon side of the shared stream. Each Subscribe is the next observable of `scripts` (the last one
 * repeats) merged with the markers published meanwhile: with `echo` on, a published marker comes back on the
 * Subscribe open at that moment, like the real daemon does; with it off, only the script says what comes.
 */
export class FakePort {
    scripts;
    namespace;
    /** The scheduler time of each Subscribe, in order. */
    subscribedAt = [];
    /** The tokens of every marker published, in order. */
    published = [];
    /** Subscribes open right now. */
    open = 0;
    echo;
    attempt = 0;
    current;
    constructor(scripts, options = {}) {
        this.scripts = scripts;
        this.echo = options.echo ?? true;
        this.namespace = options.namespace ?? NS;
        this.now = options.now ?? (() => 0);
    }
    now;
    get opened() {
        return this.subscribedAt.length;
    }
    subscribe$() {
        return defer(() => {
            const script = typeof this.scripts === 'function' ? this.scripts() : this.scripts[Math.min(this.attempt, this.scripts.length - 1)];
            this.attempt++;
            this.subscribedAt.push(this.now());
            this.open++;
            const injected = new Subject();
            this.current = injected;
            // the script decides when the Subscribe ends; injected markers only add to it
            const stream = new Observable((subscriber) => {
                const markers = injected.subscribe((m) => subscriber.next(m));
                subscriber.add(markers);
                subscriber.add(script.subscribe(subscriber));
            });
            return stream.pipe(finalize(() => {
                this.open--;
                if (this.current === injected)
                    this.current = undefined;
            }));
        });
    }
    publishMarker$(token) {
        return defer(() => {
            this.published.push(token);
            if (this.echo)
                this.current?.next(marker(token, this.namespace));
            return of(undefined);
        });
    }
}
//# sourceMappingURL=support.js.map