/**
 * The errors of the test harness (a private daemon, a busybox rootfs), in a file of their own with nothing
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
