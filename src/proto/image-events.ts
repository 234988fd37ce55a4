/**
 * The events of images, content and snapshots as typed values (topics `/images/*`, `/content/*`,
 * `/snapshot/*`), members of {@link ContainerdEvent} like the task and container events.
 * @module
 */

/** An image record was created (`/images/create`). */
export interface ImageCreate {
  /** The event's kind. */
  readonly type: 'ImageCreate';
  /** The image's name, e.g. `'docker.io/library/busybox:latest'`. */
  readonly name: string;
  /** Its labels. */
  readonly labels: Readonly<Record<string, string>>;
}

/** An image record changed: a new target or new labels (`/images/update`). */
export interface ImageUpdate {
  /** The event's kind. */
  readonly type: 'ImageUpdate';
  /** The image's name. */
  readonly name: string;
  /** Its labels after the update. */
  readonly labels: Readonly<Record<string, string>>;
}

/** An image record was deleted (`/images/delete`); its content stays until the garbage collector runs. */
export interface ImageDelete {
  /** The event's kind. */
  readonly type: 'ImageDelete';
  /** The image's name. */
  readonly name: string;
}

/** A blob was committed to the content store (`/content/create`; containerd 2.x publishes it, 1.6 and 1.7 do not). */
export interface ContentCreate {
  /** The event's kind. */
  readonly type: 'ContentCreate';
  /** The blob's digest, e.g. `'sha256:…'`. */
  readonly digest: string;
  /** Its size in bytes. */
  readonly size: number;
}

/** A blob left the content store (`/content/delete`). */
export interface ContentDelete {
  /** The event's kind. */
  readonly type: 'ContentDelete';
  /** The blob's digest, e.g. `'sha256:…'`. */
  readonly digest: string;
}

/** An active snapshot was prepared (`/snapshot/prepare`). */
export interface SnapshotPrepare {
  /** The event's kind. */
  readonly type: 'SnapshotPrepare';
  /** The new snapshot's key. */
  readonly key: string;
  /** Its parent (a committed snapshot's name, often a chain id), or `''`. */
  readonly parent: string;
}

/** An active snapshot was committed under a name (`/snapshot/commit`). */
export interface SnapshotCommit {
  /** The event's kind. */
  readonly type: 'SnapshotCommit';
  /** The active snapshot's key. */
  readonly key: string;
  /** The committed snapshot's name. */
  readonly name: string;
}

/** A snapshot was removed (`/snapshot/remove`). */
export interface SnapshotRemove {
  /** The event's kind. */
  readonly type: 'SnapshotRemove';
  /** The snapshot's key or name. */
  readonly key: string;
}

/** The events of images, content and snapshots. */
export type ImageEvent = ImageCreate | ImageUpdate | ImageDelete | ContentCreate | ContentDelete | SnapshotPrepare | SnapshotCommit | SnapshotRemove;

/** The topics the daemon publishes for images, content and snapshots. */
export const ImageTopics = {
  /** An image record was created. */
  ImageCreate: '/images/create',
  /** An image record was updated. */
  ImageUpdate: '/images/update',
  /** An image record was deleted. */
  ImageDelete: '/images/delete',
  /** A blob was committed to the content store (containerd 2.x). */
  ContentCreate: '/content/create',
  /** A blob was deleted from the content store. */
  ContentDelete: '/content/delete',
  /** A snapshot was prepared. */
  SnapshotPrepare: '/snapshot/prepare',
  /** A snapshot was committed. */
  SnapshotCommit: '/snapshot/commit',
  /** A snapshot was removed. */
  SnapshotRemove: '/snapshot/remove',
} as const satisfies Record<ImageEvent['type'], string>;
