/**
 * A run, as supervisors drive it internally: one life of a process, or the whole life of a supervisor tree.
 * A run emits its events, says once when it is ready, and ends with one `end` signal that tells its
 * supervisor what happened, then completes. It is stopped through a {@link StopRequest}, never by
 * unsubscribing, so that a stop always finishes.
 * @internal
 * @module
 */
import { catchError, defer, map, of } from 'rxjs';
/** Signals stamped by this scheduler. */
export function signalsOn(scheduler) {
    return {
        event$: body => defer(() => of({ kind: 'event', event: { ...body, at: scheduler.now() } })),
        end$: end => defer(() => of({ kind: 'end', end: end() })),
        ready: { kind: 'ready' },
    };
}
/** Turns an error into a value, so that a failure is handled as data downstream. */
export function settle() {
    return source => source.pipe(map((value) => ({ ok: true, value })), catchError((error) => of({ ok: false, error })));
}
/** Prefixes the child path of an event with a child id: a tree tags what its children tell. */
export function tagged(event, id) {
    return { ...event, child: event.child === undefined ? id : `${id}/${event.child}` };
}
//# sourceMappingURL=run.js.map