/**
 * Reading a file of a container's root filesystem straight from the mounts a snapshotter gives for it (an
 * overlay's layer folders, or a bind mount's folder), without mounting anything.
 *
 * Why no mount(2): containerd's Go client mounts the snapshot on a temporary folder to read /etc/passwd and
 * /etc/group, which needs CAP_SYS_ADMIN, an unmount on every path out, and leaves a mount behind when the
 * process dies in between. An overlay's view is a function of its folders: a path is the first layer's (upper
 * first, then each lower in order) that has it, unless a layer above hides it with a whiteout or an opaque
 * directory. Reading the folders in that order gives the same bytes, and there is nothing to undo.
 * @module
 */
import { existsSync, lstatSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import type { MountInput } from '../proto/messages.js';

/** The text of a root filesystem's /etc/passwd and /etc/group; a missing file is absent. */
export interface RootfsEtc {
  /** The text of /etc/passwd. */
  readonly passwd?: string;
  /** The text of /etc/group. */
  readonly group?: string;
}

/** How many symbolic links a lookup follows before it gives up (as the kernel's ELOOP, smaller). */
const MAX_LINKS = 8;

/**
 * The folders a root filesystem is made of, top first: an overlay's `upperdir` (absent for a read-only view)
 * then its `lowerdir` entries in order; a bind mount's source. Empty for any other mount (nothing readable
 * without mounting it).
 */
export function layerFolders(mounts: readonly MountInput[]): string[] {
  if (mounts.length !== 1) return [];
  const mount = mounts[0]!;
  if (mount.type === 'bind' || mount.type === 'rbind') return [mount.source];
  if (mount.type !== 'overlay') return [];
  const option = (name: string): string | undefined => mount.options?.find((o) => o.startsWith(`${name}=`))?.slice(name.length + 1);
  const upper = option('upperdir');
  const lower = option('lowerdir');
  return [...(upper ? [upper] : []), ...(lower ? lower.split(':') : [])];
}

/**
 * The text of the file at `path` (absolute, in the container) of the root filesystem that `mounts` make, or
 * undefined when it has none (missing, hidden by a whiteout, not a regular file, or the mounts are of a kind
 * that cannot be read without mounting). A symbolic link at the last component is followed inside the root
 * filesystem.
 *
 * Limits: an opaque directory is seen by its `.wh..wh..opq` marker; one marked only by the
 * `trusted.overlay.opaque` extended attribute (which Node cannot read) does not hide the layers below it.
 */
export function readRootfsFile(mounts: readonly MountInput[], path: string): string | undefined {
  const layers = layerFolders(mounts);
  let wanted = posix.normalize(path);
  for (let links = 0; links <= MAX_LINKS; links++) {
    const found = lookup(layers, wanted.split('/').filter((part) => part !== ''));
    if (found === undefined) return undefined;
    if (found.stats.isFile()) return readFileSync(found.hostPath, 'utf8');
    if (!found.stats.isSymbolicLink()) return undefined;
    wanted = posix.resolve(posix.dirname(wanted), readlinkSync(found.hostPath, 'utf8'));
  }
  return undefined;
}

/** /etc/passwd and /etc/group of the root filesystem that `mounts` make, for resolving user and group names. */
export function readRootfsEtc(mounts: readonly MountInput[]): RootfsEtc {
  const passwd = readRootfsFile(mounts, '/etc/passwd');
  const group = readRootfsFile(mounts, '/etc/group');
  return { ...(passwd === undefined ? {} : { passwd }), ...(group === undefined ? {} : { group }) };
}

interface Found {
  readonly hostPath: string;
  readonly stats: Stats;
}

/** The entry `parts` names in the merged view of `layers` (top first), as overlayfs resolves it. */
function lookup(layers: readonly string[], parts: readonly string[]): Found | undefined {
  if (parts.length === 0) return undefined;
  for (const layer of layers) {
    let dir = layer;
    let opaque = false;
    for (const [i, name] of parts.entries()) {
      // a `.wh.NAME` file (the layer tar's own spelling) hides NAME of the layers below
      if (existsSync(join(dir, `.wh.${name}`))) return undefined;
      const hostPath = join(dir, name);
      const stats = lstatOrUndefined(hostPath);
      if (stats === undefined) break;
      // overlayfs's own whiteout: a character device 0/0
      if (stats.isCharacterDevice() && stats.rdev === 0) return undefined;
      if (i === parts.length - 1) return { hostPath, stats };
      // a file (or a link) where a folder is needed hides the folder of the layers below
      if (!stats.isDirectory()) return undefined;
      if (existsSync(join(hostPath, '.wh..wh..opq'))) opaque = true;
      dir = hostPath;
    }
    if (opaque) return undefined;
  }
  return undefined;
}

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}
