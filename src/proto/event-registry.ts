/**
 * The event type registry: containerd's event payloads by type_url, decoded to and encoded from our
 * {@link ContainerdEvent} values.
 *
 * Design: {@link decodeEvent} never throws. It answers `Right(event)` for a well-formed payload of a known
 * type, `Left({ kind: 'malformed' })` for a known type whose bytes do not decode, and
 * `Left({ kind: 'unknown-type' })` (with the type_url and raw bytes) for a type_url we do not know.
 *
 * Event type_urls are bare full names (`containerd.events.TaskExit`); any prefix ending in `/`
 * (`type.googleapis.com/`) is accepted too, as the Any convention allows.
 * @module
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { codec } from './codec.js';
import type { DecodeError } from './decode-error.js';
import { errorMessage } from './error-message.js';
import type { ContainerdEvent, EventType, UnknownEvent } from './events.js';
import type * as M from './messages.js';
import type * as I from './image-messages.js';
import { fromDate, toDate } from './timestamp.js';

/** The package of containerd's task, container, content and snapshot events. */
export const EVENTS_PACKAGE = 'containerd.events';

/** The package containerd declares its image events in. */
const IMAGES_PACKAGE = 'containerd.services.images.v1';

/** The event types declared outside {@link EVENTS_PACKAGE}, with their package. */
const PACKAGE_OF: Partial<Record<EventType, string>> = {
  ImageCreate: IMAGES_PACKAGE, ImageUpdate: IMAGES_PACKAGE, ImageDelete: IMAGES_PACKAGE,
};

/** Every event but {@link UnknownEvent}. */
export type KnownEvent = Exclude<ContainerdEvent, UnknownEvent>;
type EventOf<K extends EventType> = Extract<KnownEvent, { readonly type: K }>;

interface Entry<K extends EventType> {
  check(bytes: Uint8Array): string | undefined;
  decode(bytes: Uint8Array): EventOf<K>;
  encode(event: EventOf<K>): Buffer;
}

function entry<K extends EventType, W extends object>(
  type: K,
  fromWire: (m: W) => Omit<EventOf<K>, 'type'>,
  toWire: (e: EventOf<K>) => W,
): Entry<K> {
  const c = codec<W>(eventTypeUrl(type));
  return {
    check: (bytes) => c.check(bytes),
    decode: (bytes) => ({ type, ...fromWire(c.decode(bytes)) }) as EventOf<K>,
    encode: (event) => c.encode(toWire(event)),
  };
}

const stamp = (d: Date | undefined): M.Timestamp | null => (d === undefined ? null : fromDate(d));
const idOnly = (m: { readonly containerId: string }) => ({ containerId: m.containerId });
const nameLabels = (m: { readonly name: string; readonly labels: Readonly<Record<string, string>> }) =>
  ({ name: m.name, labels: { ...m.labels } });

