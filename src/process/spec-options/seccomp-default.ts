/**
 * The default seccomp profile: the same rules in effect as Docker's default, built for this machine's
 * architecture and a container's capabilities.
 *
 * Source of the syscall lists (a fact carried over): moby's profiles/seccomp/default.json. Everything not
 * allowed fails with EPERM; a few syscalls are allowed only on some architectures or with a capability, as
 * Docker decides when it loads the profile.
 * @module
 */
import { release } from 'node:os';
import type { SeccompProfile } from './seccomp.js';

/** Allowed on every architecture, whatever the capabilities. */
const allowed = `accept accept4 access adjtimex alarm bind brk capget capset chdir chmod chown chown32 clock_adjtime
clock_adjtime64 clock_getres clock_getres_time64 clock_gettime clock_gettime64 clock_nanosleep clock_nanosleep_time64
close close_range connect copy_file_range creat dup dup2 dup3 epoll_create epoll_create1 epoll_ctl epoll_ctl_old
epoll_pwait epoll_pwait2 epoll_wait epoll_wait_old eventfd eventfd2 execve execveat exit exit_group faccessat
faccessat2 fadvise64 fadvise64_64 fallocate fanotify_mark fchdir fchmod fchmodat fchown fchown32 fchownat fcntl
fcntl64 fdatasync fgetxattr flistxattr flock fork fremovexattr fsetxattr fstat fstat64 fstatat64 fstatfs fstatfs64
fsync ftruncate ftruncate64 futex futex_time64 futex_waitv futimesat getcpu getcwd getdents getdents64 getegid
getegid32 geteuid geteuid32 getgid getgid32 getgroups getgroups32 getitimer getpeername getpgid getpgrp getpid
getppid getpriority getrandom getresgid getresgid32 getresuid getresuid32 getrlimit get_robust_list getrusage getsid
getsockname getsockopt get_thread_area gettid gettimeofday getuid getuid32 getxattr inotify_add_watch inotify_init
inotify_init1 inotify_rm_watch io_cancel ioctl io_destroy io_getevents io_pgetevents io_pgetevents_time64 ioprio_get
ioprio_set io_setup io_submit io_uring_enter io_uring_register io_uring_setup ipc kill landlock_add_rule
landlock_create_ruleset landlock_restrict_self lchown lchown32 lgetxattr link linkat listen listxattr llistxattr
_llseek lremovexattr lseek lsetxattr lstat lstat64 madvise membarrier memfd_create memfd_secret mincore mkdir mkdirat
mknod mknodat mlock mlock2 mlockall mmap mmap2 mprotect mq_getsetattr mq_notify mq_open mq_timedreceive
mq_timedreceive_time64 mq_timedsend mq_timedsend_time64 mq_unlink mremap msgctl msgget msgrcv msgsnd msync munlock
munlockall munmap name_to_handle_at nanosleep newfstatat _newselect open openat openat2 pause pidfd_open
pidfd_send_signal pipe pipe2 pkey_alloc pkey_free pkey_mprotect poll ppoll ppoll_time64 prctl pread64 preadv preadv2
prlimit64 process_mrelease pselect6 pselect6_time64 pwrite64 pwritev pwritev2 read readahead readlink readlinkat
readv recv recvfrom recvmmsg recvmmsg_time64 recvmsg remap_file_pages removexattr rename renameat renameat2
restart_syscall rmdir rseq rt_sigaction rt_sigpending rt_sigprocmask rt_sigqueueinfo rt_sigreturn rt_sigsuspend
rt_sigtimedwait rt_sigtimedwait_time64 rt_tgsigqueueinfo sched_getaffinity sched_getattr sched_getparam
sched_get_priority_max sched_get_priority_min sched_getscheduler sched_rr_get_interval sched_rr_get_interval_time64
sched_setaffinity sched_setattr sched_setparam sched_setscheduler sched_yield seccomp select semctl semget semop
semtimedop semtimedop_time64 send sendfile sendfile64 sendmmsg sendmsg sendto setfsgid setfsgid32 setfsuid setfsuid32
setgid setgid32 setgroups setgroups32 setitimer setpgid setpriority setregid setregid32 setresgid setresgid32
setresuid setresuid32 setreuid setreuid32 setrlimit set_robust_list setsid setsockopt set_thread_area set_tid_address
setuid setuid32 setxattr shmat shmctl shmdt shmget shutdown sigaltstack signalfd signalfd4 sigprocmask sigreturn
socketcall socketpair splice stat stat64 statfs statfs64 statx symlink symlinkat sync sync_file_range syncfs sysinfo
tee tgkill time timer_create timer_delete timer_getoverrun timer_gettime timer_gettime64 timer_settime
timer_settime64 timerfd_create timerfd_gettime timerfd_gettime64 timerfd_settime timerfd_settime64 times tkill
truncate truncate64 ugetrlimit umask uname unlink unlinkat utime utimensat utimensat_time64 utimes vfork vmsplice
wait4 waitid waitpid write writev`;

/** Allowed on these architectures only (Go's names, as the source uses them). */
const byArch: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['sync_file_range2 swapcontext', ['ppc64le']],
  ['arm_fadvise64_64 arm_sync_file_range sync_file_range2 breakpoint cacheflush set_tls', ['arm', 'arm64']],
  ['arch_prctl', ['amd64', 'x32']],
  ['modify_ldt', ['amd64', 'x32', 'x86']],
  ['s390_pci_mmio_read s390_pci_mmio_write s390_runtime_instr', ['s390', 's390x']],
  ['riscv_flush_icache', ['riscv64']],
];

