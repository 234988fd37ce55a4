/**
 * rx-containerd: reactive process supervision on containerd.
 * @module
 */
export * from './proto/events.js';
export * from './process/types.js';
export { decodeEvent, encodeEvent, packSpec, packProcessSpec, type DecodeError } from './proto/any.js';
export * from './client/errors.js';
export { Connection, openConnection, defaultAddress, defaultNamespace, type ConnectionOptions, type CallOptions } from './client/connection.js';
export { startDaemon, DaemonStartError, type Daemon, type DaemonOptions } from './client/daemon.js';
export { busyboxRootfs, RootfsError } from './client/rootfs.js';
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
export { connect, Client, type ClientOptions, type ContainerOptions } from './process/client.js';
export { Container, type TaskOptions } from './process/container.js';
export { Task, type ExecOptions } from './process/task.js';
export { ContainerdProcess } from './process/process.js';
export { run, run$, type RunClient, type RunOptions, type RunResult, type RunTarget } from './process/run.js';
export type { WaitStrategy } from './process/core.js';
export type { OciSpec, OciProcess, SpecOptions, ProcessOptions, User } from './process/oci-spec.js';
export type { Stdio, StdioOptions, ProcessIO, OutputSlot, StdinSlot, StdioSlots } from './process/io-setup.js';
export * from './supervise/index.js';
export { lines } from './process/io/lines.js';
export type { StdioPaths } from './process/io/stdio.js';
