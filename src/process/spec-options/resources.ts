/**
 * Container options: resources, limits (rlimits), OOM score, sysctls, applied to the OCI spec. The cgroup parts
 * live in cgroup-resources.ts (shared with `task.update`), the per-process ones in process-limits.ts.
 * @module
 */
import { invalidArgument } from '../../client/errors.js';
import type { OciSpec } from '../oci-spec.js';
import { linuxResources, type CgroupOptions } from './cgroup-resources.js';
import { checkSysctls, mergeRlimits, ociRlimits, oomScoreAdj, type RlimitValue } from './process-limits.js';

export type { CgroupOptions, MemoryOption } from './cgroup-resources.js';
export type { RlimitValue } from './process-limits.js';

/** Container options: resources, limits (rlimits), OOM score, sysctls. */
export interface ResourcesOptions extends CgroupOptions {
  /**
   * Resource limits by name, `'nofile'` or `'RLIMIT_NOFILE'` (any case): a number for soft and hard, or
   * `{ soft, hard }` (`docker run --ulimit nofile=1024:2048`, containerd `oci.WithRlimit`).
   *
   * Default: none set, so the container inherits the daemon's limits, as a Docker container does. Docker's own
   * default spec has no rlimits (unlike containerd's `oci.WithDefaultSpec`, which sets RLIMIT_NOFILE 1024, too
   * low for servers): a container gets dockerd's and containerd's RLIMIT_NOFILE, which their systemd units set
   * with `LimitNOFILE=infinity` (moby contrib/init/systemd/docker.service up to Docker 24; containerd.service up
   * to 1.7), i.e. the kernel's fs.nr_open, 1048576 soft and hard on most hosts. A limit above the daemon's own
   * hard limit needs CAP_SYS_RESOURCE in the daemon; without it runc fails the task's creation.
   */
  readonly rlimits?: Readonly<Record<string, RlimitValue>>;
  /** The same as `rlimits`, named as Docker names them; give one or the other. */
  readonly ulimits?: Readonly<Record<string, RlimitValue>>;
  /** The OOM killer's score adjustment of the init process, -1000..1000 (`docker run --oom-score-adj`, /proc/self/oom_score_adj). */
  readonly oomScoreAdj?: number;
  /**
   * Kernel parameters of the container's own namespaces (`docker run --sysctl`, containerd `oci.WithSysctls`
   * via the spec): kernel.msg*, kernel.sem, kernel.shm*, fs.mqueue.* (its IPC namespace) and net.* (only with
   * its own network namespace). Any other is refused, as runc and Docker refuse it.
   */
  readonly sysctls?: Readonly<Record<string, string>>;
}

/**
 * The cgroup filesystem, read-only, so a container can read its own limits (as Docker mounts it). On cgroup v1
 * without a cgroup namespace runc mounts the container's own cgroup of each controller there.
 */
export const cgroupMount = { destination: '/sys/fs/cgroup', type: 'cgroup', source: 'cgroup', options: ['ro', 'nosuid', 'noexec', 'nodev', 'relatime'] };

/** Applies the {@link ResourcesOptions} of `options` to `spec`, after checking them (InvalidArgumentError naming the option). */
export function applyResources(spec: OciSpec, options: ResourcesOptions, call: string): void {
  if (!spec.mounts.some((m) => m.destination === cgroupMount.destination)) spec.mounts.push({ ...cgroupMount, options: [...cgroupMount.options] });
  spec.linux.resources = { ...spec.linux.resources, ...linuxResources(options, call) };
  if (options.rlimits !== undefined && options.ulimits !== undefined) {
    throw invalidArgument(call, 'rlimits and ulimits are the same option: give one');
  }
  const given = options.rlimits ?? options.ulimits;
  if (given !== undefined) {
    const extra = ociRlimits(given, options.rlimits !== undefined ? 'rlimits' : 'ulimits', call);
    spec.process.rlimits = mergeRlimits(spec.process.rlimits ?? [], extra);
  }
  if (options.oomScoreAdj !== undefined) spec.process['oomScoreAdj'] = oomScoreAdj(options.oomScoreAdj, call);
  if (options.sysctls !== undefined) spec.linux['sysctl'] = checkSysctls(options.sysctls, spec, call);
}
