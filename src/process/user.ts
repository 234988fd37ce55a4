/**
 * Who a process runs as: a user given by name or number, resolved against the container's rootfs the way
 * `docker exec -u` and containerd's `oci.WithUser` / `oci.WithAdditionalGIDs` do.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { invalidArgument } from '../client/errors.js';

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

/** The OCI user of a process spec. */
export interface OciUser {
  /** The user id. */
  uid: number;
  /** The group id. */
  gid: number;
  /** Supplementary group ids. */
  additionalGids?: number[];
}

interface PasswdEntry {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

interface GroupEntry {
  readonly name: string;
  readonly gid: number;
  readonly members: readonly string[];
}

/**
 * Resolves `user` against `rootfs` (the directory whose /etc/passwd and /etc/group are read):
 * - a name: its uid and primary gid from /etc/passwd, plus the groups of /etc/group that list it;
 * - a uid: the same when /etc/passwd has it, else gid 0 and no other group;
 * - with `:group` (a name or a gid): that group alone.
 * The primary gid always comes first in `additionalGids`, as containerd puts it. An unknown name is an
 * InvalidArgumentError naming it; a negative or non-integer id too. `undefined` is root.
 *
 * @example
 * ```ts
 * resolveUser('nobody', rootfs, 'exec')   // { uid: 65534, gid: 65534, additionalGids: [65534, 100] }
 * resolveUser('1000:staff', rootfs, 'exec') // { uid: 1000, gid: 50, additionalGids: [50] }
 * ```
 */
export function resolveUser(user: User | undefined, rootfs: string | undefined, call: string): OciUser {
  if (user === undefined) return { uid: 0, gid: 0 };
  if (typeof user === 'object' && user !== null) {
    const uid = checkId(user.uid, 'uid', user, call);
    return user.gid === undefined ? byUid(uid, rootfs) : withGroup(uid, checkId(user.gid, 'gid', user, call));
  }
  if (typeof user === 'number') return byUid(checkId(user, 'uid', user, call), rootfs);
  if (typeof user !== 'string' || user === '' || user.split(':').length > 2) {
    throw invalidArgument(call, `invalid user ${JSON.stringify(user)}: use 'name', 'name:group', 'uid' or 'uid:gid'`);
  }
  const [userPart = '', groupPart] = user.split(':');
  if (groupPart === undefined) {
    if (isNumber(userPart)) return byUid(checkId(Number(userPart), 'uid', user, call), rootfs);
    return byName(userPart, rootfs, call, user);
  }
  const uid = isNumber(userPart) ? checkId(Number(userPart), 'uid', user, call) : passwdByName(userPart, rootfs, call, user).uid;
  const gid = isNumber(groupPart) ? checkId(Number(groupPart), 'gid', user, call) : groupByName(groupPart, rootfs, call, user).gid;
  return withGroup(uid, gid);
}

function byName(name: string, rootfs: string | undefined, call: string, asked: string): OciUser {
  const entry = name === 'root' ? (readPasswd(rootfs).find((e) => e.name === 'root') ?? { name, uid: 0, gid: 0 }) : passwdByName(name, rootfs, call, asked);
  return withGroups(entry, rootfs);
}

function byUid(uid: number, rootfs: string | undefined): OciUser {
  const entry = readPasswd(rootfs).find((e) => e.uid === uid);
  return entry ? withGroups(entry, rootfs) : withGroup(uid, 0);
}

/** The user's primary gid, then every group of /etc/group that lists the user (not the one named after it). */
function withGroups(entry: PasswdEntry, rootfs: string | undefined): OciUser {
  const others = readGroups(rootfs)
    .filter((g) => g.name !== entry.name && g.members.includes(entry.name))
    .map((g) => g.gid);
  return { uid: entry.uid, gid: entry.gid, additionalGids: [entry.gid, ...others.filter((g) => g !== entry.gid)] };
}

function withGroup(uid: number, gid: number): OciUser {
  return { uid, gid, additionalGids: [gid] };
}

function passwdByName(name: string, rootfs: string | undefined, call: string, asked: string): PasswdEntry {
  const entry = readPasswd(rootfs).find((e) => e.name === name);
  if (!entry) throw invalidArgument(call, `unknown user ${JSON.stringify(name)} in ${JSON.stringify(asked)}: not in the rootfs's /etc/passwd`);
  return entry;
}

function groupByName(name: string, rootfs: string | undefined, call: string, asked: string): GroupEntry {
  const entry = readGroups(rootfs).find((g) => g.name === name);
  if (!entry) throw invalidArgument(call, `unknown group ${JSON.stringify(name)} in ${JSON.stringify(asked)}: not in the rootfs's /etc/group`);
  return entry;
}

function checkId(id: unknown, what: string, asked: unknown, call: string): number {
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0xffffffff) {
    throw invalidArgument(call, `invalid ${what} ${String(id)} in user ${JSON.stringify(asked)}: an integer from 0 to 4294967295`);
  }
  return id;
}

const isNumber = (s: string): boolean => /^\d+$/.test(s);

/** The lines of a file of the rootfs split on ':', skipping comments; none when the file is missing. */
function readTable(rootfs: string | undefined, file: string): string[][] {
  if (rootfs === undefined) return [];
  let text: string;
  try {
    text = readFileSync(join(rootfs, 'etc', file), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

function readPasswd(rootfs: string | undefined): PasswdEntry[] {
  return readTable(rootfs, 'passwd')
    .filter((f) => f.length >= 4 && isNumber(f[2]!) && isNumber(f[3]!))
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]) }));
}

function readGroups(rootfs: string | undefined): GroupEntry[] {
  return readTable(rootfs, 'group')
    .filter((f) => f.length >= 3 && isNumber(f[2]!))
    .map((f) => ({ name: f[0]!, gid: Number(f[2]), members: (f[3] ?? '').split(',').map((m) => m.trim()).filter((m) => m !== '') }));
}
