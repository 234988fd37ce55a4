/**
 * The harness as the main entry offered it in 0.1, deprecated: each function loads `rx-containerd/testing`'s
 * module when called (a dynamic import), so that importing 'rx-containerd' loads none of the code that scans
 * /proc, force-deletes runc state or unmounts.
 * @module
 */
import type { Daemon as TheDaemon, DaemonOptions as TheDaemonOptions } from './daemon.js';
import { DaemonStartError as TheDaemonStartError, RootfsError as TheRootfsError } from './harness-errors.js';

/**
 * Starts a private containerd and waits until it answers.
 * @deprecated Import `startDaemon` from 'rx-containerd/testing'.
 */
export async function startDaemon(options?: TheDaemonOptions): Promise<TheDaemon> {
  const harness = await import('./daemon.js');
  return harness.startDaemon(options);
}

/**
 * Builds (or reuses) a busybox rootfs directory and returns its path.
 * @deprecated Import `busyboxRootfs` from 'rx-containerd/testing'.
 */
export async function busyboxRootfs(dir?: string): Promise<string> {
  const harness = await import('./rootfs.js');
  return harness.busyboxRootfs(dir);
}

/** @deprecated Import `DaemonStartError` from 'rx-containerd/testing'. */
export const DaemonStartError = TheDaemonStartError;
/** @deprecated Import `DaemonStartError` from 'rx-containerd/testing'. */
export type DaemonStartError = TheDaemonStartError;
/** @deprecated Import `RootfsError` from 'rx-containerd/testing'. */
export const RootfsError = TheRootfsError;
/** @deprecated Import `RootfsError` from 'rx-containerd/testing'. */
export type RootfsError = TheRootfsError;
/** @deprecated Import the `Daemon` type from 'rx-containerd/testing'. */
export type Daemon = TheDaemon;
/** @deprecated Import the `DaemonOptions` type from 'rx-containerd/testing'. */
export type DaemonOptions = TheDaemonOptions;
