/**
 * Ctrl-C for a command that runs a process in the foreground: the first asks for a graceful stop, the second
 * forces it (SIGKILL). SIGTERM and SIGHUP count as Ctrl-C.
 * @module
 */
import { ReplaySubject } from 'rxjs';

/** The stops asked for, replayed: a Ctrl-C while the process is still starting is not lost. */
export interface Interrupts {
  /** Emits on the first interrupt. */
  readonly stop: ReplaySubject<void>;
  /** Emits on the second. */
  readonly force: ReplaySubject<void>;
  /** Whether a stop was asked for. */
  readonly asked: () => boolean;
  /** Stops listening for signals. */
  readonly dispose: () => void;
}

/** Listens for SIGINT, SIGTERM and SIGHUP; tells the user on stderr what each does, unless `quiet` (with a terminal, Ctrl-C is a key for the process). */
export function listenForInterrupts(name: string, gracePeriodMs: number, quiet: boolean): Interrupts {
  const stop = new ReplaySubject<void>(1);
  const force = new ReplaySubject<void>(1);
  let count = 0;
  const onSignal = (): void => {
    count++;
    if (count === 1) {
      if (!quiet) process.stderr.write(`\nstopping ${name} (grace ${gracePeriodMs} ms; Ctrl-C again to kill it now)...\n`);
      stop.next();
    } else if (count === 2) {
      if (!quiet) process.stderr.write(`killing ${name}...\n`);
      force.next();
    }
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  return {
    stop,
    force,
    asked: () => count > 0,
    dispose: () => {
      for (const s of signals) process.off(s, onSignal);
    },
  };
}
