/**
 * The typed errors of image content: a blob that is not what its media type says, a blob whose bytes do not
 * match its digest, an image with no manifest for a platform, an image archive that cannot be read. Each is a
 * {@link ContainerdError} subclass of the class containerd itself answers with for the same condition, so a
 * caller's existing branch on `NotFoundError` or `FailedPreconditionError` still holds.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { nameErrorClass } from './error-base.js';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError } from './error-classes.js';

/** What an {@link ImageFormatError} names: the blob and what was wrong with it. */
export interface ImageFormatDetails {
  /** The blob's digest (`sha256:…`), or the archive entry's name when the blob has no digest yet. */
  readonly digest: string;
  /** The media type the blob was read as, e.g. `application/vnd.oci.image.manifest.v1+json`. */
  readonly mediaType: string;
  /** What is wrong: `not JSON: …`, `field "layers" is missing`, `field "config.Env" is not an array of strings`. */
  readonly problem: string;
  /** The JSON parser's error, when the bytes were not JSON. */
  readonly cause?: unknown;
}

/**
 * A blob that is not the JSON document its media type says (an index, a manifest, an image config): malformed
 * JSON, or a field missing or of the wrong type. An InvalidArgumentError (code 3); `digest` names the blob.
 */
export class ImageFormatError extends InvalidArgumentError implements ImageFormatDetails {
  readonly digest: string;
  readonly mediaType: string;
  readonly problem: string;

  constructor(details: ImageFormatDetails, call = 'parseBlob') {
    const message = `blob ${details.digest} is not a valid ${details.mediaType}: ${details.problem}`;
    super({ code: GrpcStatus.INVALID_ARGUMENT, daemonMessage: message, call, cause: details.cause });
    this.digest = details.digest;
    this.mediaType = details.mediaType;
    this.problem = details.problem;
  }
}

/** What a {@link DigestMismatchError} compares. */
export interface DigestMismatchDetails {
  /** The digest the blob was announced with. */
  readonly expectedDigest: string;
  /** The digest of the bytes actually read (of the bytes up to the point the read stopped, when too long). */
  readonly actualDigest: string;
  /** The size announced, in bytes, when one was. */
  readonly expectedSize: number | undefined;
  /** The bytes actually read. */
  readonly size: number;
}

/**
 * The bytes of a blob do not match the digest or the size it was announced with: nothing may be committed.
 * A FailedPreconditionError (code 9), as containerd's content store answers a commit with "unexpected commit
 * digest" or "unexpected commit size".
 */
export class DigestMismatchError extends FailedPreconditionError implements DigestMismatchDetails {
  readonly expectedDigest: string;
  readonly actualDigest: string;
  readonly expectedSize: number | undefined;
  readonly size: number;

  constructor(details: DigestMismatchDetails, call = 'verifyDigest') {
    const sized = details.expectedSize !== undefined && details.expectedSize !== details.size;
    const message = sized
      ? `blob ${details.expectedDigest}: unexpected size ${details.size} bytes, expected ${details.expectedSize}`
      : `blob ${details.expectedDigest}: unexpected digest ${details.actualDigest} (${details.size} bytes)`;
    super({ code: GrpcStatus.FAILED_PRECONDITION, daemonMessage: message, call });
    this.expectedDigest = details.expectedDigest;
    this.actualDigest = details.actualDigest;
    this.expectedSize = details.expectedSize;
    this.size = details.size;
  }
}

/**
 * An image with no manifest for the platform asked for. A NotFoundError (code 5), as containerd answers "no
 * match for platform in manifest"; `platform` is what was asked for and `available` what the image has, both
 * as `os/architecture[/variant]`, the latter listed in the message.
 */
export class PlatformNotFoundError extends NotFoundError {
  /** The platform asked for, e.g. `linux/amd64`. */
  readonly platform: string;
  /** The platforms the image has, e.g. `['linux/arm64/v8', 'linux/arm/v7']`. */
  readonly available: readonly string[];
  /** The image concerned (its name, or the reference pulled), when known. */
  readonly image: string | undefined;

