/**
 * `run --restart`: the container's task supervised, each supervisor event a line on stderr labelled with the
 * container's name and shown after the output of the life it describes.
 * @module
 */
import { catchError, concatMap, defaultIfEmpty, lastValueFrom, map, of, tap, timeout, type Observable } from 'rxjs';
import type { Container } from '../process/container.js';
import type { Task } from '../process/task.js';
import type { RestartPolicy } from '../supervise/policy.js';
import { supervise } from '../supervise/supervise.js';
import { notRunnable, CommandFailure } from './exit-codes.js';
import type { Interrupts } from './interrupts.js';
import { supervisorLine } from './timeline.js';

/** How long an exit line waits for the rest of its life's output. */
const outputWaitMs = 2_000;

/** How {@link runSupervised} runs the container. */
export interface SupervisedRunOptions {
  readonly restart: RestartPolicy;
  readonly gracePeriodMs: number;
  readonly interrupts: Interrupts;
  /** The binary, to tell a missing one (127) or one not executable (126). */
  readonly binary: string | undefined;
}

/**
 * Supervises the container's task; resolves the exit code of its last life. A last life that never ran has
 * no code: 127 or 126 when its binary is missing or not executable, 130 when a stop came before it ran, else 1.
 */
export async function runSupervised(container: Container, options: SupervisedRunOptions): Promise<number> {
  let last: number | undefined;
  let failure: unknown;
  let current: Task | undefined;
  const newTask = async (): Promise<Task> => (current = await container.newTask({ stdio: 'inherit' }));
  const forcing = options.interrupts.force.subscribe(() => void current?.kill('SIGKILL').catch(() => undefined));
  try {
    await lastValueFrom(
      supervise(newTask, { restart: options.restart, gracePeriodMs: options.gracePeriodMs, stop: options.interrupts.stop }).pipe(
        concatMap((e) => (e.type === 'exited' && current !== undefined ? outputOf(current).pipe(map(() => e)) : of(e))),
        tap((e) => {
          if (e.type === 'starting') [last, failure] = [undefined, undefined];
          if (e.type === 'exited') last = e.status.code;
          if (e.type === 'failed' && (e.phase === 'create' || e.phase === 'start')) failure = e.error;
          process.stderr.write(`${supervisorLine(e, new Date(e.at), container.id)}\n`);
        }),
      ),
      { defaultValue: undefined },
    );
  } finally {
    forcing.unsubscribe();
  }
  if (last !== undefined) return last;
  const mapped = notRunnable(failure, options.binary);
  if (mapped instanceof CommandFailure) return mapped.exitCode;
  return options.interrupts.asked() ? 130 : 1;
}

/** Emits once the task's output is all out (or after a while: an exit line is not held back for long). */
function outputOf(task: Task): Observable<void> {
  return task.io.done$.pipe(
    timeout({ first: outputWaitMs, with: () => of(undefined) }),
    catchError(() => of(undefined)),
    defaultIfEmpty(undefined),
    map((): void => undefined),
  );
}
