/**
 * The wire messages of the image services (content, images, snapshots, diff, leases, introspection) and their
 * events, as plain objects in the shape protobufjs gives them: camelCase names, int64 as number (exact up to
 * 2^53 bytes), bytes as Uint8Array, enums as their names, an absent sub-message as `null`.
 *
 * Requests mark optional what containerd does not require; responses are decoded with defaults, so every field
 * is present. The build checks every interface here against the .proto files (messages-match.ts).
 * @module
 */
import type { AnyMessage as Any } from './answers.js';
import type { Timestamp } from './timestamp.js';
import type { FieldMask, Labels, Mount, MountInput } from './messages.js';

// ---- containerd.types ----

/** A blob as the wire describes it: media type, digest (`sha256:…`), size in bytes, annotations. */
export interface DescriptorMessage {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations: Labels;
}
/** A descriptor to send: annotations may be left out. */
export interface DescriptorInput {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
  readonly annotations?: Labels;
}
export interface PlatformMessage {
  readonly os: string;
  readonly architecture: string;
  readonly variant: string;
}
/** google.rpc.Status. */
export interface RpcStatus {
  readonly code: number;
  readonly message: string;
  readonly details: readonly Any[];
}

// ---- containerd.services.content.v1 ----

export interface ContentInfoMessage {
  readonly digest: string;
  readonly size: number;
  readonly createdAt: Timestamp | null;
  readonly updatedAt: Timestamp | null;
  readonly labels: Labels;
}
/** The content info an Update sends: the digest and the labels its mask names. */
export interface ContentInfoInput {
  readonly digest: string;
  readonly labels?: Labels;
  readonly size?: number;
}
export interface ContentInfoRequest { readonly digest: string }
export interface ContentInfoResponse { readonly info: ContentInfoMessage | null }
export interface ContentUpdateRequest {
  readonly info: ContentInfoInput;
  readonly updateMask?: FieldMask;
}
export interface ContentUpdateResponse { readonly info: ContentInfoMessage | null }
export interface ListContentRequest { readonly filters?: readonly string[] }
export interface ListContentResponse { readonly info: readonly ContentInfoMessage[] }
export interface DeleteContentRequest { readonly digest: string }
export interface ReadContentRequest {
  readonly digest: string;
  readonly offset?: number;
  /** Bytes to read; 0 or absent reads to the end. */
  readonly size?: number;
}
export interface ReadContentResponse {
  readonly offset: number;
  readonly data: Uint8Array;
}
/** An ingest in progress. */
export interface ContentStatusMessage {
  readonly startedAt: Timestamp | null;
  readonly updatedAt: Timestamp | null;
  readonly ref: string;
  readonly offset: number;
  readonly total: number;
  readonly expected: string;
}
export interface ContentStatusRequest { readonly ref: string }
export interface ContentStatusResponse { readonly status: ContentStatusMessage | null }
export interface ListStatusesRequest { readonly filters?: readonly string[] }
export interface ListStatusesResponse { readonly statuses: readonly ContentStatusMessage[] }
/** containerd.services.content.v1.WriteAction by name. */
export type WriteAction = 'STAT' | 'WRITE' | 'COMMIT';
export interface WriteContentRequest {
  readonly action?: WriteAction;
  readonly ref?: string;
  readonly total?: number;
  readonly expected?: string;
  readonly offset?: number;
  readonly data?: Uint8Array;
  readonly labels?: Labels;
}
export interface WriteContentResponse {
  readonly action: WriteAction;
  readonly startedAt: Timestamp | null;
  readonly updatedAt: Timestamp | null;
  readonly offset: number;
  readonly total: number;
  readonly digest: string;
}
export interface AbortContentRequest { readonly ref: string }

// ---- containerd.services.images.v1 ----

export interface ImageMessage {
  readonly name: string;
  readonly labels: Labels;
  readonly target: DescriptorMessage | null;
  readonly createdAt: Timestamp | null;
  readonly updatedAt: Timestamp | null;
}
/** An image record to send; containerd sets the times. */
export interface ImageInput {
  readonly name: string;
  readonly labels?: Labels;
  readonly target: DescriptorInput;
}
export interface GetImageRequest { readonly name: string }
export interface GetImageResponse { readonly image: ImageMessage | null }
export interface ListImagesRequest { readonly filters?: readonly string[] }
export interface ListImagesResponse { readonly images: readonly ImageMessage[] }
export interface CreateImageRequest { readonly image: ImageInput }
export interface CreateImageResponse { readonly image: ImageMessage | null }
export interface UpdateImageRequest {
  readonly image: ImageInput;
  readonly updateMask?: FieldMask;
}
export interface UpdateImageResponse { readonly image: ImageMessage | null }
export interface DeleteImageRequest {
  readonly name: string;
  readonly sync?: boolean;
}

// ---- containerd.services.snapshots.v1 ----

