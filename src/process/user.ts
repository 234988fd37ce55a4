/**
 * Who a process runs as: a user given by name or number, resolved against the container's rootfs folder the way
 * `docker exec -u` and containerd's `oci.WithUser` / `oci.WithAdditionalGIDs` do. The resolution itself is
 * `images/user-lookup.ts`'s, over the text of the rootfs's /etc/passwd and /etc/group.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveUserIn, type EtcFiles, type OciUser } from '../images/user-lookup.js';

export type { OciUser } from '../images/user-lookup.js';

/**
 * What a process runs as: `'name'`, `'name:group'`, `'uid'`, `'uid:gid'`, `'uid:group'`, `'name:gid'`, a uid, or
 * `{ uid, gid? }`. Names are looked up in the rootfs's /etc/passwd and /etc/group.
 */
export type User =
  | string
  | number
  | {
      /** The user id. */
      uid: number;
      /** The group id. Default: the user's group in /etc/passwd, else the uid. */
      gid?: number;
    };

/**
 * Resolves `user` against `rootfs` (the directory whose /etc/passwd and /etc/group are read; none: no names
 * known) as {@link resolveUserIn} does. `undefined` is root.
 * @throws InvalidArgumentError naming an unknown user or group name, or a negative or non-integer id.
 *
 * @example
 * ```ts
 * resolveUser('nobody', rootfs, 'exec')   // { uid: 65534, gid: 65534, additionalGids: [65534, 100] }
 * resolveUser('1000:staff', rootfs, 'exec') // { uid: 1000, gid: 50, additionalGids: [50] }
 * ```
 */
export function resolveUser(user: User | undefined, rootfs: string | undefined, call: string): OciUser {
  if (user === undefined) return { uid: 0, gid: 0 };
  return resolveUserIn(user, etcFiles(rootfs), call);
}

/** The rootfs's /etc/passwd and /etc/group; a file that cannot be read is an empty table. */
export function etcFiles(rootfs: string | undefined): EtcFiles {
  const read = (file: string): string | undefined => {
    if (rootfs === undefined) return undefined;
    try {
      return readFileSync(join(rootfs, 'etc', file), 'utf8');
    } catch {
      return undefined;
    }
  };
  return { passwd: read('passwd'), group: read('group') };
}
