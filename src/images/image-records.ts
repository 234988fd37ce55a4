/**
 * Image records (containerd's Images service): a name pointing at a descriptor (an index or a manifest), with
 * labels. The record is all an image is on the daemon; its content lives in the content store, reached from the
 * target by the GC labels.
 * @module
 */
import { map, throwError, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import type { DescriptorMessage, ImageInput, ImageMessage } from '../proto/image-messages.js';
import type { Labels } from '../proto/messages.js';
import { Images } from '../proto/services.js';
import { toDate } from '../proto/timestamp.js';
import { Image } from './image.js';
import type { Descriptor } from './oci-types.js';

/** An image record as the daemon keeps it. */
export interface ImageRecord {
  /** The image's name, a full reference: `docker.io/library/alpine:3.19`. */
  readonly name: string;
  /** The index or manifest the name points at. */
  readonly target: Descriptor;
  /** The record's labels. */
  readonly labels: Labels;
  /** When the record was made, if the daemon says. */
  readonly createdAt?: Date;
  /** When it last changed, if the daemon says. */
  readonly updatedAt?: Date;
}

/** A record to create or update: the daemon sets the times. */
export interface ImageRecordInput {
  /** The image's name. */
  readonly name: string;
  /** The index or manifest it points at. */
  readonly target: Descriptor;
  /** Its labels. */
  readonly labels?: Labels;
}

/** The fields {@link updateImage$} may replace. */
export type ImageField = 'target' | 'labels';

/**
 * The images of the namespace, or those matching any of `filters` (containerd's filter syntax, as
 * `ctr images ls` takes it: `name==docker.io/library/alpine:3.19`, `name~=alpine`, `labels."k"==v`,
 * `target.mediatype==…`), as one array in the daemon's order.
 */
export function images$(port: CallPort, filters: readonly string[] = []): Observable<Image[]> {
  if (!Array.isArray(filters) || filters.some((f) => typeof f !== 'string')) {
    return throwError(() => new TypeError(`images' filters must be an array of strings (containerd's filter syntax); got ${typeof filters === 'string' ? JSON.stringify(filters) : typeof filters}`));
  }
  return port.call$(Images.list, { filters }).pipe(map((r) => r.images.map((m) => new Image(port, toImageRecord(m)))));
}

/** The image `name`. @throws NotFoundError naming it when there is none. */
export function getImage$(port: CallPort, name: string): Observable<Image> {
  return port.call$(Images.get, { name }).pipe(map((r) => new Image(port, toImageRecord(r.image))));
}

/** Creates the record `input`. @throws AlreadyExistsError when the name is taken. */
export function createImage$(port: CallPort, input: ImageRecordInput): Observable<Image> {
  return port.call$(Images.create, { image: toInput(input) }).pipe(map((r) => new Image(port, toImageRecord(r.image))));
}

/**
 * Replaces the `fields` of the record `input.name` (default both target and labels) with those of `input`.
 * @throws NotFoundError when there is no such record.
 */
export function updateImage$(port: CallPort, input: ImageRecordInput, fields: readonly ImageField[] = ['target', 'labels']): Observable<Image> {
  return port.call$(Images.update, { image: toInput(input), updateMask: { paths: [...fields] } })
    .pipe(map((r) => new Image(port, toImageRecord(r.image))));
}

/** The wire's image as an {@link ImageRecord}. */
export function toImageRecord(m: ImageMessage | null): ImageRecord {
  if (m === null || m.target === null) throw new Error('rx-containerd: the daemon answered an image call without the image');
  const createdAt = toDate(m.createdAt);
  const updatedAt = toDate(m.updatedAt);
  return {
    name: m.name,
    target: toDescriptor(m.target),
    labels: { ...m.labels },
    ...(createdAt ? { createdAt } : {}),
    ...(updatedAt ? { updatedAt } : {}),
  };
}

function toDescriptor(d: DescriptorMessage): Descriptor {
  const annotations = Object.keys(d.annotations).length > 0 ? { annotations: { ...d.annotations } } : {};
  return { mediaType: d.mediaType, digest: d.digest, size: d.size, ...annotations };
}

function toInput(input: ImageRecordInput): ImageInput {
  const { mediaType, digest, size, annotations } = input.target;
  return { name: input.name, labels: input.labels ?? {}, target: { mediaType, digest, size, ...(annotations ? { annotations } : {}) } };
}
