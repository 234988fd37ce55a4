/**
 * The options of a pull, checked at the call: a wrong type is a TypeError naming the option, the value and the
 * type wanted, a number out of range a RangeError, before any request.
 * @module
 */
import { numberOption } from '../client/validate.js';
import { checkRegistryOptions } from './registry/registry-options.js';
import type { RegistryOptions } from './registry/registry-client.js';
import type { Labels } from '../proto/messages.js';
import { hostPlatform, parsePlatform, type Platform } from './platform.js';
import type { PlatformSpec } from './image.js';

/** Options of `pull$`: how to reach the registry (plain HTTP, credentials), and what to do with the image. */
export interface PullOptions extends RegistryOptions {
  /** The platform whose manifest is pulled from an index. Default: this machine's ({@link hostPlatform}). */
  readonly platform?: PlatformSpec;
  /** How many blobs are fetched at once. Default 3, as containerd's `max-concurrent-downloads`. */
  readonly concurrency?: number;
  /** Unpack the layers into the snapshotter (true, the default), or only fetch the content. */
  readonly unpack?: boolean;
  /** The snapshotter to unpack into. Default: overlayfs, or native where the daemon could not load overlayfs. */
  readonly snapshotter?: string;
  /** Labels of the image record. */
  readonly labels?: Labels;
}

/** The checked options. */
export interface CheckedPull {
  readonly platform: Platform;
  readonly concurrency: number;
  readonly unpack: boolean;
  readonly snapshotter: string | undefined;
  readonly labels: Labels | undefined;
}

/**
 * Checks `options` of a pull; throws TypeError (a wrong type), RangeError (a number out of range: `concurrency`
 * below 1 or fractional) or InvalidArgumentError (a platform that cannot be read).
 */
export function checkPullOptions(options: PullOptions, call: string): CheckedPull {
  checkRegistryOptions(options, call);
  const { platform, concurrency, unpack, snapshotter, labels } = options;
  if (concurrency !== undefined) numberOption(concurrency, 'concurrency', call, { min: 1, integer: true });
  if (unpack !== undefined && typeof unpack !== 'boolean') throw new TypeError(`${call}: option "unpack" must be a boolean, got ${String(unpack)}`);
  if (snapshotter !== undefined && (typeof snapshotter !== 'string' || snapshotter === '')) throw new TypeError(`${call}: option "snapshotter" must be a non-empty string, got ${String(snapshotter)}`);
  if (labels !== undefined && (typeof labels !== 'object' || labels === null || Object.values(labels).some((v) => typeof v !== 'string'))) {
    throw new TypeError(`${call}: option "labels" must be an object of strings`);
  }
  if (platform !== undefined && typeof platform !== 'string' && (typeof platform !== 'object' || platform === null)) {
    throw new TypeError(`${call}: option "platform" must be "os/architecture[/variant]" or a Platform, got ${String(platform)}`);
  }
  return {
    platform: platform === undefined ? hostPlatform() : typeof platform === 'string' ? parsePlatform(platform) : platform,
    concurrency: concurrency ?? 3,
    unpack: unpack ?? true,
    snapshotter,
    labels,
  };
}
