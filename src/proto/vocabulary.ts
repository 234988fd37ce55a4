/**
 * The words every layer shares: how a process ended and which signal to send it. They live at the bottom so
 * that the client's checks and the stream's operators can name them without importing the process layer
 * (which re-exports them, so users import them from the package root as before).
 * @module
 */

/**
 * How a process ended: its exit code, when, and the signal it died of.
 *
 * A death by signal N is reported by the daemon as the code 128 + N (SIGKILL: 137); `signal` is then that
 * signal's name, as execa's `signalName`. The daemon keeps no other trace of the signal, so a process that exits
 * with 137 by itself has `signal: 'SIGKILL'` too (Docker's exit codes have the same ambiguity). A code of
 * 128 + N where N is no signal (128, 255, a real-time signal) has no `signal`.
 */
export interface ExitStatus {
  /** The exit code, 0 to 255. */
  readonly code: number;
  /** When the process exited, as the daemon recorded it. */
  readonly exitedAt: Date;
  /** The signal's name when the code is 128 + N of a Linux signal N (`'SIGKILL'` for 137); absent otherwise. */
  readonly signal?: NodeJS.Signals;
  /**
   * True when the kernel's OOM killer ended the process: the daemon published `/tasks/oom` for its container
   * while the wait listened, and the process then died of SIGKILL (137). Docker's `State.OOMKilled`, stricter:
   * Docker sets it on any OOM in the container, even one the process survived. Only a container's init process
   * (a task) gets it, and only from an event-based `wait$()` that saw the event; absent otherwise.
   */
  readonly oomKilled?: true;
}

/** A POSIX signal by name (`'SIGTERM'`) or number (`15`). */
export type Signal = NodeJS.Signals | number;
