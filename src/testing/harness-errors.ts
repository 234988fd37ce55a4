/**
 * The errors of the test harness (a private daemon, a busybox rootfs, a private registry), in a file of their own with nothing
 * else: the main entry re-exports them (deprecated) without loading the harness.
 * @module
 */
import { nameErrorClass, RxContainerdError } from '../client/error-base.js';

/**
 * Raised when a private daemon cannot be started; the message says what is missing (containerd, runc, root);
 * `cause` the fs error, if any. Code `'ERR_CONTAINERD_DAEMON_START'`.
 */
export class DaemonStartError extends RxContainerdError {}
nameErrorClass(DaemonStartError, 'DaemonStartError', 'ERR_CONTAINERD_DAEMON_START');

/**
 * Raised when a busybox rootfs cannot be built: busybox is missing, or the directory cannot be written
 * (`cause`). Code `'ERR_CONTAINERD_ROOTFS'`.
 */
export class RootfsError extends RxContainerdError {}
nameErrorClass(RootfsError, 'RootfsError', 'ERR_CONTAINERD_ROOTFS');

/**
 * Raised when a private registry or its token endpoint cannot be started: `docker-registry` or openssl is
 * missing, the registry exited or did not answer in time (its log's tail in the message). Code
 * `'ERR_CONTAINERD_REGISTRY_START'`.
 */
export class RegistryStartError extends RxContainerdError {}
nameErrorClass(RegistryStartError, 'RegistryStartError', 'ERR_CONTAINERD_REGISTRY_START');