/** containerd.services.snapshots.v1.Kind by name. */
export type SnapshotKind = 'UNKNOWN' | 'VIEW' | 'ACTIVE' | 'COMMITTED';
export interface SnapshotInfoMessage {
  readonly name: string;
  readonly parent: string;
  readonly kind: SnapshotKind;
  readonly createdAt: Timestamp | null;
  readonly updatedAt: Timestamp | null;
  readonly labels: Labels;
}
/** The snapshot info an Update sends: the name and the labels its mask names. */
export interface SnapshotInfoInput {
  readonly name: string;
  readonly labels?: Labels;
}
export interface PrepareSnapshotRequest {
  readonly snapshotter: string;
  readonly key: string;
  readonly parent?: string;
  readonly labels?: Labels;
}
export interface PrepareSnapshotResponse { readonly mounts: readonly Mount[] }
export type ViewSnapshotRequest = PrepareSnapshotRequest;
export type ViewSnapshotResponse = PrepareSnapshotResponse;
export interface SnapshotKeyRequest {
  readonly snapshotter: string;
  readonly key: string;
}
export type MountsRequest = SnapshotKeyRequest;
export type MountsResponse = PrepareSnapshotResponse;
export type RemoveSnapshotRequest = SnapshotKeyRequest;
export type StatSnapshotRequest = SnapshotKeyRequest;
export type UsageRequest = SnapshotKeyRequest;
export interface CommitSnapshotRequest {
  readonly snapshotter: string;
  readonly name: string;
  readonly key: string;
  readonly labels?: Labels;
}
export interface StatSnapshotResponse { readonly info: SnapshotInfoMessage | null }
export interface UpdateSnapshotRequest {
  readonly snapshotter: string;
  readonly info: SnapshotInfoInput;
  readonly updateMask?: FieldMask;
}
export interface UpdateSnapshotResponse { readonly info: SnapshotInfoMessage | null }
export interface ListSnapshotsRequest {
  readonly snapshotter: string;
  readonly filters?: readonly string[];
}
export interface ListSnapshotsResponse { readonly info: readonly SnapshotInfoMessage[] }
/** Disk use of a snapshot: size in bytes, inodes. */
export interface UsageResponse {
  readonly size: number;
  readonly inodes: number;
}
export interface CleanupRequest { readonly snapshotter: string }

// ---- containerd.services.diff.v1 ----

export interface ApplyRequest {
  readonly diff: DescriptorInput;
  readonly mounts: readonly MountInput[];
  readonly payloads?: Readonly<Record<string, Any>>;
}
export interface ApplyResponse { readonly applied: DescriptorMessage | null }
export interface DiffRequest {
  readonly left: readonly MountInput[];
  readonly right: readonly MountInput[];
  readonly mediaType?: string;
  readonly ref?: string;
  readonly labels?: Labels;
}
export interface DiffResponse { readonly diff: DescriptorMessage | null }

// ---- containerd.services.leases.v1 ----

export interface LeaseMessage {
  readonly id: string;
  readonly createdAt: Timestamp | null;
  readonly labels: Labels;
}
export interface CreateLeaseRequest {
  readonly id?: string;
  readonly labels?: Labels;
}
export interface CreateLeaseResponse { readonly lease: LeaseMessage | null }
export interface DeleteLeaseRequest {
  readonly id: string;
  readonly sync?: boolean;
}
export interface ListLeasesRequest { readonly filters?: readonly string[] }
export interface ListLeasesResponse { readonly leases: readonly LeaseMessage[] }
/** A resource a lease holds: type `content`, `snapshots/<snapshotter>` or `ingests`. */
export interface LeaseResource {
  readonly id: string;
  readonly type: string;
}
export interface LeaseResourceRequest {
  readonly id: string;
  readonly resource: LeaseResource;
}
export interface ListResourcesRequest { readonly id: string }
export interface ListResourcesResponse { readonly resources: readonly LeaseResource[] }

// ---- containerd.services.introspection.v1 ----

export interface PluginMessage {
  readonly type: string;
  readonly id: string;
  readonly requires: readonly string[];
  readonly platforms: readonly PlatformMessage[];
  readonly exports: Labels;
  readonly capabilities: readonly string[];
  readonly initErr: RpcStatus | null;
}
export interface PluginsRequest { readonly filters?: readonly string[] }
export interface PluginsResponse { readonly plugins: readonly PluginMessage[] }
export interface ServerResponse { readonly uuid: string }

// ---- events: /images/*, /content/*, /snapshot/* ----

export interface ImageCreateMessage {
  readonly name: string;
  readonly labels: Labels;
}
export type ImageUpdateMessage = ImageCreateMessage;
export interface ImageDeleteMessage { readonly name: string }
export interface ContentDeleteMessage { readonly digest: string }
export interface ContentCreateMessage {
  readonly digest: string;
  readonly size: number;
}
export interface SnapshotPrepareMessage {
  readonly key: string;
  readonly parent: string;
}
export interface SnapshotCommitMessage {
  readonly key: string;
  readonly name: string;
}
export interface SnapshotRemoveMessage { readonly key: string }