const entries: { readonly [K in EventType]: Entry<K> } = {
  TaskCreate: entry<'TaskCreate', M.TaskCreateMessage>('TaskCreate',
    (m) => ({
      containerId: m.containerId, bundle: m.bundle, checkpoint: m.checkpoint, pid: m.pid,
      rootfs: m.rootfs.map((r) => ({ type: r.type, source: r.source, target: r.target, options: [...r.options] })),
      io: m.io === null ? undefined
        : { stdin: m.io.stdin, stdout: m.io.stdout, stderr: m.io.stderr, terminal: m.io.terminal },
    }),
    (e) => ({
      containerId: e.containerId, bundle: e.bundle, checkpoint: e.checkpoint, pid: e.pid,
      rootfs: e.rootfs.map((r) => ({ type: r.type, source: r.source, target: r.target, options: r.options })),
      io: e.io ?? null,
    })),
  TaskStart: entry<'TaskStart', M.TaskStartMessage>('TaskStart',
    (m) => ({ containerId: m.containerId, pid: m.pid }),
    (e) => ({ containerId: e.containerId, pid: e.pid })),
  TaskDelete: entry<'TaskDelete', M.TaskDeleteMessage>('TaskDelete',
    (m) => ({ containerId: m.containerId, pid: m.pid, exitStatus: m.exitStatus, exitedAt: toDate(m.exitedAt), id: m.id }),
    (e) => ({ containerId: e.containerId, pid: e.pid, exitStatus: e.exitStatus, exitedAt: stamp(e.exitedAt), id: e.id })),
  TaskExit: entry<'TaskExit', M.TaskExitMessage>('TaskExit',
    (m) => ({ containerId: m.containerId, id: m.id, pid: m.pid, exitStatus: m.exitStatus, exitedAt: toDate(m.exitedAt) }),
    (e) => ({ containerId: e.containerId, id: e.id, pid: e.pid, exitStatus: e.exitStatus, exitedAt: stamp(e.exitedAt) })),
  TaskOOM: entry<'TaskOOM', M.TaskOOMMessage>('TaskOOM', idOnly, idOnly),
  TaskExecAdded: entry<'TaskExecAdded', M.TaskExecAddedMessage>('TaskExecAdded',
    (m) => ({ containerId: m.containerId, execId: m.execId }),
    (e) => ({ containerId: e.containerId, execId: e.execId })),
  TaskExecStarted: entry<'TaskExecStarted', M.TaskExecStartedMessage>('TaskExecStarted',
    (m) => ({ containerId: m.containerId, execId: m.execId, pid: m.pid }),
    (e) => ({ containerId: e.containerId, execId: e.execId, pid: e.pid })),
  TaskPaused: entry<'TaskPaused', M.TaskPausedMessage>('TaskPaused', idOnly, idOnly),
  TaskResumed: entry<'TaskResumed', M.TaskResumedMessage>('TaskResumed', idOnly, idOnly),
  TaskCheckpointed: entry<'TaskCheckpointed', M.TaskCheckpointedMessage>('TaskCheckpointed',
    (m) => ({ containerId: m.containerId, checkpoint: m.checkpoint }),
    (e) => ({ containerId: e.containerId, checkpoint: e.checkpoint })),
  ContainerCreate: entry<'ContainerCreate', M.ContainerCreateMessage>('ContainerCreate',
    (m) => ({ id: m.id, image: m.image, runtime: m.runtime === null ? undefined : { name: m.runtime.name } }),
    (e) => ({ id: e.id, image: e.image, runtime: e.runtime === undefined ? null : { name: e.runtime.name, options: null } })),
  ContainerUpdate: entry<'ContainerUpdate', M.ContainerUpdateMessage>('ContainerUpdate',
    (m) => ({ id: m.id, image: m.image, labels: { ...m.labels }, snapshotKey: m.snapshotKey }),
    (e) => ({ id: e.id, image: e.image, labels: e.labels, snapshotKey: e.snapshotKey })),
  ContainerDelete: entry<'ContainerDelete', M.ContainerDeleteMessage>('ContainerDelete',
    (m) => ({ id: m.id }),
    (e) => ({ id: e.id })),
  ImageCreate: entry<'ImageCreate', I.ImageCreateMessage>('ImageCreate', nameLabels, nameLabels),
  ImageUpdate: entry<'ImageUpdate', I.ImageUpdateMessage>('ImageUpdate', nameLabels, nameLabels),
  ImageDelete: entry<'ImageDelete', I.ImageDeleteMessage>('ImageDelete', (m) => ({ name: m.name }), (e) => ({ name: e.name })),
  ContentCreate: entry<'ContentCreate', I.ContentCreateMessage>('ContentCreate',
    (m) => ({ digest: m.digest, size: m.size }), (e) => ({ digest: e.digest, size: e.size })),
  ContentDelete: entry<'ContentDelete', I.ContentDeleteMessage>('ContentDelete',
    (m) => ({ digest: m.digest }), (e) => ({ digest: e.digest })),
  SnapshotPrepare: entry<'SnapshotPrepare', I.SnapshotPrepareMessage>('SnapshotPrepare',
    (m) => ({ key: m.key, parent: m.parent }), (e) => ({ key: e.key, parent: e.parent })),
  SnapshotCommit: entry<'SnapshotCommit', I.SnapshotCommitMessage>('SnapshotCommit',
    (m) => ({ key: m.key, name: m.name }), (e) => ({ key: e.key, name: e.name })),
  SnapshotRemove: entry<'SnapshotRemove', I.SnapshotRemoveMessage>('SnapshotRemove',
    (m) => ({ key: m.key }), (e) => ({ key: e.key })),
};

