/**
 * Supplementary groups by name or number (`docker run --group-add`, containerd's `oci.WithAdditionalGIDs`):
 * names looked up in the container's /etc/group.
 * @module
 */
import { invalidArgument } from '../../client/errors.js';
import type { EtcFiles, OciUser } from '../../images/user-lookup.js';

/** The largest group id Linux allows (2^32 - 2; 2^32 - 1 means "no group"). */
const maxGid = 4294967294;

/**
 * The ids of `groups`: numbers (0..2^32-2) as they are, names looked up in `etc.group`.
 * @throws InvalidArgumentError naming the `groups` option and the entry: not a list, a bad number, an unknown name.
 *
 * @example
 * ```ts
 * groupIds(['wheel', 1000], { group: 'wheel:x:10:root\n' }, 'newContainer') // [10, 1000]
 * ```
 */
export function groupIds(groups: unknown, etc: EtcFiles, call: string): number[] {
  if (groups === undefined) return [];
  if (!Array.isArray(groups)) throw invalidArgument(call, `invalid groups ${JSON.stringify(groups)}: an array of group names or ids`);
  return groups.map((group: unknown) => {
    if (typeof group === 'number' || (typeof group === 'string' && /^\d+$/.test(group))) {
      const id = Number(group);
      if (!Number.isInteger(id) || id < 0 || id > maxGid) {
        throw invalidArgument(call, `invalid groups entry ${JSON.stringify(group)}: a group id 0..${maxGid} or a name`);
      }
      return id;
    }
    if (typeof group !== 'string' || group === '' || /[:\s\0]/.test(group)) {
      throw invalidArgument(call, `invalid groups entry ${JSON.stringify(group)}: a group id or a name`);
    }
    const line = (etc.group ?? '').split('\n').map((l) => l.split(':')).find((fields) => fields[0] === group);
    const id = line === undefined ? NaN : Number(line[2]);
    if (!Number.isInteger(id)) {
      throw invalidArgument(call, `unknown group ${JSON.stringify(group)} in groups: the container's /etc/group has no such group`);
    }
    return id;
  });
}

/** `user` with `gids` added to its supplementary groups (each once). */
export function withGroups(user: OciUser, gids: readonly number[]): OciUser {
  if (gids.length === 0) return user;
  const current = user.additionalGids ?? [];
  return { ...user, additionalGids: [...current, ...gids.filter((g, i) => !current.includes(g) && gids.indexOf(g) === i)] };
}

/**
 * `umask`, checked: an integer 0..0o777, the OCI spec's `process.user.umask` (no `docker run` flag sets it).
 * @throws InvalidArgumentError naming the `umask` option and the value.
 */
export function checkUmask(umask: unknown, call: string): number | undefined {
  if (umask === undefined) return undefined;
  if (typeof umask !== 'number' || !Number.isInteger(umask) || umask < 0 || umask > 0o777) {
    throw invalidArgument(call, `invalid umask ${JSON.stringify(umask)}: an integer 0..0o777 (e.g. 0o027)`);
  }
  return umask;
}
