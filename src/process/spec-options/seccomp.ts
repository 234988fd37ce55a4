/**
 * Seccomp profiles: the OCI shape of one (`linux.seccomp`), and the check a caller's profile passes before it
 * reaches the runtime.
 * @module
 */
import { invalidArgument } from '../../client/errors.js';

/** A condition on one syscall argument, as the OCI spec's `linux.seccomp.syscalls[].args[]`. */
export interface SeccompArg {
  /** Which argument (0 for the first). */
  index: number;
  /** The value compared (the mask, for `SCMP_CMP_MASKED_EQ`). */
  value: number;
  /** The second value (for `SCMP_CMP_MASKED_EQ`, what the masked argument must equal). */
  valueTwo?: number;
  /** `'SCMP_CMP_EQ'`, `'SCMP_CMP_NE'`, `'SCMP_CMP_LT'`, `'SCMP_CMP_LE'`, `'SCMP_CMP_GT'`, `'SCMP_CMP_GE'` or `'SCMP_CMP_MASKED_EQ'`. */
  op: string;
}

/** A rule of a profile: what happens when the process calls one of `names`. */
export interface SeccompRule {
  /** The syscall names, e.g. `['mount', 'umount2']`. */
  names: string[];
  /** `'SCMP_ACT_ALLOW'`, `'SCMP_ACT_ERRNO'`, `'SCMP_ACT_KILL'`, `'SCMP_ACT_TRAP'`, `'SCMP_ACT_LOG'`, ... */
  action: string;
  /** The errno returned for `SCMP_ACT_ERRNO` (default EPERM, 1). */
  errnoRet?: number;
  /** Conditions on the arguments, all of which must hold. */
  args?: SeccompArg[];
}

/**
 * A seccomp profile in the OCI shape (`linux.seccomp` of the runtime spec), as `docker run --security-opt
 * seccomp=profile.json` takes once loaded and containerd's `seccomp.WithProfile` sets.
 */
export interface SeccompProfile {
  /** What happens to a syscall no rule names, e.g. `'SCMP_ACT_ERRNO'`. */
  defaultAction: string;
  /** The errno of `defaultAction` `'SCMP_ACT_ERRNO'` (default EPERM, 1). */
  defaultErrnoRet?: number;
  /** The seccomp architectures the filter covers, e.g. `['SCMP_ARCH_X86_64']`. */
  architectures?: string[];
  /** Filter flags, e.g. `['SECCOMP_FILTER_FLAG_LOG']`. */
  flags?: string[];
  /** The rules, in order. */
  syscalls?: SeccompRule[];
}

const isAction = (a: unknown): a is string => typeof a === 'string' && /^SCMP_ACT_[A-Z_]+$/.test(a);
const isErrno = (n: unknown): boolean => n === undefined || (Number.isInteger(n) && (n as number) >= 0 && (n as number) <= 4095);
const isStrings = (l: unknown, pattern: RegExp): boolean => Array.isArray(l) && l.every((s) => typeof s === 'string' && pattern.test(s));

/**
 * `profile`, checked: a `defaultAction` `SCMP_ACT_*`, `architectures` `SCMP_ARCH_*`, each rule with syscall names
 * and an action, errno values 0..4095, argument conditions with an index 0..5 and a `SCMP_CMP_*` op.
 * @throws InvalidArgumentError naming the `seccomp` option and what is wrong.
 */
export function checkSeccompProfile(profile: unknown, call: string): SeccompProfile {
  const bad = (what: string): never => {
    throw invalidArgument(call, `invalid seccomp profile: ${what}`);
  };
  if (typeof profile !== 'object' || profile === null || Array.isArray(profile)) {
    return bad(`${JSON.stringify(profile)}: 'default', 'unconfined' or a profile object`);
  }
  const p = profile as Partial<SeccompProfile>;
  if (!isAction(p.defaultAction)) bad(`defaultAction ${JSON.stringify(p.defaultAction)} is not an SCMP_ACT_* action`);
  if (!isErrno(p.defaultErrnoRet)) bad(`defaultErrnoRet ${JSON.stringify(p.defaultErrnoRet)} is not an errno (0..4095)`);
  if (p.architectures !== undefined && !isStrings(p.architectures, /^SCMP_ARCH_[A-Z0-9_]+$/)) {
    bad(`architectures ${JSON.stringify(p.architectures)}: SCMP_ARCH_* names`);
  }
  if (p.flags !== undefined && !isStrings(p.flags, /^SECCOMP_FILTER_FLAG_[A-Z_]+$/)) bad(`flags ${JSON.stringify(p.flags)}: SECCOMP_FILTER_FLAG_* names`);
  if (p.syscalls !== undefined && !Array.isArray(p.syscalls)) bad('syscalls is not an array');
  for (const [i, rule] of (p.syscalls ?? []).entries()) {
    if (typeof rule !== 'object' || rule === null) bad(`syscalls[${i}] is not a rule`);
    if (!isStrings(rule.names, /^[a-z0-9_]+$/) || rule.names.length === 0) bad(`syscalls[${i}].names ${JSON.stringify(rule.names)}: syscall names`);
    if (!isAction(rule.action)) bad(`syscalls[${i}].action ${JSON.stringify(rule.action)} is not an SCMP_ACT_* action`);
    if (!isErrno(rule.errnoRet)) bad(`syscalls[${i}].errnoRet ${JSON.stringify(rule.errnoRet)} is not an errno (0..4095)`);
    if (rule.args !== undefined && !Array.isArray(rule.args)) bad(`syscalls[${i}].args is not an array`);
    for (const arg of rule.args ?? []) {
      const ok = typeof arg === 'object' && arg !== null && Number.isInteger(arg.index) && arg.index >= 0 && arg.index <= 5 &&
        Number.isInteger(arg.value) && arg.value >= 0 && (arg.valueTwo === undefined || (Number.isInteger(arg.valueTwo) && arg.valueTwo >= 0)) &&
        typeof arg.op === 'string' && /^SCMP_CMP_[A-Z_]+$/.test(arg.op);
      if (!ok) bad(`syscalls[${i}].args entry ${JSON.stringify(arg)}: { index: 0..5, value, op: 'SCMP_CMP_*' }`);
    }
  }
  return profile as SeccompProfile;
}
