/**
 * The typed error of a container option this host cannot apply: the kernel lacks what the option needs.
 * @module
 */
import { status as GrpcStatus } from '@grpc/grpc-js';
import { nameErrorClass } from './error-base.js';
import { InvalidArgumentError } from './error-classes.js';

/** What a {@link HostUnsupportedError} names. */
export interface HostUnsupportedDetails {
  /** The option refused, e.g. `'blkioWeight'`, `'apparmor'`. */
  readonly option: string;
  /** What the host lacks, in words: `'a block I/O weight (blkio.weight)'`. */
  readonly missing: string;
  /** The files whose absence shows it, as checked (absolute paths). */
  readonly checked: readonly string[];
  /** Why the host lacks it, when that is known: the kernel's configuration, the scheduler in use. */
  readonly reason: string;
}

/**
 * A container option the host's kernel cannot apply, refused before anything reaches the daemon rather than
 * dropped silently (Docker drops `--blkio-weight` with a warning, and ignores an AppArmor profile where the kernel
 * has no AppArmor): `blkioWeight` where the cgroup has no weight file, `apparmor` where the kernel has no AppArmor.
 * An InvalidArgumentError (code 3) that names the option, what is missing, the files checked and why.
 */
export class HostUnsupportedError extends InvalidArgumentError implements HostUnsupportedDetails {
  readonly option: string;
  readonly missing: string;
  readonly checked: readonly string[];
  readonly reason: string;

  constructor(details: HostUnsupportedDetails, call: string, value: unknown) {
    const message = `${details.option} ${JSON.stringify(value)}: this host's kernel has no ${details.missing} (${details.checked.join(', ')} absent): ${details.reason}`;
    super({ code: GrpcStatus.INVALID_ARGUMENT, daemonMessage: message, call });
    this.option = details.option;
    this.missing = details.missing;
    this.checked = Object.freeze([...details.checked]);
    this.reason = details.reason;
  }
}

nameErrorClass(HostUnsupportedError, 'HostUnsupportedError', 'ERR_CONTAINERD_HOST_UNSUPPORTED');