/** The full names of the known event types, for reading a type_url back. */
const TYPE_OF_NAME: ReadonlyMap<string, EventType> = new Map(
  (Object.keys(entries) as EventType[]).map((t) => [eventTypeUrl(t), t]),
);

/** Every known event type, e.g. `['TaskCreate', 'TaskStart', ...]`. */
export const EVENT_TYPES: readonly EventType[] = Object.keys(entries) as EventType[];

/**
 * The type_url containerd uses for an event type.
 * @example
 * ```ts
 * eventTypeUrl('TaskExit'); // 'containerd.events.TaskExit'
 * ```
 */
export function eventTypeUrl(type: EventType): string {
  return `${PACKAGE_OF[type] ?? EVENTS_PACKAGE}.${type}`;
}

/**
 * The event type a type_url names, with or without a `.../` prefix; `undefined` if not ours.
 * @example
 * ```ts
 * eventTypeOf('type.googleapis.com/containerd.events.TaskExit'); // 'TaskExit'
 * eventTypeOf('containerd.services.images.v1.ImageCreate');      // 'ImageCreate'
 * eventTypeOf('containerd.events.ImageCreate');                  // undefined (not where containerd declares it)
 * ```
 */
export function eventTypeOf(typeUrl: string): EventType | undefined {
  return TYPE_OF_NAME.get(typeUrl.slice(typeUrl.lastIndexOf('/') + 1));
}

/**
 * Decodes an event payload. Never throws: Left 'unknown-type' for a type_url we do not know, Left
 * 'malformed' for bytes that are not a well-formed message of the named type.
 * @example
 * ```ts
 * const r = decodeEvent(envelope.event);
 * if (isRight(r) && r.right.type === 'TaskExit') console.log(r.right.exitStatus);
 * ```
 */
export function decodeEvent(any: M.Any): Either<DecodeError, KnownEvent> {
  const { typeUrl, value } = any;
  const fail = (kind: DecodeError['kind'], why: string): Either<DecodeError, never> =>
    left({ kind, typeUrl, value, message: why });
  try {
    const type = typeof typeUrl === 'string' ? eventTypeOf(typeUrl) : undefined;
    if (type === undefined) return fail('unknown-type', `no event type for type_url ${JSON.stringify(typeUrl)}`);
    if (!(value instanceof Uint8Array)) return fail('malformed', 'payload is not bytes');
    const e = entries[type] as unknown as Entry<EventType>;
    const bad = e.check(value);
    return bad === undefined ? right(e.decode(value)) : fail('malformed', `${typeUrl}: ${bad}`);
  } catch (err) {
    return fail('malformed', `${String(typeUrl)}: ${errorMessage(err)}`);
  }
}

/**
 * Packs an event as containerd does (bare type_url), e.g. for Events.Publish.
 * @example
 * ```ts
 * encodeEvent({ type: 'TaskOOM', containerId: 'web' }); // { typeUrl: 'containerd.events.TaskOOM', value: <0a 03 ...> }
 * ```
 */
export function encodeEvent(event: KnownEvent): M.Any {
  const e = entries[event.type] as unknown as Entry<EventType>;
  return { typeUrl: eventTypeUrl(event.type), value: e.encode(event) };
}