  constructor(details: { readonly platform: string; readonly available: readonly string[]; readonly image?: string }, call = 'selectManifest') {
    const has = details.available.length === 0 ? 'none' : details.available.join(', ');
    const of = details.image === undefined ? 'the image' : `image ${details.image}`;
    super({ code: GrpcStatus.NOT_FOUND, daemonMessage: `${of} has no manifest for platform ${details.platform} (it has: ${has})`, call });
    this.platform = details.platform;
    this.available = Object.freeze([...details.available]);
    this.image = details.image;
  }
}

/** Why an image archive could not be read. */
export type ImageArchiveProblem = 'unreadable' | 'empty' | 'corrupt-gzip' | 'not-a-tar' | 'truncated' | 'no-index' | 'missing-blob' | 'too-large' | 'malformed';

/** What an {@link ImageArchiveError} is made from. */
export interface ImageArchiveDetails {
  /** What is wrong, as a stable word to branch on. */
  readonly problem: ImageArchiveProblem;
  /** The archive entry concerned, when there is one. */
  readonly entry?: string;
  /** What is wrong, in words. */
  readonly detail: string;
  /** The archive's file, when it was given as a path. */
  readonly archive?: string;
  /** What was thrown underneath: Node's, zlib's or tar-stream's error. */
  readonly cause?: unknown;
}

/**
 * An image archive (an OCI image layout or a `docker save` tar) that cannot be imported: a file that cannot be
 * read (missing, a directory: `cause` is Node's error), empty (0 bytes, or a tar with no file), a gzip stream zlib
 * cannot read, not a tar, cut short, an OCI layout without index.json, a blob it refers to and does not hold, a
 * metadata file over the size cap, or a metadata file that is not what it should be. An InvalidArgumentError
 * (code 3); `archive` names the file (when the archive was given as a path) and `entry` the archive entry
 * concerned, when there is one; both are in the message.
 */
export class ImageArchiveError extends InvalidArgumentError implements ImageArchiveDetails {
  /** What is wrong, as a stable word to branch on. */
  readonly problem: ImageArchiveProblem;
  /** The archive entry concerned (`blobs/sha256/…`, `index.json`, `manifest.json`), when there is one. */
  readonly entry: string | undefined;
  /** The archive's file, when the archive was given as a path; undefined for bytes or a stream. */
  readonly archive: string | undefined;
  /** What is wrong, in words (the message without the archive's and the entry's names). */
  readonly detail: string;

  constructor(details: ImageArchiveDetails, call = 'importImage') {
    const at = details.entry === undefined ? '' : ` (entry ${details.entry})`;
    const of = details.archive === undefined ? 'image archive' : `image archive ${JSON.stringify(details.archive)}`;
    super({ code: GrpcStatus.INVALID_ARGUMENT, daemonMessage: `${of}: ${details.detail}${at}`, call, cause: details.cause });
    this.problem = details.problem;
    this.entry = details.entry;
    this.archive = details.archive;
    this.detail = details.detail;
  }

  /** This error naming the archive's file `archive` (unless it names one already). */
  naming(archive: string): ImageArchiveError {
    if (this.archive !== undefined) return this;
    return new ImageArchiveError({ problem: this.problem, detail: this.detail, archive, cause: this.cause, ...(this.entry === undefined ? {} : { entry: this.entry }) }, this.call);
  }
}

for (const [cls, name, code] of [
  [ImageFormatError, 'ImageFormatError', 'ERR_CONTAINERD_IMAGE_FORMAT'],
  [DigestMismatchError, 'DigestMismatchError', 'ERR_CONTAINERD_DIGEST_MISMATCH'],
  [PlatformNotFoundError, 'PlatformNotFoundError', 'ERR_CONTAINERD_PLATFORM_NOT_FOUND'],
  [ImageArchiveError, 'ImageArchiveError', 'ERR_CONTAINERD_IMAGE_ARCHIVE'],
] as const) nameErrorClass(cls, name, code);
