/**
 * The options of a content write, checked at the call: a wrong type is a TypeError naming the option, a digest
 * or ref that cannot be one is an InvalidArgumentError, before anything reaches the daemon.
 * @module
 */
import { numberOption } from '../client/validate.js';
import { invalidArgument } from '../client/error-mapping.js';
import type { ProgressThrottle } from './write-progress.js';

/** Options of {@link ContentStore.write$}. */
export interface WriteOptions {
  /**
   * The blob's expected digest (`sha256:…`). The bytes are checked against it while they stream; a mismatch
   * fails with DigestMismatchError and commits nothing. Absent: the digest is computed and committed as is
   * (a `docker save` layer, known only once read); `ref` is then required.
   */
  readonly digest?: string;
  /** The blob's size in bytes; checked like the digest. Absent: whatever the source holds. */
  readonly size?: number;
  /**
   * The ingest's name. A second write under the same ref resumes where the first stopped. Default
   * `rxc-<digest>`, so that any retry of the same blob resumes.
   */
  readonly ref?: string;
  /** Labels of the committed blob (e.g. containerd's `containerd.io/gc.ref.*`); added to an existing blob's. */
  readonly labels?: Readonly<Record<string, string>>;
  /** The media type the resolved descriptor carries (containerd keeps none). Default `application/octet-stream`. */
  readonly mediaType?: string;
  /** How often progress is emitted while bytes flow. Default every 100 ms or 4 MiB. */
  readonly progress?: ProgressThrottle;
}

/** The checked options, with the ref settled. */
export interface CheckedWrite {
  readonly digest: string | undefined;
  readonly size: number | undefined;
  readonly ref: string;
  readonly labels: Readonly<Record<string, string>> | undefined;
  readonly mediaType: string;
  readonly progress: ProgressThrottle | undefined;
}

const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** Checks `options` of a write; throws TypeError or InvalidArgumentError. */
export function checkWriteOptions(options: WriteOptions | undefined, call: string): CheckedWrite {
  if (typeof options !== 'object' || options === null) throw new TypeError(`write's options must be an object with digest and size, or ref; got ${String(options)}`);
  const { digest, size, ref, labels, mediaType, progress } = options;
  if (digest !== undefined && (typeof digest !== 'string' || !DIGEST.test(digest))) throw invalidArgument(call, `digest must be sha256: and 64 lowercase hex digits; got ${JSON.stringify(digest)}`);
  if (size !== undefined) numberOption(size, 'size', 'write', { min: 0, integer: true, unit: 'bytes' });
  if (ref !== undefined && (typeof ref !== 'string' || ref === '')) throw new TypeError(`write's option ref must be a non-empty string; got ${JSON.stringify(ref)}`);
  if (digest === undefined && ref === undefined) throw invalidArgument(call, 'a write without a digest needs a ref (the ingest cannot be named after a digest not yet known)');
  checkLabels(labels, 'write');
  if (mediaType !== undefined && typeof mediaType !== 'string') throw new TypeError(`write's option mediaType must be a string; got ${String(mediaType)}`);
  return { digest, size, ref: ref ?? `rxc-${digest!}`, labels, mediaType: mediaType ?? 'application/octet-stream', progress };
}

/** Checks that `labels` is absent or an object of string values (or null, where `nullable`); throws TypeError. */
export function checkLabels(labels: unknown, what: string, nullable = false): void {
  if (labels === undefined) return;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) throw new TypeError(`${what}'s labels must be an object of strings; got ${String(labels)}`);
  for (const [key, value] of Object.entries(labels)) {
    if (key === '') throw new TypeError(`${what}'s labels must not have an empty key`);
    if (typeof value !== 'string' && !(nullable && value === null)) throw new TypeError(`${what}'s label ${JSON.stringify(key)} must be a string${nullable ? ' or null' : ''}; got ${String(value)}`);
  }
}
