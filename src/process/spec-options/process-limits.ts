/**
 * The per-process limits of a container (rlimits, the OOM score adjustment) and its namespaced sysctls, checked.
 * @module
 */
import { invalidArgument } from '../../client/errors.js';
import type { OciSpec } from '../oci-spec.js';
import { integer } from './cgroup-resources.js';

/** An rlimit: one value for both soft and hard, or each. */
export type RlimitValue =
  | number
  | {
      /** The soft limit (what the process gets); at most `hard`. */
      readonly soft: number;
      /** The hard limit (what the process may raise the soft one to). */
      readonly hard: number;
    };

/** The rlimit names setrlimit(2) knows (RLIMIT_*), the names the OCI spec takes. */
export const rlimitNames = [
  'AS', 'CORE', 'CPU', 'DATA', 'FSIZE', 'LOCKS', 'MEMLOCK', 'MSGQUEUE', 'NICE', 'NOFILE', 'NPROC', 'RSS', 'RTPRIO',
  'RTTIME', 'SIGPENDING', 'STACK',
] as const;

/** The OCI rlimits of `rlimits` (named 'nofile' or 'RLIMIT_NOFILE', any case), checked; `option` names the field in errors. */
export function ociRlimits(rlimits: Readonly<Record<string, RlimitValue>>, option: string, call: string): Array<{ type: string; soft: number; hard: number }> {
  if (typeof rlimits !== 'object' || rlimits === null || Array.isArray(rlimits)) {
    throw invalidArgument(call, `${option} ${String(rlimits)}: use a record such as { nofile: 65536 }`);
  }
  const seen = new Set<string>();
  return Object.entries(rlimits).map(([name, value]) => {
    const short = name.toUpperCase().replace(/^RLIMIT_/, '');
    if (!(rlimitNames as readonly string[]).includes(short)) {
      throw invalidArgument(call, `${option}: unknown rlimit ${JSON.stringify(name)}; known: ${rlimitNames.map((n) => n.toLowerCase()).join(', ')}`);
    }
    if (seen.has(short)) throw invalidArgument(call, `${option}: rlimit ${JSON.stringify(name)} is given twice`);
    seen.add(short);
    const label = `${option}.${name}`;
    const pair = typeof value === 'number' ? { soft: value, hard: value } : value;
    if (typeof pair !== 'object' || pair === null) throw invalidArgument(call, `${label} ${String(value)}: use a number or { soft, hard }`);
    const soft = integer(`${label}.soft`, pair.soft, 0, Number.MAX_SAFE_INTEGER, call, 'a non-negative integer');
    const hard = integer(`${label}.hard`, pair.hard, 0, Number.MAX_SAFE_INTEGER, call, 'a non-negative integer');
    if (soft > hard) throw invalidArgument(call, `${label}: soft ${soft} is above hard ${hard}`);
    return { type: `RLIMIT_${short}`, soft, hard };
  });
}

/** `rlimits` over `base`: an entry of `extra` replaces the one of the same type. */
export function mergeRlimits<T extends { type: string }>(base: readonly T[], extra: readonly T[]): T[] {
  const replaced = new Set(extra.map((r) => r.type));
  return [...base.filter((r) => !replaced.has(r.type)), ...extra];
}

/** The OOM score adjustment, -1000..1000 (`docker run --oom-score-adj`). */
export function oomScoreAdj(v: number, call: string): number {
  return integer('oomScoreAdj', v, -1000, 1000, call);
}

// The sysctls a container may set, those of its own namespaces: runc's libcontainer/configs/validate (sysctl),
// which Docker applies too. IPC ones need the container's own IPC namespace, net.* its own network namespace.
const ipcSysctls = ['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced'];

/** `sysctls`, checked against the namespaces `spec` gives the container (`docker run --sysctl`, containerd `oci.WithSysctls`... via the spec). */
export function checkSysctls(sysctls: Readonly<Record<string, string>>, spec: OciSpec, call: string): Record<string, string> {
  if (typeof sysctls !== 'object' || sysctls === null || Array.isArray(sysctls)) {
    throw invalidArgument(call, `sysctls ${String(sysctls)}: use a record such as { 'net.ipv4.ip_forward': '1' }`);
  }
  const own = (type: string): boolean => spec.linux.namespaces.some((n) => n.type === type && n.path === undefined);
  for (const [name, value] of Object.entries(sysctls)) {
    const bad = (why: string): Error => invalidArgument(call, `sysctls ${JSON.stringify(name)}: ${why}`);
    if (typeof value !== 'string') throw bad(`its value ${String(value)} must be a string`);
    if (ipcSysctls.includes(name) || name.startsWith('fs.mqueue.')) {
      if (!own('ipc')) throw bad('an IPC sysctl needs the container\'s own IPC namespace');
    } else if (name.startsWith('net.')) {
      if (!own('network')) throw bad('a net.* sysctl needs the container\'s own network namespace (not the host\'s)');
    } else {
      throw bad(`not in the container's namespaces; allowed: ${ipcSysctls.join(', ')}, fs.mqueue.*, net.* (with its own network)`);
    }
  }
  return { ...sysctls };
}
