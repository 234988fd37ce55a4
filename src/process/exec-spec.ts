/**
 * An exec's process spec, its user's name looked up where the container's files are: the rootfs folder, or
 * the container's snapshot (read from its mounts, see rootfs-files.ts).
 * @module
 */
import { invalidArgument } from '../client/errors.js';
import { resolveUserIn, type EtcFiles } from '../images/user-lookup.js';
import { definedOnly } from '../proto/defined-only.js';
import type { MountInput } from '../proto/messages.js';
import { processSpec, type OciProcess, type ProcessOptions } from './oci-spec.js';
import { readRootfsEtc } from './rootfs-files.js';
import { applyExecSecurity, type ExecSecurityOptions } from './spec-options/exec-security.js';
import { etcFiles } from './user.js';

/**
 * Why an exec's `umask` is refused rather than sent: runc (1.1.5, measured) applies the OCI `process.user.umask`
 * when it starts a container's init process only; an exec (runc exec, setns) runs with 0022 whatever its process
 * spec says, so the option would be silently void.
 */
export const EXEC_UMASK_REFUSED =
  "umask: runc applies process.user.umask to a container's init process only; an exec runs with umask 0022 whatever its spec says (set it in the command instead, e.g. sh -c 'umask 027; exec ...')";

/** Where a container's /etc/passwd and /etc/group are: its rootfs folder, or its snapshot's mounts. */
export type RootfsSource = string | readonly MountInput[];

/**
 * The process spec of an exec, as {@link processSpec} makes it from the container's own process (`base`), with
 * `options.user` resolved against the files of `rootfs`, then the exec's own
 * {@link ExecSecurityOptions}. InvalidArgumentError naming an unknown user or group, or a bad security option;
 * and for a `umask`, which runc does not apply to an exec (see {@link EXEC_UMASK_REFUSED}).
 */
export function execProcessSpec(options: ProcessOptions & ExecSecurityOptions, rootfs: RootfsSource | undefined, call: string, base?: OciProcess): OciProcess {
  if ((options as { umask?: unknown }).umask !== undefined) throw invalidArgument(call, EXEC_UMASK_REFUSED);
  const { capAdd, capDrop, groups, ...processOptions } = options;
  const security = definedOnly({ capAdd, capDrop, groups });
  const etc = (): EtcFiles => (rootfs === undefined || typeof rootfs === 'string' ? etcFiles(rootfs) : readRootfsEtc(rootfs));
  return applyExecSecurity(userSpec(processOptions, rootfs, call, base), security, etc, call);
}

function userSpec(options: ProcessOptions, rootfs: RootfsSource | undefined, call: string, base?: OciProcess): OciProcess {
  if (rootfs === undefined || typeof rootfs === 'string') return processSpec(options, rootfs, call, base);
  const { user, ...rest } = options;
  const spec = processSpec(rest, undefined, call, base);
  return user === undefined ? spec : { ...spec, user: resolveUserIn(user, readRootfsEtc(rootfs), call) };
}
