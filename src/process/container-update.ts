/**
 * Changing an existing container's labels and annotations: containerd's Containers.Update with a field mask,
 * as `ctr containers label` and the Go client's `Container.SetLabels` send it.
 * @module
 */
import { defer, map, mergeMap, Observable, of } from 'rxjs';
import { invalidArgument } from '../client/error-mapping.js';
import type { CallPort } from '../client/call-port.js';
import { packSpec, unpackJson } from '../proto/oci-json.js';
import type { Container as ContainerMessage, ContainerInput } from '../proto/messages.js';
import { Containers } from '../proto/services.js';
import { isLeft } from 'fp-ts/lib/Either.js';
import { ETC_FILES_LABEL } from './spec-options/etc-hosts.js';
import { STOP_SIGNAL_LABEL } from './stop-signal.js';
import { ROOTFS_LABEL } from './task-rootfs.js';

/** The daemon's call both updates make, as errors name it. */
export const UPDATE_CALL = '/containerd.services.containers.v1.Containers/Update';

/**
 * containerd's limit on one label: key and value together at most 4096 bytes (UTF-8), as its
 * `labels.Validate` checks (source: containerd's labels/validate.go, `maxSize = 4096`).
 */
export const MAX_LABEL_BYTES = 4096;

/** A change of labels or annotations: a string sets one, `''` or null removes it, a name left out stays. */
export type LabelChanges = Readonly<Record<string, string | null>>;

/** What {@link Container.update} changes; what is left out stays as it is. */
export interface ContainerUpdateOptions {
  /**
   * Labels to set (a string) or remove (`''` or null); the container's other labels stay. containerd keeps
   * labels in its metadata only: they change for a running task too, and filters (`labels."app"==web`) see them
   * at once. Matches `ctr containers label ID key=value` and the Go client's `Container.SetLabels`; `docker run
   * --label` sets them at creation.
   */
  readonly labels?: LabelChanges;
  /**
   * OCI annotations to set (a string) or remove (`''` or null), in the container's stored spec (its
   * `annotations` field); the others stay. A running task keeps the spec it was created with (runc read it from
   * its bundle then): the change is for the next task. Matches `docker run --annotation` and containerd's
   * `oci.WithAnnotations`, applied after creation.
   */
  readonly annotations?: LabelChanges;
}

/** The labels this library reads back (a folder container's rootfs, the image's stop signal, the generated /etc files' folder): kept by a full replace. */
const KEPT_LABELS = [ROOTFS_LABEL, STOP_SIGNAL_LABEL, ETC_FILES_LABEL] as const;

/**
 * Containers.Update for `update`, checked first (InvalidArgumentError naming the option and the key); emits the
 * record the daemon stored. Annotations are a read-modify-write of the stored spec (Get, then one Update of
 * `spec` with the labels' paths): two writers racing on the same container's annotations can lose one's change.
 */
export function updateContainer$(port: CallPort, id: string, update: ContainerUpdateOptions): Observable<ContainerMessage> {
  return defer(() => {
    checkUpdate(update);
    const labels = update.labels ?? {};
    const labelPaths = Object.keys(labels).map((key) => `labels.${key}`);
    const labelValues = kept(labels);
    const annotations = update.annotations;
    if (annotations === undefined || Object.keys(annotations).length === 0) {
      if (labelPaths.length === 0) return port.call$(Containers.get, { id }).pipe(map(({ container }) => container!));
      return send$(port, { id, labels: labelValues }, labelPaths);
    }
    return port.call$(Containers.get, { id }).pipe(
      mergeMap(({ container }) => {
        const spec = specOf(container!);
        const merged = { ...(spec.annotations as Record<string, string> | undefined), ...kept(annotations) };
        for (const [key, value] of Object.entries(annotations)) if (value === null || value === '') delete merged[key];
        const next = { ...spec };
        if (Object.keys(merged).length === 0) delete next.annotations;
        else next.annotations = merged;
        return send$(port, { id, labels: labelValues, spec: packSpec(next) }, [...labelPaths, 'spec']);
      }),
    );
  });
}

