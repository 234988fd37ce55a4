/**
 * A container's whole record as the daemon stores it, in the shape `ctr containers info` prints.
 * @module
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import type { Container as ContainerMessage } from '../proto/messages.js';
import { unpackJson } from '../proto/oci-json.js';
import { toDate } from '../proto/timestamp.js';
import type { OciSpec } from './oci-spec.js';

/** An extension of a container record, or its runtime's options: a protobuf Any, decoded when it is JSON. */
export interface ContainerExtension {
  /** Its type, e.g. `types.containerd.io/...` for a value the Go client stored as JSON. */
  readonly typeUrl: string;
  /** Its bytes, as stored. */
  readonly value: Uint8Array;
  /**
   * The value decoded, when it is known: JSON under a `types.containerd.io/` type (how containerd's typeurl
   * stores types it has no protobuf for); undefined otherwise (a protobuf message: decode `value` yourself).
   */
  readonly decoded?: unknown;
}

/** The runtime a container's tasks run with. */
export interface ContainerRuntimeInfo {
  /** The runtime's name, e.g. `io.containerd.runc.v2`. */
  readonly name: string;
  /** Its options (e.g. runc's `containerd.runc.v1.Options`), when the record has any. */
  readonly options?: ContainerExtension;
}

/** What {@link Container.info} tells: the container's record, as `ctr containers info ID` shows it. */
export interface ContainerInfo {
  /** The container's id. */
  readonly id: string;
  /** The image it was made from (its name), `''` for a container of a rootfs folder. */
  readonly image: string;
  /** The snapshotter of its root filesystem snapshot, `''` when it has none. */
  readonly snapshotter: string;
  /** The key of its root filesystem snapshot, `''` when it has none. */
  readonly snapshotKey: string;
  /** The runtime its tasks run with. */
  readonly runtime: ContainerRuntimeInfo;
  /** Its labels, as stored now. */
  readonly labels: Readonly<Record<string, string>>;
  /** When the daemon created it; undefined when the record has no time. */
  readonly createdAt: Date | undefined;
  /** When its record last changed (an update of labels, annotations); undefined when the record has no time. */
  readonly updatedAt: Date | undefined;
  /** Extensions other clients attached to it, by name. */
  readonly extensions: Readonly<Record<string, ContainerExtension>>;
  /** Its OCI spec, decoded; undefined when it has none or it is not JSON. */
  readonly spec: OciSpec | undefined;
}

/** The info of a container record. */
export function containerInfo(record: ContainerMessage): ContainerInfo {
  const options = record.runtime?.options;
  return {
    id: record.id,
    image: record.image,
    snapshotter: record.snapshotter,
    snapshotKey: record.snapshotKey,
    runtime: { name: record.runtime?.name ?? '', ...(options ? { options: extension(options) } : {}) },
    labels: { ...record.labels },
    createdAt: toDate(record.createdAt),
    updatedAt: toDate(record.updatedAt),
    extensions: Object.fromEntries(Object.entries(record.extensions ?? {}).map(([name, any]) => [name, extension(any)])),
    spec: specOf(record),
  };
}

/** The record's OCI spec, decoded; undefined when it has none or it is not JSON. */
export function specOf(record: ContainerMessage): OciSpec | undefined {
  if (!record.spec) return undefined;
  const json = unpackJson(record.spec);
  return isLeft(json) ? undefined : (json.right as OciSpec);
}

function extension(any: { readonly typeUrl: string; readonly value: Uint8Array }): ContainerExtension {
  if (!any.typeUrl.startsWith('types.containerd.io/')) return { typeUrl: any.typeUrl, value: any.value };
  const json = unpackJson(any);
  return isLeft(json) ? { typeUrl: any.typeUrl, value: any.value } : { typeUrl: any.typeUrl, value: any.value, decoded: json.right };
}
