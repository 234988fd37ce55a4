/**
 * Envelopes as `client.events$` delivers them, for marble-testing pipelines over the event stream without a
 * daemon. Each builder fills what a real daemon would (topic, namespace, timestamp, pids) with plain
 * defaults that the options override.
 *
 * @example
 * ```ts
 * const events$ = cold('-a-b-|', { a: fakeEvents.taskStart('web', 42), b: fakeEvents.taskExit('web', 1) });
 * expectObservable(events$.pipe(exits(), map(e => e.code))).toBe('---1-|', { 1: 1 });
 * ```
 * @module
 */
import { Topics } from '../proto/events.js';
/**
 * Wraps any known event in an envelope with its daemon topic.
 *
 * @example
 * ```ts
 * fakeEnvelope({ type: 'TaskOOM', containerId: 'web' }).topic // '/tasks/oom'
 * ```
 */
export function fakeEnvelope(event, options = {}) {
    return {
        timestamp: options.timestamp ?? new Date(0),
        namespace: options.namespace ?? 'default',
        topic: Topics[event.type],
        event,
    };
}
/** Builders of the envelopes of a container's life, by event. */
export const fakeEvents = {
    containerCreate: (id, o = {}) => fakeEnvelope({ type: 'ContainerCreate', id, image: '', runtime: { name: 'io.containerd.runc.v2' } }, o),
    containerDelete: (id, o = {}) => fakeEnvelope({ type: 'ContainerDelete', id }, o),
    taskCreate: (containerId, pid = 42, o = {}) => fakeEnvelope({ type: 'TaskCreate', containerId, bundle: '', rootfs: [], io: undefined, checkpoint: '', pid }, o),
    taskStart: (containerId, pid = 42, o = {}) => fakeEnvelope({ type: 'TaskStart', containerId, pid }, o),
    /** The exit of the init process, or of an exec with `execId`. */
    taskExit: (containerId, exitStatus, o = {}) => fakeEnvelope({
        type: 'TaskExit',
        containerId,
        id: o.execId ?? containerId,
        pid: o.pid ?? 42,
        exitStatus,
        exitedAt: o.exitedAt ?? o.timestamp ?? new Date(0),
    }, o),
    taskDelete: (containerId, exitStatus, o = {}) => fakeEnvelope({
        type: 'TaskDelete',
        containerId,
        id: o.execId ?? '',
        pid: o.pid ?? 42,
        exitStatus,
        exitedAt: o.exitedAt ?? o.timestamp ?? new Date(0),
    }, o),
    execAdded: (containerId, execId, o = {}) => fakeEnvelope({ type: 'TaskExecAdded', containerId, execId }, o),
    execStarted: (containerId, execId, pid = 43, o = {}) => fakeEnvelope({ type: 'TaskExecStarted', containerId, execId, pid }, o),
    paused: (containerId, o = {}) => fakeEnvelope({ type: 'TaskPaused', containerId }, o),
    resumed: (containerId, o = {}) => fakeEnvelope({ type: 'TaskResumed', containerId }, o),
    oom: (containerId, o = {}) => fakeEnvelope({ type: 'TaskOOM', containerId }, o),
};
//# sourceMappingURL=fake-events.js.map