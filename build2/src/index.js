/**
 * rx-containerd: reactive process supervision on containerd.
 * @module
 */
export * from './proto/events.js';
export * from './process/types.js';
export { decodeEvent, encodeEvent, packSpec, packProcessSpec } from './proto/any.js';
export * from './client/errors.js';
export { Connection, openConnection, defaultAddress, defaultNamespace } from './client/connection.js';
export { startDaemon, DaemonStartError } from './client/daemon.js';
export { busyboxRootfs, RootfsError } from './client/rootfs.js';
export { signalNumber, validateId } from './client/validate.js';
export * from './streams/backoff.js';
export * from './streams/connection-state.js';
export { EventHub } from './streams/event-hub.js';
export { FENCE_TOPIC } from './streams/fence.js';
export { ofTopic } from './streams/of-topic.js';
export { forContainer } from './streams/for-container.js';
export { forProcess } from './streams/for-process.js';
export { exits } from './streams/exits.js';
export { outages } from './streams/outages.js';
export { connect, Client } from './process/client.js';
export { Container } from './process/container.js';
export { Task } from './process/task.js';
export { ContainerdProcess } from './process/process.js';
export * from './supervise/index.js';
export { lines } from './process/io/lines.js';
//# sourceMappingURL=index.js.map