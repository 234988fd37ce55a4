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
export { startDaemon, busyboxRootfs, DaemonStartError, RootfsError, type Daemon, type DaemonOptions } from './testing/harness-aliases.js';
export { MkfifoError } from './process/io/fifo.js';
export { NotAFifoError } from './process/io/reader.js';
export { signalNumber, validateId } from './client/validate.js';
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
export type { SnapshotRef } from './process/snapshot-cleanup.js';
export type { ImageSpecOptions } from './process/image-spec.js';
export { STOP_SIGNAL_LABEL } from './process/stop-signal.js';
export { Task, type ExecOptions } from './process/task.js';
export { ContainerdProcess } from './process/process.js';
export { run, run$, type RunClient, type RunOptions, type RunResult, type RunTarget } from './process/run.js';
export type { WaitStrategy } from './process/core.js';
export type { OciSpec, OciProcess, OciMount, SpecOptions, ProcessOptions, User } from './process/oci-spec.js';
export type { OciUser } from './process/user.js';
export type { ProcessSnapshot } from './process/status.js';
export type { Stdio, StdioOptions, ProcessIO, OutputSlot, StdinSlot, StdioSlots } from './process/io-setup.js';
export * from './supervise/index.js';
export { lines } from './process/io/lines.js';
export type { StdioPaths } from './process/io/stdio.js';
export { hostPlatform, parsePlatform, formatPlatform, platformMatches, type Platform } from './images/platform.js';
export { MediaTypes, isIndex, isManifest, isConfig, isLayer, layerCompression, type KnownMediaType, type LayerCompression } from './images/media-types.js';
export { chainIds, chainId } from './images/chain-id.js';
export type { Digest, DigestAlgorithm } from './images/digest.js';
export type { Descriptor, Index, Manifest, ImageConfig, ImageRunConfig, HistoryEntry } from './images/oci-types.js';
