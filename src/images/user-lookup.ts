/**
 * Who a process runs as, resolved against the text of a root filesystem's /etc/passwd and /etc/group the way
 * containerd's `oci.WithUser` and `oci.WithAdditionalGIDs` (and `docker exec -u`) do. Pure: the caller reads the
 * two files (from a rootfs folder, or from an image's snapshot).
 * @module
 */
import { invalidArgument } from '../client/errors.js';

/**
 * What a process runs as: `'name'`, `'name:group'`, `'uid'`, `'uid:gid'`, `'uid:group'`, `'name:gid'`, a uid, or
 * `{ uid, gid? }`. Names are looked up in /etc/passwd and /etc/group.
 */
export type UserSpec =
  | string
  | number
  | {
      /** The user id. */
      uid: number;
      /** The group id. Default: the user's group in /etc/passwd, else the uid. */
      gid?: number;
    };

/** The text of a root filesystem's /etc/passwd and /etc/group; a missing file is an empty table. */
export interface EtcFiles {
  /** The text of /etc/passwd. */
  readonly passwd?: string;
  /** The text of /etc/group. */
  readonly group?: string;
}

/** The OCI user of a process spec. */
export interface OciUser {
  /** The user id. */
  uid: number;
  /** The group id. */
  gid: number;
  /** Supplementary group ids. */
  additionalGids?: number[];
  /** The file mode creation mask (0..0o777), as `umask` in the process; absent: the runtime's (0o022). */
  umask?: number;
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
 * Resolves `user` against the text of /etc/passwd and /etc/group (`etc`):
 * - a name: its uid and primary gid from /etc/passwd, plus the groups of /etc/group that list it;
 * - a uid: the same when /etc/passwd has it, else gid 0 and no other group;
 * - with `:group` (a name or a gid): that group alone.
 * The primary gid always comes first in `additionalGids`, as containerd puts it. An unknown name is an
 * InvalidArgumentError naming it; a negative or non-integer id too. `undefined` is root.
 *
 * @example
 * ```ts
 * resolveUserIn('nobody', etc, 'exec') // { uid: 65534, gid: 65534, additionalGids: [65534, 100] }
 * resolveUserIn('1000:staff', etc, 'exec') // { uid: 1000, gid: 50, additionalGids: [50] }
 * ```
 */
export function resolveUserIn(user: UserSpec | undefined, etc: EtcFiles, call: string): OciUser {
  if (user === undefined) return { uid: 0, gid: 0 };
  if (typeof user === 'object' && user !== null) {
    const uid = checkId(user.uid, 'uid', user, call);
    return user.gid === undefined ? byUid(uid, etc) : withGroup(uid, checkId(user.gid, 'gid', user, call));
  }
  if (typeof user === 'number') return byUid(checkId(user, 'uid', user, call), etc);
  if (typeof user !== 'string' || user === '' || user.split(':').length > 2) {
    throw invalidArgument(call, `invalid user ${JSON.stringify(user)}: use 'name', 'name:group', 'uid' or 'uid:gid'`);
  }
  const [userPart = '', groupPart] = user.split(':');
  if (groupPart === undefined) {
    if (isNumber(userPart)) return byUid(checkId(Number(userPart), 'uid', user, call), etc);
    return byName(userPart, etc, call, user);
  }
  const uid = isNumber(userPart) ? checkId(Number(userPart), 'uid', user, call) : passwdByName(userPart, etc, call, user).uid;
  const gid = isNumber(groupPart) ? checkId(Number(groupPart), 'gid', user, call) : groupByName(groupPart, etc, call, user).gid;
  return withGroup(uid, gid);
}

function byName(name: string, etc: EtcFiles, call: string, asked: string): OciUser {
  const entry = name === 'root' ? (readPasswd(etc).find((e) => e.name === 'root') ?? { name, uid: 0, gid: 0 }) : passwdByName(name, etc, call, asked);
  return withGroups(entry, etc);
}

function byUid(uid: number, etc: EtcFiles): OciUser {
  const entry = readPasswd(etc).find((e) => e.uid === uid);
  return entry ? withGroups(entry, etc) : withGroup(uid, 0);
}

/** The user's primary gid, then every group of /etc/group that lists the user (not the one named after it). */
function withGroups(entry: PasswdEntry, etc: EtcFiles): OciUser {
  return { uid: entry.uid, gid: entry.gid, additionalGids: primaryFirst(entry.gid, supplementary(entry.name, etc)) };
}

/** The gids of the groups that list `name` as a member, but the group named after it. */
function supplementary(name: string, etc: EtcFiles): number[] {
  return readGroups(etc)
    .filter((g) => g.name !== name && g.members.includes(name))
    .map((g) => g.gid);
}

function primaryFirst(gid: number, others: readonly number[]): number[] {
  return [gid, ...others.filter((g) => g !== gid)];
}

/**
 * `user` with the additional gids containerd's `oci.WithAdditionalGIDs` gives a container of an image: its
 * primary gid first, then the groups of /etc/group that list the name /etc/passwd gives its uid (none when the
 * uid has no entry), even when the group was given explicitly (`uid:gid`), unlike `docker exec -u`.
 */
export function withImageGroups(user: OciUser, etc: EtcFiles): OciUser {
  const entry = readPasswd(etc).find((e) => e.uid === user.uid);
  return { uid: user.uid, gid: user.gid, additionalGids: primaryFirst(user.gid, entry ? supplementary(entry.name, etc) : []) };
}

function withGroup(uid: number, gid: number): OciUser {
  return { uid, gid, additionalGids: [gid] };
}

function passwdByName(name: string, etc: EtcFiles, call: string, asked: string): PasswdEntry {
  const entry = readPasswd(etc).find((e) => e.name === name);
  if (!entry) throw invalidArgument(call, `unknown user ${JSON.stringify(name)} in ${JSON.stringify(asked)}: not in /etc/passwd`);
  return entry;
}

function groupByName(name: string, etc: EtcFiles, call: string, asked: string): GroupEntry {
  const entry = readGroups(etc).find((g) => g.name === name);
  if (!entry) throw invalidArgument(call, `unknown group ${JSON.stringify(name)} in ${JSON.stringify(asked)}: not in /etc/group`);
  return entry;
}

function checkId(id: unknown, what: string, asked: unknown, call: string): number {
  if (typeof id !== 'number' || !Number.isInteger(id) || id < 0 || id > 0xffffffff) {
    throw invalidArgument(call, `invalid ${what} ${String(id)} in user ${JSON.stringify(asked)}: an integer from 0 to 4294967295`);
  }
  return id;
}

const isNumber = (s: string): boolean => /^\d+$/.test(s);

/** The lines of a table split on ':', skipping blank lines and comments; none when the file is missing. */
function readTable(text: string | undefined): string[][] {
  return (text ?? '')
    .split('\n')
    .filter((line) => line.trim() !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
}

function readPasswd(etc: EtcFiles): PasswdEntry[] {
  return readTable(etc.passwd)
    .filter((f) => f.length >= 4 && isNumber(f[2]!) && isNumber(f[3]!))
    .map((f) => ({ name: f[0]!, uid: Number(f[2]), gid: Number(f[3]) }));
}

function readGroups(etc: EtcFiles): GroupEntry[] {
  return readTable(etc.group)
    .filter((f) => f.length >= 3 && isNumber(f[2]!))
    .map((f) => ({ name: f[0]!, gid: Number(f[2]), members: (f[3] ?? '').split(',').map((m) => m.trim()).filter((m) => m !== '') }));
}
