/**
 * The words every layer shares: how a process ended and which signal to send it. They live at the bottom so
 * that the client's checks and the stream's operators can name them without importing the process layer
 * (which re-exports them, so users import them from the package root as before).
 * @module
 */

/** How a process ended: its exit code (a signal death reports 128 + N, SIGKILL: 137) and when. */
export interface ExitStatus {
  /** The exit status: the process's exit code, or 128 + N when signal N killed it. */
  readonly code: number;
  /** When the process exited. */
  readonly exitedAt: Date;
}

/** A POSIX signal by name (`'SIGTERM'`) or number (`15`). */
export type Signal = NodeJS.Signals | number;