/**
 * Containers.Update replacing all the labels with `labels` (mask path `labels`); emits the stored record. The
 * labels this library itself reads back (the rootfs folder of a folder container, the image's stop signal, the folder of the generated /etc files) stay
 * unless `labels` names them: without them the container's next task would lose its root or its stop signal.
 */
export function setLabels$(port: CallPort, record: ContainerMessage, labels: Readonly<Record<string, string>>): Observable<ContainerMessage> {
  return defer(() => {
    checkChanges(labels, 'labels', false);
    const own = Object.fromEntries(KEPT_LABELS.filter((k) => record.labels[k] !== undefined && !(k in labels)).map((k) => [k, record.labels[k]!]));
    return send$(port, { id: record.id, labels: { ...own, ...kept(labels) } }, ['labels']);
  });
}

function send$(port: CallPort, container: ContainerInput, paths: readonly string[]): Observable<ContainerMessage> {
  return port.call$(Containers.update, { container, updateMask: { paths } }).pipe(
    mergeMap(({ container: stored }) => (stored ? of(stored) : port.call$(Containers.get, { id: container.id }).pipe(map((r) => r.container!)))),
  );
}

function kept(changes: LabelChanges): Record<string, string> {
  return Object.fromEntries(Object.entries(changes).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
}

function specOf(record: ContainerMessage): Record<string, unknown> {
  if (!record.spec) throw invalidArgument(UPDATE_CALL, `container ${record.id} has no spec to hold annotations`);
  const json = unpackJson(record.spec);
  if (isLeft(json) || typeof json.right !== 'object' || json.right === null) {
    throw invalidArgument(UPDATE_CALL, `container ${record.id}'s spec is not JSON: its annotations cannot be changed`);
  }
  return json.right as Record<string, unknown>;
}

/** Checks an update's shape: an object with `labels` and `annotations` only, each a map of strings or null. */
export function checkUpdate(update: unknown): asserts update is ContainerUpdateOptions {
  if (typeof update !== 'object' || update === null || Array.isArray(update)) {
    throw invalidArgument(UPDATE_CALL, `update must be an object of { labels?, annotations? }, got ${String(update)}`);
  }
  for (const key of Object.keys(update)) {
    if (key !== 'labels' && key !== 'annotations') throw invalidArgument(UPDATE_CALL, `update has no option ${JSON.stringify(key)} (labels, annotations)`);
  }
  const { labels, annotations } = update as ContainerUpdateOptions;
  if (labels !== undefined) checkChanges(labels, 'labels', true);
  if (annotations !== undefined) checkChanges(annotations, 'annotations', true);
}

/**
 * Checks labels (or annotations): a plain object, keys non-empty, values strings (or null when `nullable`);
 * a label's key and value together within {@link MAX_LABEL_BYTES}.
 */
export function checkChanges(changes: unknown, option: 'labels' | 'annotations', nullable: boolean): void {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) {
    throw invalidArgument(UPDATE_CALL, `${option} must be an object of strings${nullable ? ' or null' : ''}, got ${JSON.stringify(changes) ?? String(changes)}`);
  }
  for (const [key, value] of Object.entries(changes)) {
    if (key === '') throw invalidArgument(UPDATE_CALL, `${option} must not have an empty key`);
    if (typeof value !== 'string' && !(nullable && value === null)) {
      throw invalidArgument(UPDATE_CALL, `${option}[${JSON.stringify(key)}] must be a string${nullable ? ' or null' : ''}, got ${JSON.stringify(value) ?? String(value)}`);
    }
    if (option === 'labels') {
      const bytes = Buffer.byteLength(key) + Buffer.byteLength(value ?? '');
      if (bytes > MAX_LABEL_BYTES) {
        throw invalidArgument(UPDATE_CALL, `labels[${JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key)}]: key and value are ${bytes} bytes, containerd's limit is ${MAX_LABEL_BYTES}`);
      }
    }
  }
}