/** Allowed only to a process holding the capability. */
const byCapability: ReadonlyArray<readonly [string, string]> = [
  ['open_by_handle_at', 'CAP_DAC_READ_SEARCH'],
  ['bpf clone clone3 fanotify_init fsconfig fsmount fsopen fspick lookup_dcookie mount mount_setattr move_mount ' +
    'open_tree perf_event_open quotactl quotactl_fd setdomainname sethostname setns syslog umount umount2 unshare', 'CAP_SYS_ADMIN'],
  ['reboot', 'CAP_SYS_BOOT'],
  ['chroot', 'CAP_SYS_CHROOT'],
  ['delete_module init_module finit_module', 'CAP_SYS_MODULE'],
  ['acct', 'CAP_SYS_PACCT'],
  ['kcmp pidfd_getfd process_madvise process_vm_readv process_vm_writev ptrace', 'CAP_SYS_PTRACE'],
  ['iopl ioperm', 'CAP_SYS_RAWIO'],
  ['settimeofday stime clock_settime clock_settime64', 'CAP_SYS_TIME'],
  ['vhangup', 'CAP_SYS_TTY_CONFIG'],
  ['get_mempolicy mbind set_mempolicy set_mempolicy_home_node', 'CAP_SYS_NICE'],
  ['syslog', 'CAP_SYSLOG'],
  ['bpf', 'CAP_BPF'],
  ['perf_event_open', 'CAP_PERFMON'],
];

/** Node's `process.arch` -> the Go name the rules use, and the seccomp architectures the filter covers. */
const architectures: Readonly<Record<string, readonly [string, readonly string[]]>> = {
  x64: ['amd64', ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32']],
  arm64: ['arm64', ['SCMP_ARCH_AARCH64', 'SCMP_ARCH_ARM']],
  arm: ['arm', ['SCMP_ARCH_ARM']],
  s390x: ['s390x', ['SCMP_ARCH_S390X', 'SCMP_ARCH_S390']],
  riscv64: ['riscv64', ['SCMP_ARCH_RISCV64']],
  ppc64: ['ppc64le', ['SCMP_ARCH_PPC64LE']],
  mips64el: ['mips64le', ['SCMP_ARCH_MIPSEL64', 'SCMP_ARCH_MIPSEL', 'SCMP_ARCH_MIPSEL64N32']],
};

/** The namespace flags of clone(2) (CLONE_NEWNS|NEWCGROUP|NEWUTS|NEWIPC|NEWUSER|NEWPID|NEWNET). */
const cloneNamespaceFlags = 2114060288;
const EPERM = 1;
const ENOSYS = 38;

const words = (list: string): string[] => list.split(/\s+/).filter((w) => w !== '');

function kernelAtLeast(major: number, minor: number, version = release()): boolean {
  const [a = 0, b = 0] = version.split(/[.-]/).map((p) => Number.parseInt(p, 10));
  return a > major || (a === major && b >= minor);
}

/**
 * The default profile for a process holding `capabilities` on `arch` (Node's `process.arch`), as Docker builds
 * its default for a container: EPERM for anything not allowed; clone with namespace flags and clone3 (ENOSYS, so
 * the C library falls back to clone) only with CAP_SYS_ADMIN; socket(AF_VSOCK) refused; personality limited to
 * the values Docker allows.
 *
 * @example
 * ```ts
 * defaultSeccompProfile(['CAP_CHOWN']).defaultAction // 'SCMP_ACT_ERRNO'
 * ```
 */
export function defaultSeccompProfile(capabilities: readonly string[], arch: string = process.arch): SeccompProfile {
  const [goArch, seccompArchitectures] = architectures[arch] ?? ['', []];
  const has = (cap: string): boolean => capabilities.includes(cap);
  const allow = (names: string[]) => ({ names, action: 'SCMP_ACT_ALLOW' });
  const syscalls: NonNullable<SeccompProfile['syscalls']> = [allow(words(allowed))];
  if (kernelAtLeast(4, 8)) syscalls.push(allow(['process_vm_readv', 'process_vm_writev', 'ptrace']));
  syscalls.push({ names: ['socket'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 40, op: 'SCMP_CMP_NE' }] });
  for (const value of [0, 8, 131072, 131080, 4294967295]) {
    syscalls.push({ names: ['personality'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value, op: 'SCMP_CMP_EQ' }] });
  }
  for (const [names, arches] of byArch) if (arches.includes(goArch)) syscalls.push(allow(words(names)));
  for (const [names, cap] of byCapability) if (has(cap)) syscalls.push(allow(words(names)));
  if (!has('CAP_SYS_ADMIN')) {
    // s390 passes clone's flags second
    const index = goArch.startsWith('s390') ? 1 : 0;
    syscalls.push({ names: ['clone'], action: 'SCMP_ACT_ALLOW', args: [{ index, value: cloneNamespaceFlags, valueTwo: 0, op: 'SCMP_CMP_MASKED_EQ' }] });
    syscalls.push({ names: ['clone3'], action: 'SCMP_ACT_ERRNO', errnoRet: ENOSYS });
  }
  return {
    defaultAction: 'SCMP_ACT_ERRNO',
    defaultErrnoRet: EPERM,
    ...(seccompArchitectures.length > 0 ? { architectures: [...seccompArchitectures] } : {}),
    syscalls,
  };
}
