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
import { Topics, type Envelope, type EventType } from '../proto/events.js';
import type { KnownEvent } from '../proto/event-registry.js';

/** What every builder accepts. */
export interface FakeEnvelopeOptions {
  /** Default 'default'. */
  readonly namespace?: string;
  /** Default the Unix epoch, so that expected values are easy to write. */
  readonly timestamp?: Date;
}

/**
 * Wraps any known event in an envelope with its daemon topic.
 *
 * @example
 * ```ts
 * fakeEnvelope({ type: 'TaskOOM', containerId: 'web' }).topic // '/tasks/oom'
 * ```
 */
export function fakeEnvelope<E extends KnownEvent>(event: E, options: FakeEnvelopeOptions = {}): Envelope<KnownEventOf<E['type']>> {
  return {
    timestamp: options.timestamp ?? new Date(0),
    namespace: options.namespace ?? 'default',
    topic: Topics[event.type as EventType],
    event: event as unknown as KnownEventOf<E['type']>,
  };
}

/** The event interface of a type, e.g. `TaskExit` for `'TaskExit'`: what a builder's envelope carries. */
export type KnownEventOf<T extends KnownEvent['type']> = Extract<
  KnownEvent,
  {
    /** The type asked for. */
    readonly type: T;
  }
>;

/** What the builders of process events accept. */
export interface FakeProcessEventOptions extends FakeEnvelopeOptions {
  /** The exec id; absent for the init process. */
  readonly execId?: string;
  /** The process's pid. Default 42. */
  readonly pid?: number;
  /** When it exited. Default the envelope's timestamp. */
  readonly exitedAt?: Date;
}

/** Builders of the envelopes of a container's life, by event. */
export const fakeEvents = {
  /** A `/containers/create` envelope for container `id`. */
  containerCreate: (id: string, o: FakeEnvelopeOptions = {}) =>
    fakeEnvelope({ type: 'ContainerCreate', id, image: '', runtime: { name: 'io.containerd.runc.v2' } }, o),
  /** A `/containers/delete` envelope for container `id`. */
  containerDelete: (id: string, o: FakeEnvelopeOptions = {}) => fakeEnvelope({ type: 'ContainerDelete', id }, o),
  /** A `/tasks/create` envelope for the task of `containerId`, its init process `pid`. */
  taskCreate: (containerId: string, pid = 42, o: FakeEnvelopeOptions = {}) =>
    fakeEnvelope({ type: 'TaskCreate', containerId, bundle: '', rootfs: [], io: undefined, checkpoint: '', pid }, o),
  /** A `/tasks/start` envelope: the task of `containerId` started as `pid`. */
  taskStart: (containerId: string, pid = 42, o: FakeEnvelopeOptions = {}) => fakeEnvelope({ type: 'TaskStart', containerId, pid }, o),
  /** The exit of the init process, or of an exec with `execId`. */
  taskExit: (containerId: string, exitStatus: number, o: FakeProcessEventOptions = {}) =>
    fakeEnvelope({
      type: 'TaskExit',
      containerId,
      id: o.execId ?? containerId,
      pid: o.pid ?? 42,
      exitStatus,
      exitedAt: o.exitedAt ?? o.timestamp ?? new Date(0),
    }, o),
  /** A `/tasks/delete` envelope: the task of `containerId` (or exec `o.execId`) deleted with `exitStatus`. */
  taskDelete: (containerId: string, exitStatus: number, o: FakeProcessEventOptions = {}) =>
    fakeEnvelope({
      type: 'TaskDelete',
      containerId,
      id: o.execId ?? '',
      pid: o.pid ?? 42,
      exitStatus,
      exitedAt: o.exitedAt ?? o.timestamp ?? new Date(0),
    }, o),
  /** A `/tasks/exec-added` envelope: exec `execId` added to the task of `containerId`. */
  execAdded: (containerId: string, execId: string, o: FakeEnvelopeOptions = {}) => fakeEnvelope({ type: 'TaskExecAdded', containerId, execId }, o),
  /** A `/tasks/exec-started` envelope: exec `execId` started as `pid`. */
  execStarted: (containerId: string, execId: string, pid = 43, o: FakeEnvelopeOptions = {}) =>
    fakeEnvelope({ type: 'TaskExecStarted', containerId, execId, pid }, o),
  /** A `/tasks/paused` envelope for the task of `containerId`. */
  paused: (containerId: string, o: FakeEnvelopeOptions = {}) => fakeEnvelope({ type: 'TaskPaused', containerId }, o),
  /** A `/tasks/resumed` envelope for the task of `containerId`. */
  resumed: (containerId: string, o: FakeEnvelopeOptions = {}) => fakeEnvelope({ type: 'TaskResumed', containerId }, o),
  /** A `/tasks/oom` envelope: the container `containerId` hit its memory limit. */
  oom: (containerId: string, o: FakeEnvelopeOptions = {}) => fakeEnvelope({ type: 'TaskOOM', containerId }, o),
};
