import { expect } from 'chai';
import { TestScheduler } from 'rxjs/testing';
/** A TestScheduler that compares with chai's deep equality. */
export function testScheduler() {
    return new TestScheduler((actual, expected) => { expect(actual).to.deep.equal(expected); });
}
/** One event as a short line: `<at> [<child> ]<type>[ <detail>]`. */
export function line(e) {
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
/** Subscribes and records; call inside `TestScheduler.run`, then `flush()`. */
export function record(events$) {
    const events = [];
    const rec = {
        events,
        lines: () => events.map(line),
        types: () => events.map(e => `${e.at} ${e.child === undefined ? '' : `${e.child} `}${e.type}`),
        completed: false,
        errored: undefined,
    };
    const subscription = events$.subscribe({
        next: e => events.push(e),
        error: (error) => { rec.errored = error; },
        complete: () => { rec.completed = true; },
    });
    return Object.assign(rec, { subscription });
}
//# sourceMappingURL=support.js.map