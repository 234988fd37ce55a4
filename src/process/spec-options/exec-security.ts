/**
 * The security options an exec may set for itself: capabilities added or dropped from the container's, groups
 * added. The rest (seccomp, masked paths, AppArmor, privileged) is the container's, for every process. The umask
 * is the init process's only: runc runs an exec with 0o022 whatever its spec says, so an exec's own `umask` is
 * refused (exec-spec.ts).
 * @module
 */
import type { EtcFiles } from '../../images/user-lookup.js';
import type { OciProcess } from '../oci-spec.js';
import { capabilityList, capabilitySet } from './capabilities.js';
import { groupIds, withGroups } from './groups.js';
import type { SecurityOptions } from './security.js';

/**
 * Security options of an exec, applied to the process it inherits from the container: `capAdd` / `capDrop` change
 * the container's capabilities for this process only (the container's seccomp filter stays as it was built, so
 * a syscall it allows only with a capability the container lacks stays refused); `groups` are added to the
 * exec's user's. `docker exec` has neither flag (its `--privileged` aside); the OCI process spec of the exec
 * carries them.
 */
export type ExecSecurityOptions = Pick<SecurityOptions, 'capAdd' | 'capDrop' | 'groups'>;

/** `process` with `options` applied, checked (InvalidArgumentError naming the option); group names looked up in `etc`. */
export function applyExecSecurity(process: OciProcess, options: ExecSecurityOptions, etc: () => EtcFiles, call: string): OciProcess {
  const add = capabilityList(options.capAdd, 'capAdd', call);
  const drop = capabilityList(options.capDrop, 'capDrop', call);
  const needsEtc = Array.isArray(options.groups) && options.groups.some((g) => typeof g === 'string' && !/^\d+$/.test(g));
  const gids = groupIds(options.groups, needsEtc ? etc() : {}, call);
  let result = process;
  if (add.length > 0 || drop.length > 0) {
    const caps = capabilitySet(process.capabilities?.effective ?? [], add, drop);
    const bounding = [...(process.capabilities?.bounding ?? []), ...caps.filter((c) => !(process.capabilities?.bounding ?? []).includes(c))];
    result = { ...result, capabilities: { bounding, effective: caps, permitted: caps, inheritable: [], ambient: [] } };
  }
  if (gids.length > 0) result = { ...result, user: withGroups(result.user, gids) };
  return result;
}
