/**
 * The google.protobuf.Any registry: OCI specs packed as JSON, and containerd's event payloads by type_url.
 *
 * Design: {@link decodeEvent} never throws. It answers `Right(event)` for a well-formed payload of a known
 * type, `Left({ kind: 'malformed' })` for a known type whose bytes do not decode, and
 * `Left({ kind: 'unknown-type' })` (with the type_url and raw bytes) for a type_url we do not know.
 * {@link toEnvelope}, which feeds the event stream, turns an unknown type into an {@link UnknownEvent}
 * value (the stream carries it; diagnostics may ignore it) and keeps Left for malformed payloads only.
 *
 * Event type_urls are bare full names (`containerd.events.TaskExit`); any prefix ending in `/`
 * (`type.googleapis.com/`) is accepted too, as the Any convention allows.
 * @module
 */
import { left, right } from 'fp-ts/lib/Either.js';
import { codec } from './codec.js';
import { fromDate, toDate } from './timestamp.js';
/** type_url of an OCI runtime spec (JSON) in a container's `spec`. */
export const SPEC_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Spec';
/** type_url of an OCI process spec (JSON) in an exec's `spec`. */
export const PROCESS_SPEC_TYPE_URL = 'types.containerd.io/opencontainers/runtime-spec/1/Process';
/** The package of containerd's task and container events. */
export const EVENTS_PACKAGE = 'containerd.events';
const utf8 = new TextDecoder('utf-8', { fatal: true });
function message(e) {
    return e instanceof Error ? e.message : String(e);
}
/**
 * An Any holding `value` as JSON under `typeUrl`.
 * @example
 * ```ts
 * packJson('types.containerd.io/opencontainers/runtime-spec/1/Spec', { ociVersion: '1.0.2' });
 * ```
 */
export function packJson(typeUrl, value) {
    return { typeUrl, value: Buffer.from(JSON.stringify(value), 'utf8') };
}
/**
 * An OCI runtime spec packed for Containers.Create.
 * @example
 * ```ts
 * const container = { id: 'web', runtime: { name: 'io.containerd.runc.v2' }, spec: packSpec(spec) };
 * ```
 */
export function packSpec(spec) {
    return packJson(SPEC_TYPE_URL, spec);
}
/**
 * An OCI process spec packed for Tasks.Exec.
 * @example
 * ```ts
 * Tasks.exec.request.encode({ containerId: 'web', execId: 'sh', spec: packProcessSpec({ args: ['sh'], cwd: '/' }) });
 * ```
 */
export function packProcessSpec(process) {
    return packJson(PROCESS_SPEC_TYPE_URL, process);
}
/**
 * The JSON inside an Any (whatever its type_url), or Left 'malformed' if it is not UTF-8 JSON.
 * @example
 * ```ts
 * unpackJson(packSpec({ ociVersion: '1.0.2' })); // right({ ociVersion: '1.0.2' })
 * ```
 */
export function unpackJson(any) {
    try {
        return right(JSON.parse(utf8.decode(any.value)));
    }
    catch (e) {
        return left({ kind: 'malformed', typeUrl: any.typeUrl, value: any.value, message: message(e) });
    }
}
function entry(type, fromWire, toWire) {
    const c = codec(`${EVENTS_PACKAGE}.${type}`);
    return {
        check: (bytes) => c.check(bytes),
        decode: (bytes) => ({ type, ...fromWire(c.decode(bytes)) }),
        encode: (event) => c.encode(toWire(event)),
    };
}
const stamp = (d) => (d === undefined ? null : fromDate(d));
const idOnly = (m) => ({ containerId: m.containerId });
const entries = {
    TaskCreate: entry('TaskCreate', (m) => ({
        containerId: m.containerId, bundle: m.bundle, checkpoint: m.checkpoint, pid: m.pid,
        rootfs: m.rootfs.map((r) => ({ type: r.type, source: r.source, target: r.target, options: [...r.options] })),
        io: m.io === null ? undefined
            : { stdin: m.io.stdin, stdout: m.io.stdout, stderr: m.io.stderr, terminal: m.io.terminal },
    }), (e) => ({
        containerId: e.containerId, bundle: e.bundle, checkpoint: e.checkpoint, pid: e.pid,
        rootfs: e.rootfs.map((r) => ({ type: r.type, source: r.source, target: r.target, options: r.options })),
        io: e.io ?? null,
    })),
    TaskStart: entry('TaskStart', (m) => ({ containerId: m.containerId, pid: m.pid }), (e) => ({ containerId: e.containerId, pid: e.pid })),
    TaskDelete: entry('TaskDelete', (m) => ({ containerId: m.containerId, pid: m.pid, exitStatus: m.exitStatus, exitedAt: toDate(m.exitedAt), id: m.id }), (e) => ({ containerId: e.containerId, pid: e.pid, exitStatus: e.exitStatus, exitedAt: stamp(e.exitedAt), id: e.id })),
    TaskExit: entry('TaskExit', (m) => ({ containerId: m.containerId, id: m.id, pid: m.pid, exitStatus: m.exitStatus, exitedAt: toDate(m.exitedAt) }), (e) => ({ containerId: e.containerId, id: e.id, pid: e.pid, exitStatus: e.exitStatus, exitedAt: stamp(e.exitedAt) })),
    TaskOOM: entry('TaskOOM', idOnly, idOnly),
    TaskExecAdded: entry('TaskExecAdded', (m) => ({ containerId: m.containerId, execId: m.execId }), (e) => ({ containerId: e.containerId, execId: e.execId })),
    TaskExecStarted: entry('TaskExecStarted', (m) => ({ containerId: m.containerId, execId: m.execId, pid: m.pid }), (e) => ({ containerId: e.containerId, execId: e.execId, pid: e.pid })),
    TaskPaused: entry('TaskPaused', idOnly, idOnly),
    TaskResumed: entry('TaskResumed', idOnly, idOnly),
    TaskCheckpointed: entry('TaskCheckpointed', (m) => ({ containerId: m.containerId, checkpoint: m.checkpoint }), (e) => ({ containerId: e.containerId, checkpoint: e.checkpoint })),
    ContainerCreate: entry('ContainerCreate', (m) => ({ id: m.id, image: m.image, runtime: m.runtime === null ? undefined : { name: m.runtime.name } }), (e) => ({ id: e.id, image: e.image, runtime: e.runtime === undefined ? null : { name: e.runtime.name, options: null } })),
    ContainerUpdate: entry('ContainerUpdate', (m) => ({ id: m.id, image: m.image, labels: { ...m.labels }, snapshotKey: m.snapshotKey }), (e) => ({ id: e.id, image: e.image, labels: e.labels, snapshotKey: e.snapshotKey })),
    ContainerDelete: entry('ContainerDelete', (m) => ({ id: m.id }), (e) => ({ id: e.id })),
};
/** Every known event type, e.g. `['TaskCreate', 'TaskStart', ...]`. */
export const EVENT_TYPES = Object.keys(entries);
/**
 * The type_url containerd uses for an event type.
 * @example
 * ```ts
 * eventTypeUrl('TaskExit'); // 'containerd.events.TaskExit'
 * ```
 */
