/**
 * An exit status from the daemon's numbers: the code, the time, and the signal's name when the code says the
 * process died of one.
 *
 * The daemon reports a death by signal N as the code 128 + N (SIGKILL: 137), as a shell does; it keeps no other
 * trace of the signal. So a process that calls `exit(137)` by itself is reported as killed by SIGKILL: nobody
 * can tell the two apart from the code (Docker says the same of its `ExitCode`). A code of 128 + N where N is no
 * Linux signal (e.g. 128, 160, 255) has no `signal`. The numbers are Linux's (the daemon runs Linux processes),
 * whatever the platform of the Node process reading them; the real-time signals (34 to 64) have no name in Node
 * and get none here.
 * @module
 */
import type { ExitStatus } from './vocabulary.js';

/** Linux's signal numbers 1 to 31, by their first name (SIGABRT, not SIGIOT; SIGIO, not SIGPOLL). */
const LINUX_SIGNALS: readonly NodeJS.Signals[] = [
  'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGILL', 'SIGTRAP', 'SIGABRT', 'SIGBUS', 'SIGFPE', 'SIGKILL', 'SIGUSR1',
  'SIGSEGV', 'SIGUSR2', 'SIGPIPE', 'SIGALRM', 'SIGTERM', 'SIGSTKFLT', 'SIGCHLD', 'SIGCONT', 'SIGSTOP', 'SIGTSTP',
  'SIGTTIN', 'SIGTTOU', 'SIGURG', 'SIGXCPU', 'SIGXFSZ', 'SIGVTALRM', 'SIGPROF', 'SIGWINCH', 'SIGIO', 'SIGPWR',
  'SIGSYS',
];

/**
 * The name of the signal an exit code reports (128 + N), or undefined for a code that reports none.
 *
 * @example
 * ```ts
 * signalOfExitCode(137); // 'SIGKILL'
 * signalOfExitCode(143); // 'SIGTERM'
 * signalOfExitCode(1);   // undefined
 * signalOfExitCode(200); // undefined (72 is no signal)
 * ```
 */
export function signalOfExitCode(code: number): NodeJS.Signals | undefined {
  return code > 128 ? LINUX_SIGNALS[code - 129] : undefined;
}

/**
 * An exit status with its `signal` filled from the code; the one way every part of the library makes one.
 *
 * @example
 * ```ts
 * exitStatusOf(137, exitedAt); // { code: 137, exitedAt, signal: 'SIGKILL' }
 * exitStatusOf(0, exitedAt);   // { code: 0, exitedAt }
 * ```
 */
export function exitStatusOf(code: number, exitedAt: Date): ExitStatus {
  const signal = signalOfExitCode(code);
  return signal === undefined ? { code, exitedAt } : { code, exitedAt, signal };
}
