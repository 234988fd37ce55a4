/**
 * rx-containerd: reactive process supervision on containerd.
 * @module
 */
export * from './proto/events.js';
export * from './process/types.js';
export { decodeEvent, encodeEvent, packSpec, packProcessSpec, type DecodeError, type KnownEvent } from './proto/any.js';
export type { AnyMessage, DaemonVersion, RawEnvelope, TaskMetric, TaskPid, Timestamp } from './proto/answers.js';
export * from './client/errors.js';
export { Connection, openConnection, defaultAddress, defaultNamespace, type ConnectionOptions, type CallOptions } from './client/connection.js';
export type { TlsOptions } from './client/tls-options.js';
export { parseAddress, type DaemonAddress } from './client/address.js';
export { startDaemon, busyboxRootfs, DaemonStartError, RootfsError, type Daemon, type DaemonOptions } from './testing/harness-aliases.js';
export { MkfifoError } from './process/io/fifo.js';
export { NotAFifoError } from './process/io/reader.js';
export { signalNumber, validateId } from './client/validate.js';
export { parseReference, type ImageReference } from './images/reference.js';
export type { PullOptions } from './images/pull-options.js';
export type { PullProgress, PullBlobProgress, PullPhaseProgress, PullDone, PullBlobPhase } from './images/pull-progress.js';
export type { RegistryOptions } from './images/registry/registry-client.js';
export type { PushOptions } from './images/push.js';
export type { PushProgress, PushBlobProgress, PushPhaseProgress, PushDone, PushBlobPhase } from './images/push-progress.js';
export type { DockerAuthEntry, DockerConfig } from './images/registry/credentials.js';
export * from './streams/backoff.js';
export * from './streams/connection-state.js';
export { EventHub, type EventPort, type EventHubOptions, type MarkerEventPort } from './streams/event-hub.js';
export { FENCE_TOPIC } from './streams/fence.js';
export { ofTopic } from './streams/of-topic.js';
export { forContainer } from './streams/for-container.js';
export { forProcess } from './streams/for-process.js';
export { exits, type ProcessExit } from './streams/exits.js';
export { signalOfExitCode } from './proto/exit-status.js';
export { outages, type Outage } from './streams/outages.js';
export { connect, Client, type ClientOptions, type ContainerOptions, type ImageContainerOptions } from './process/client.js';
export { Container, type ContainerDeleteOptions, type TaskOptions } from './process/container.js';
export { MAX_LABEL_BYTES, type ContainerUpdateOptions, type LabelChanges } from './process/container-update.js';
export type { ContainerExtension, ContainerInfo, ContainerRuntimeInfo } from './process/container-info.js';
export type { SnapshotRef } from './process/snapshot-cleanup.js';
export type { ImageSpecOptions } from './process/image-spec.js';
export type { ImageProcessOptions } from './images/image-process.js';
export type { UserSpec } from './images/user-lookup.js';
export { STOP_SIGNAL_LABEL } from './process/stop-signal.js';
export { Task, type ExecOptions, type TaskUpdate } from './process/task.js';
export type {
  BlkioDevice, BlkioMetrics, CpuMetrics, MemoryMetrics, MetricsOptions, PidsMetrics, TaskMetrics, TaskMetricsCommon,
  TaskMetricsV1, TaskMetricsV2,
} from './process/metrics/task-metrics.js';
export { CGROUP_V1_METRICS, CGROUP_V2_METRICS, decodeMetrics } from './process/metrics/decode-metrics.js';
export { cpuPercent, withCpuPercent } from './process/metrics/cpu-percent.js';
export { pollMetrics$ } from './process/metrics/poll-metrics.js';
export type * from './proto/cgroup-v1-messages.js';
export type * from './proto/cgroup-v2-messages.js';
export {
  DEFAULT_LOG_KEEP,
  DEFAULT_LOG_MAX_BYTES,
  DEFAULT_LOG_ROOT,
  LOG_DIR_LABEL,
  LOG_KEEP_LABEL,
  LOG_MAX_BYTES_LABEL,
  type LogLocation,
  type LogOptions,
} from './process/logs/log-options.js';
export { LOGGER_ENV, loggerBinary, loggerBinary$ } from './process/logs/logger-binary.js';
export type { LogLine, LogStream } from './process/logs/log-line.js';
export type { LogsOptions } from './process/logs/read-logs.js';
export { ContainerdProcess } from './process/process.js';
export { run, run$, type ImageRunTarget, type RunClient, type RunOptions, type RunResult, type RunTarget } from './process/run.js';
export type { WaitStrategy } from './process/core.js';
export type { OciSpec, OciProcess, OciMount, SpecOptions, ProcessOptions, User } from './process/oci-spec.js';
export type { ResourcesOptions, CgroupOptions, MemoryOption, RlimitValue } from './process/spec-options/resources.js';
export type { BindMount, ContainerMount, FilesystemOptions, HostFiles, Propagation, TmpfsMount } from './process/spec-options/filesystem.js';
export { ETC_FILES_LABEL, type EtcHostsOptions } from './process/spec-options/etc-hosts.js';
export type { JoinContainer, JoinPath, NamespaceSource, NamespacesOptions } from './process/spec-options/namespaces.js';
export type { Device, DevicesOptions } from './process/spec-options/devices.js';
export type { SecurityOptions } from './process/spec-options/security.js';
export { defaultInitPath, initTarget, type InitBinary, type InitOptions } from './process/spec-options/init.js';
export type { SeccompArg, SeccompProfile, SeccompRule } from './process/spec-options/seccomp.js';
export type { ExecSecurityOptions } from './process/spec-options/exec-security.js';
export type { OciUser } from './process/user.js';
export type { ProcessSnapshot } from './process/status.js';
export type { Stdio, StdioOptions, ProcessIO, OutputSlot, StdinSlot, StdioSlots } from './process/io-setup.js';
export * from './supervise/index.js';
export { lines } from './process/io/lines.js';
export type { StdioPaths } from './process/io/stdio.js';
export { ImageClient } from './images/image-client.js';
export { ContentStore, type WrittenBlob } from './images/content-store.js';
export type { ContentInfo, IngestStatus, UpdateLabelsOptions } from './images/content-info.js';
export type { ReadRange } from './images/read-blob.js';
export type { BlobSource, BlobSourceFrom } from './images/blob-chunks.js';
export type { WriteOptions } from './images/write-options.js';
export type { WritePhase, WriteProgress, ProgressThrottle } from './images/write-progress.js';
export { LeaseManager, DEFAULT_LEASE_EXPIRE_MS, LEASE_EXPIRE_LABEL, type Lease, type LeaseOptions, type DeleteLeaseOptions, type LeaseResource } from './images/leases.js';
export type { WithLeaseOptions } from './images/with-lease.js';
export { ClientImages } from './process/client-images.js';
export { hostPlatform, parsePlatform, formatPlatform, platformMatches, type Platform } from './images/platform.js';
export { MediaTypes, isIndex, isManifest, isConfig, isLayer, layerCompression, type KnownMediaType, type LayerCompression } from './images/media-types.js';
export { chainIds, chainId } from './images/chain-id.js';
export type { Digest, DigestAlgorithm } from './images/digest.js';
export type { Descriptor, Index, Manifest, ImageConfig, ImageRunConfig, HistoryEntry } from './images/oci-types.js';
export { Snapshotter, type PrepareOptions, type CommitOptions } from './images/snapshots.js';
export type { SnapshotInfo, SnapshotKind, SnapshotUsage } from './images/snapshot-info.js';
export type { Labels, Mount } from './proto/messages.js';
export type { SelectedManifest } from './images/select-manifest.js';
export { DEFAULT_SNAPSHOTTER, FALLBACK_SNAPSHOTTER } from './images/default-snapshotter.js';
export type { UnpackProgress } from './images/unpack.js';
export { Image, type ImageDeleteOptions, type ImageUnpackOptions, type PlatformSpec } from './images/image.js';
export type { ImageField, ImageRecord, ImageRecordInput } from './images/image-records.js';
export type { ImportOptions, ImportSource } from './images/import-image.js';
export type { ImportProgress, ImportBlobProgress, ImportImageProgress, ImportUnpackProgress, ImportDone } from './images/import-progress.js';
export { connectFleet, Fleet, type FleetOptions } from './fleet/fleet.js';
export type { NodeAddress } from './fleet/node-options.js';
export { fleetStates, fleetStateOf, taggedEvents, taggedOutages, type FleetHealth, type FleetMember, type FleetState, type NodeEnvelope, type NodeOutage } from './fleet/fleet-streams.js';
export type { FleetList, NodeContainer, NodeFailure, NodeTask } from './fleet/fleet-lists.js';
export { CriLabels, K8S_NAMESPACE, podOf, isPod, type AnnotatedSpec, type PodIdentity, type PodSource } from './kubernetes/pod-identity.js';
export { forPod, type PodAnnotated, type PodItem } from './kubernetes/for-pod.js';
export { withPod, type PodEnvelope } from './kubernetes/with-pod.js';
export { podExits$, oomKills$, type PodExit, type PodOom } from './kubernetes/pod-exits.js';