export function eventTypeUrl(type) {
    return `${EVENTS_PACKAGE}.${type}`;
}
/**
 * The event type a type_url names, with or without a `.../` prefix; `undefined` if not ours.
 * @example
 * ```ts
 * eventTypeOf('type.googleapis.com/containerd.events.TaskExit'); // 'TaskExit'
 * eventTypeOf('containerd.events.ImageCreate');                  // undefined
 * ```
 */
export function eventTypeOf(typeUrl) {
    const name = typeUrl.slice(typeUrl.lastIndexOf('/') + 1);
    const prefix = `${EVENTS_PACKAGE}.`;
    if (!name.startsWith(prefix))
        return undefined;
    const type = name.slice(prefix.length);
    return Object.hasOwn(entries, type) ? type : undefined;
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
export function decodeEvent(any) {
    const { typeUrl, value } = any;
    const fail = (kind, why) => left({ kind, typeUrl, value, message: why });
    try {
        const type = typeof typeUrl === 'string' ? eventTypeOf(typeUrl) : undefined;
        if (type === undefined)
            return fail('unknown-type', `no event type for type_url ${JSON.stringify(typeUrl)}`);
        if (!(value instanceof Uint8Array))
            return fail('malformed', 'payload is not bytes');
        const e = entries[type];
        const bad = e.check(value);
        return bad === undefined ? right(e.decode(value)) : fail('malformed', `${typeUrl}: ${bad}`);
    }
    catch (err) {
        return fail('malformed', `${String(typeUrl)}: ${message(err)}`);
    }
}
/**
 * Packs an event as containerd does (bare type_url), e.g. for Events.Publish.
 * @example
 * ```ts
 * encodeEvent({ type: 'TaskOOM', containerId: 'web' }); // { typeUrl: 'containerd.events.TaskOOM', value: <0a 03 ...> }
 * ```
 */
export function encodeEvent(event) {
    const e = entries[event.type];
    return { typeUrl: eventTypeUrl(event.type), value: e.encode(event) };
}
/**
 * The {@link UnknownEvent} value for an Any we could not name.
 * @example
 * ```ts
 * unknownEvent({ typeUrl: 'x.Y', value: new Uint8Array() }); // { type: 'Unknown', typeUrl: 'x.Y', value: ... }
 * ```
 */
export function unknownEvent(any) {
    return { type: 'Unknown', typeUrl: any.typeUrl, value: any.value };
}
/**
 * The typed envelope of a raw one from Events.Subscribe. An unknown type_url gives an
 * {@link UnknownEvent} inside Right; a malformed payload, or no payload, gives Left. A missing timestamp
 * (the daemon always sets one) reads as the Unix epoch.
 * @example
 * ```ts
 * Events.subscribe  // response codec yields EnvelopeMessage
 * const r = toEnvelope(raw);
 * if (isRight(r)) console.log(r.right.topic, r.right.event.type);
 * ```
 */
export function toEnvelope(raw) {
    const timestamp = toDate(raw.timestamp) ?? new Date(0);
    const { namespace, topic } = raw;
    if (raw.event === null || raw.event === undefined) {
        return left({ kind: 'malformed', typeUrl: '', value: new Uint8Array(0), message: `envelope on ${topic} without an event` });
    }
    const decoded = decodeEvent(raw.event);
    if (decoded._tag === 'Right')
        return right({ timestamp, namespace, topic, event: decoded.right });
    if (decoded.left.kind === 'unknown-type')
        return right({ timestamp, namespace, topic, event: unknownEvent(raw.event) });
    return decoded;
}
//# sourceMappingURL=any.js.map