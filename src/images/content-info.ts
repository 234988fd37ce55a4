/**
 * What the content store says of a blob (Content.Info, Content.Update) and of an ingest in progress
 * (Content.Status), as plain values with Dates.
 * @module
 */
import { map, type Observable } from 'rxjs';
import type { CallPort } from '../client/call-port.js';
import type { ContentInfoMessage, ContentStatusMessage } from '../proto/image-messages.js';
import { Content } from '../proto/services.js';
import { toDate } from '../proto/timestamp.js';
import { checkLabels } from './write-options.js';

/** A blob of the content store. */
export interface ContentInfo {
  /** Its digest, `sha256:…`. */
  readonly digest: string;
  /** Its size in bytes. */
  readonly size: number;
  /** When it was committed. */
  readonly createdAt: Date | undefined;
  /** When it or its labels last changed. */
  readonly updatedAt: Date | undefined;
  /** Its labels (containerd's GC reads `containerd.io/gc.*` among them). */
  readonly labels: Readonly<Record<string, string>>;
}

/** An ingest: a write in progress or left unfinished, resumable under its ref. */
export interface IngestStatus {
  /** The ingest's name. */
  readonly ref: string;
  /** The bytes written so far. */
  readonly offset: number;
  /** The announced size in bytes, 0 when none was. */
  readonly total: number;
  /** The announced digest, `''` when none was. */
  readonly expected: string;
  /** When the ingest began. */
  readonly startedAt: Date | undefined;
  /** When it last received bytes. */
  readonly updatedAt: Date | undefined;
}

/** Options of {@link updateLabels$}. */
export interface UpdateLabelsOptions {
  /** Replace all the labels with the given ones (the others removed) instead of setting just those. Default false. */
  readonly replace?: boolean;
}

/** The wire's content info as a {@link ContentInfo}. */
export function toContentInfo(info: ContentInfoMessage | null, digest: string): ContentInfo {
  return {
    digest: info?.digest ?? digest,
    size: info?.size ?? 0,
    createdAt: toDate(info?.createdAt),
    updatedAt: toDate(info?.updatedAt),
    labels: info?.labels ?? {},
  };
}

/** The wire's ingest status as an {@link IngestStatus}. */
export function toIngestStatus(status: ContentStatusMessage): IngestStatus {
  const { ref, offset, total, expected } = status;
  return { ref, offset, total, expected, startedAt: toDate(status.startedAt), updatedAt: toDate(status.updatedAt) };
}

/** Content.Info of `digest`; NotFoundError when the namespace has no such blob. */
export function contentInfo$(port: CallPort, digest: string): Observable<ContentInfo> {
  return port.call$(Content.info, { digest }).pipe(map(({ info }) => toContentInfo(info, digest)));
}

/**
 * Sets the blob's labels named in `labels` (a value of `''` or null removes that label), or with `replace`
 * makes them its only labels; emits the blob's info after. Content.Update with a field mask of `labels.<key>`
 * paths (`labels` when replacing), as containerd's own clients send it; containerd drops empty values.
 */
export function updateLabels$(port: CallPort, digest: string, labels: Readonly<Record<string, string | null>>, options: UpdateLabelsOptions = {}): Observable<ContentInfo> {
  checkLabels(labels, 'updateLabels', true);
  const kept = Object.fromEntries(Object.entries(labels).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''));
  const paths = options.replace === true ? ['labels'] : Object.keys(labels).map((key) => `labels.${key}`);
  // an empty mask would make containerd replace every label: nothing named, nothing changed
  if (paths.length === 0) return contentInfo$(port, digest);
  return port.call$(Content.update, { info: { digest, labels: kept }, updateMask: { paths } }).pipe(map(({ info }) => toContentInfo(info, digest)));
}
