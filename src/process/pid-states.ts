/**
 * Which processes of a task are zombies, read from this host's /proc: the daemon's ListPids gives the pids of
 * the task's cgroup only, which never holds a zombie, and no state.
 * @module
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { TaskPid } from '../proto/answers.js';

/** Where a task lives: what tells its shim apart from every other on the host. */
export interface TaskPlace {
  /** The task's container id. */
  readonly containerId: string;
  /** The containerd namespace. */
  readonly namespace: string;
  /** The connection's gRPC target, e.g. `'unix:///run/containerd/containerd.sock'`. */
  readonly target: string;
}

interface Stat {
  readonly state: string;
  readonly ppid: number;
}

/**
 * `pids` with `zombie` set on each whose state this host's /proc tells, followed by the task's zombies, which the
 * daemon never lists: the kernel takes a process out of its cgroup when it exits (cgroup v1 moves it to the
 * root, v2 leaves it out of cgroup.procs), and runc lists the cgroup's processes. A zombie is found as a child of
 * a listed process whose state is `Z`. /proc is believed only when it shows the daemon's own pid numbering: the
 * client talks to a unix socket, and the parent of one of the listed processes (the task's init) is the runc
 * shim of this very task (its command line names this namespace, this container id and this daemon's socket).
 * A client in another pid namespace than the daemon (in a container, with the socket bound in) or on a TCP
 * address sees no such shim and gets `pids` as they are. A listed process is judged only when its cgroup is the
 * init's (or it is a zombie child of another listed one), so a pid that ended and was reused between the
 * daemon's answer and the read is left unset rather than misreported.
 */
export function withZombieStates(pids: readonly TaskPid[], place: TaskPlace): readonly TaskPid[] {
  const socket = /^unix:(?:\/\/)?(\/.*)$/.exec(place.target)?.[1];
  if (socket === undefined || pids.length === 0) return pids;
  const stats = new Map<number, Stat>();
  for (const { pid } of pids) {
    const stat = readStat(pid);
    if (stat !== undefined) stats.set(pid, stat);
  }
  const init = [...stats].find(([, s]) => !stats.has(s.ppid) && isShimOf(s.ppid, place, socket))?.[0];
  const initCgroup = init === undefined ? undefined : read(`/proc/${init}/cgroup`);
  if (initCgroup === undefined) return pids;
  const ours = (pid: number, s: Stat): boolean => read(`/proc/${pid}/cgroup`) === initCgroup || (s.state === 'Z' && stats.has(s.ppid));
  const judged = pids.map((p) => {
    const s = stats.get(p.pid);
    return s === undefined || !ours(p.pid, s) ? p : { ...p, zombie: s.state === 'Z' };
  });
  const listed = new Set(pids.map((p) => p.pid));
  const orphans = judged
    .filter((p) => p.zombie === false)
    .flatMap((p) => childrenOf(p.pid))
    .filter((child) => !listed.has(child) && readStat(child)?.state === 'Z');
  return [...judged, ...[...new Set(orphans)].sort((a, b) => a - b).map((pid) => ({ pid, zombie: true }))];
}

/** The children of `pid` (of each of its threads), from /proc/PID/task/TID/children; none when unreadable. */
function childrenOf(pid: number): number[] {
  let threads: string[];
  try {
    threads = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return threads.flatMap((tid) => (read(`/proc/${pid}/task/${tid}/children`) ?? '').split(' ').filter((w) => w !== '').map(Number));
}

/** Field 3 (the state letter) and field 4 (the parent) of /proc/PID/stat; the command name may hold spaces and ')'. */
function readStat(pid: number): Stat | undefined {
  const text = read(`/proc/${pid}/stat`);
  if (text === undefined) return undefined;
  const [state, ppid] = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return state === undefined || ppid === undefined ? undefined : { state, ppid: Number(ppid) };
}

/** Whether `pid` runs a containerd shim started for this namespace, container id and daemon socket. */
function isShimOf(pid: number, place: TaskPlace, socket: string): boolean {
  const args = read(`/proc/${pid}/cmdline`)?.split('\0');
  if (args === undefined || !/containerd-shim/.test(args[0] ?? '')) return false;
  const after = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    return i < 0 ? undefined : args[i + 1];
  };
  return after('-namespace') === place.namespace && after('-id') === place.containerId && after('-address') === socket;
}

function read(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined; // the process ended meanwhile, or /proc is not the daemon's
  }
}
