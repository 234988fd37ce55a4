/**
 * `rx-containerd run`: runs one container in the foreground, streams its output, forwards Ctrl-C as a
 * graceful stop, and exits with the process's exit code; with a restart policy, supervises it.
 * @module
 */
import { rmSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { catchError, EMPTY, firstValueFrom, lastValueFrom, mergeMap, ReplaySubject, tap } from 'rxjs';
import { busyboxRootfs } from '../testing/rootfs.js';
import { connect, type Client } from '../process/client.js';
import type { Container } from '../process/container.js';
import type { Task } from '../process/task.js';
import type { ExitStatus } from '../process/types.js';
import type { RestartPolicy } from '../supervise/policy.js';
import { maxTimerMs } from '../supervise/check.js';
import { stopGracefully$ } from '../supervise/stop-gracefully.js';
import { supervise } from '../supervise/supervise.js';
import { globalHelp, parse, UsageError } from './args.js';
import { supervisorLine } from './timeline.js';

export const runHelp = `Usage: rx-containerd run [options] -- CMD [ARGS...]

Runs CMD in a new container, streams its output, and exits with its exit code (with a restart policy, that of
its last run); 1 when it could not be created or started. Ctrl-C stops it gracefully (SIGTERM, then SIGKILL
after the grace period). The container and its task are deleted at the end.
      --rootfs DIR        root filesystem (default: a fresh busybox rootfs, removed at the end)
      --restart POLICY    no | on-failure[:N] | always | unless-stopped (shows the supervisor's events)
  -t, --tty               run with a terminal (stdin is forwarded; the window size follows yours)
  -e, --env K=V           environment variable (repeatable)
      --id ID             container id (default: run-<random>)
      --grace MS          grace period between SIGTERM and SIGKILL on stop (default 10000)
${globalHelp}`;

const policies = /^(no|on-failure(:\d+)?|always|unless-stopped|permanent|transient|temporary)$/;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals, global, help } = parse(argv, {
    rootfs: { type: 'string' },
    restart: { type: 'string' },
    tty: { type: 'boolean', short: 't' },
    env: { type: 'string', short: 'e', multiple: true },
    id: { type: 'string' },
    grace: { type: 'string' },
  });
  if (help) {
    console.log(runHelp);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('run needs a command: rx-containerd run -- CMD [ARGS...]');
  const restart = values.restart as string | undefined;
  if (restart !== undefined && !policies.test(restart)) throw new UsageError(`unknown restart policy ${JSON.stringify(restart)}`);
  const gracePeriodMs = values.grace === undefined ? 10_000 : Number(values.grace);
  if (!Number.isFinite(gracePeriodMs) || gracePeriodMs < 0 || gracePeriodMs > maxTimerMs) {
    throw new UsageError(`--grace takes a number of milliseconds from 0 to ${maxTimerMs}`);
  }
  const tty = values.tty === true;
  const id = (values.id as string | undefined) ?? `run-${randomBytes(4).toString('hex')}`;

  // Installed before anything is created; replayed, so a Ctrl-C while the task is still starting is not lost.
  const stop = new ReplaySubject<void>(1);
  const onSignal = (): void => {
    if (!tty) process.stderr.write(`\nstopping ${id} (grace ${gracePeriodMs} ms)...\n`);
    stop.next();
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  const client = connect(global);
  const ownRootfs = values.rootfs === undefined;
  const rootfs = (values.rootfs as string | undefined) ?? (await busyboxRootfs());
  let container: Container | undefined;
  try {
    container = await client.newContainer(id, { rootfs, args: positionals, env: (values.env as string[] | undefined) ?? [], terminal: tty });
    try {
      return restart === undefined
        ? await runOnce(client, container, { tty, gracePeriodMs, stop })
        : await runSupervised(container, { tty, gracePeriodMs, stop, restart: restart as RestartPolicy });
    } finally {
      await container?.delete().catch(() => undefined);
    }
  } finally {
    for (const s of signals) process.off(s, onSignal);
    client.close();
    if (ownRootfs) rmSync(rootfs, { recursive: true, force: true });
  }
}

interface RunOptions {
  readonly tty: boolean;
  readonly gracePeriodMs: number;
  readonly stop: ReplaySubject<void>;
}

async function runOnce(_client: Client, container: Container, options: RunOptions): Promise<number> {
  const task = await newTask(container, options.tty);
  const detach = attachTerminal(task, options.tty);
  const exit$ = task.wait$();
  const exited = firstValueFrom(exit$);
  exited.catch(() => undefined); // awaited below, unless the start fails
  try {
    await task.start();
  } catch (error) {
    detach();
    await task.delete({ kill: true }).catch(() => undefined); // or the container's delete is refused
    throw error;
  }
  // each stop asked for starts a graceful stop; the exit (awaited below) ends them
  const stopping = options.stop
    .pipe(mergeMap(() => stopGracefully$(task, { gracePeriodMs: options.gracePeriodMs }).pipe(catchError(() => EMPTY))))
    .subscribe();
  let status: ExitStatus;
  try {
    status = await exited;
  } finally {
    stopping.unsubscribe();
    detach();
  }
  await task.delete().catch(() => undefined);
  await firstValueFrom(task.io.done$, { defaultValue: undefined }).catch(() => undefined);
  return status.code;
}

/**
 * Supervises the process; resolves the exit code of its last life. A last life that never ran (it could not be
 * created or started) or whose end is unknown (its wait failed) has no code: 1, as when `run` without a restart
 * policy cannot create the process; 130 when a stop interrupted it before it ran.
 */
async function runSupervised(container: Container, options: RunOptions & { restart: RestartPolicy }): Promise<number> {
  let last: number | undefined;
  let stopped = false;
  const stopping = options.stop.subscribe(() => { stopped = true; });
  try {
    await lastValueFrom(
      supervise(() => newTask(container, false), { restart: options.restart, gracePeriodMs: options.gracePeriodMs, stop: options.stop }).pipe(
        tap((e) => {
          if (e.type === 'starting') last = undefined;
          if (e.type === 'exited') last = e.status.code;
          process.stderr.write(`${supervisorLine(e)}\n`);
        }),
      ),
      { defaultValue: undefined },
    );
  } finally {
    stopping.unsubscribe();
  }
  return last ?? (stopped ? 130 : 1);
}

function newTask(container: Container, tty: boolean): Promise<Task> {
  return container.newTask({ stdio: tty ? 'pipe' : 'inherit', stdin: tty });
}

/** With a terminal: raw stdin to the process, its output to ours, and the window size kept in step. */
function attachTerminal(task: Task, tty: boolean): () => void {
  if (!tty) return () => undefined;
  const out = task.io.stdout$.subscribe((chunk) => process.stdout.write(chunk));
  const resize = (): void => {
    if (process.stdout.columns && process.stdout.rows) task.resize(process.stdout.columns, process.stdout.rows).catch(() => undefined);
  };
  resize();
  process.stdout.on('resize', resize);
  const raw = process.stdin.isTTY;
  if (raw) process.stdin.setRawMode(true);
  const stdin = task.io.stdin;
  const forward = (chunk: Buffer): void => {
    stdin?.write(chunk);
  };
  process.stdin.on('data', forward);
  process.stdin.resume();
  return () => {
    out.unsubscribe();
    process.stdout.off('resize', resize);
    process.stdin.off('data', forward);
    if (raw) process.stdin.setRawMode(false);
    process.stdin.pause();
  };
}

