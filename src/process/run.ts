/**
 * `client.run`: one call that runs a command to its end, as execa does for a child process. It makes a container
 * and its task, starts it, feeds `input`, collects stdout and stderr, waits for the exit, deletes both, and gives
 * `{ exitCode, signal, stdout, stderr, durationMs }`. Nothing is left behind, whatever happens: a timeout or an
 * abort kills the process (SIGKILL) and deletes everything before the run fails.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import {
  catchError, concat, connectable, defer, EMPTY, firstValueFrom, forkJoin, fromEvent, ignoreElements, last, map,
  merge, mergeMap, Observable, of, reduce, ReplaySubject, take, tap, throwError, timer, type Subscription,
} from 'rxjs';
import { RunError, type RunFailure } from '../client/errors.js';
import type { ExitStatus } from '../proto/vocabulary.js';
import type { ContainerOptions, ImageContainerOptions } from './client.js';
import type { Container } from './container.js';
import type { Task } from './task.js';
import { checkRunOptions, runOutput, type RunOptions, type RunResult, type RunTarget } from './run-options.js';

export type { ImageRunTarget, RunOptions, RunResult, RunTarget } from './run-options.js';

/** What `run$` needs of a client: making a container, and finding it again to clean up after an unsubscribe. */
export interface RunClient {
  /** Makes the run's container. */
  newContainer$(id: string, options: ContainerOptions | ImageContainerOptions): Observable<Container>;
  /** Finds the run's container again, to clean up after an unsubscribe. */
  loadContainer$(id: string): Observable<Container>;
}

/** The task's end: its exit (none when stopped before it started) and its whole output. */
interface TaskEnd {
  readonly exit: ExitStatus | undefined;
  readonly out: readonly [Buffer, Buffer];
}

const NO_OUTPUT: readonly [Buffer, Buffer] = [Buffer.alloc(0), Buffer.alloc(0)];

/** What the run has seen so far: the task (once made) and why it was stopped (if it was). */
interface RunState {
  task: Task | undefined;
  stopped: RunFailure | undefined;
}

/**
 * Runs `args` in a new container on `target` (a rootfs directory, as a path or `{ rootfs }`; or an image,
 * `{ image }`, whose command runs when `args` is empty and whose Cmd `args` replace) and emits the result
 * once the container and task are deleted. Cold: each subscription is one run. Errors: a TypeError for a bad
 * option (nothing made); a {@link RunError} for a non-zero exit (unless `reject: false`), a timeout or an abort;
 * the daemon's typed errors (a taken id, a missing binary...) with everything made deleted first.
 * Unsubscribing stops the run as an abort does, without waiting for the cleanup.
 *
 * @example
 * ```ts
 * const { stdout } = await firstValueFrom(run$(client, rootfs, ['/bin/echo', 'hi'])); // 'hi'
 * ```
 */
export function run$(client: RunClient, target: RunTarget, args: readonly string[], options?: RunOptions & { readonly encoding?: 'utf8' }): Observable<RunResult<string>>;
export function run$(client: RunClient, target: RunTarget, args: readonly string[], options: RunOptions & { readonly encoding: 'buffer' }): Observable<RunResult<Buffer>>;
export function run$(client: RunClient, target: RunTarget, args: readonly string[], options?: RunOptions): Observable<RunResult>;
export function run$(client: RunClient, target: RunTarget, args: readonly string[], options: RunOptions = {}): Observable<RunResult> {
  return defer(() => {
    const checked = checkRunOptions(target, args, options);
    const id = options.id ?? `run-${randomBytes(6).toString('hex')}`;
    const began = performance.now();
    const state: RunState = { task: undefined, stopped: undefined };
    const fail = (reason: RunFailure, exit: ExitStatus | undefined, out: readonly [Buffer, Buffer]): RunError =>
      new RunError({ reason, id, exitCode: exit?.code, signal: exit?.signal, ...runOutput(out, options.encoding), durationMs: performance.now() - began });
    if (options.signal?.aborted) return throwError(() => fail('abort', undefined, NO_OUTPUT));

    // a timeout or an abort: remember why, and kill the process if it is there (a task made later is killed at once)
    const stop = (reason: RunFailure): void => {
      if (state.stopped !== undefined) return;
      state.stopped = reason;
      if (state.task !== undefined) void firstValueFrom(state.task.kill$('SIGKILL', { all: true })).catch(() => undefined);
    };
    const stoppers = merge(
      checked.timeoutMs === undefined ? EMPTY : timer(checked.timeoutMs).pipe(map(() => 'timeout' as const)),
      options.signal === undefined ? EMPTY : fromEvent(options.signal, 'abort').pipe(take(1), map(() => 'abort' as const)),
    ).subscribe(stop);

    // the container options (resources, mounts, namespaces, devices, security) go to the container as given
    const { input: _input, id: _id, labels, timeoutMs: _timeoutMs, signal: _signal, reject: _reject, encoding: _encoding, env: _env, cwd: _cwd, user: _user, terminal: _terminal, entrypoint: _entrypoint, ...container } = options;
    const spec = { ...container, ...checked.process, ...checked.target, ...(labels ? { labels } : {}) } as ContainerOptions | ImageContainerOptions;
    let settled = false;
    return client.newContainer$(id, spec).pipe(
      mergeMap((container) =>
        withCleanup(inContainer$(container, state, checked.input), container.delete$()),
      ),
      map(({ exit, out }) => {
        if (state.stopped !== undefined || exit === undefined) throw fail(state.stopped ?? 'abort', exit, out);
        if (exit.code !== 0 && options.reject !== false) throw fail('exit', exit, out);
        return { id, exitCode: exit.code, signal: exit.signal, ...runOutput(out, options.encoding), durationMs: performance.now() - began };
      }),
      tap({ complete: () => (settled = true), error: () => (settled = true) }),
      (source) =>
        new Observable<RunResult>((subscriber) => {
          const subscription = source.subscribe(subscriber);
          return () => {
            stoppers.unsubscribe();
            subscription.unsubscribe();
            if (!settled) void abandon(client, id, state);
          };
        }),
    );
  });
}

/**
 * Promise twin of {@link run$}.
 *
 * @example
 * ```ts
 * const r = await run(client, rootfs, ['/bin/sh', '-c', 'exit 3'], { reject: false }); // r.exitCode === 3
 * ```
 */
export function run(client: RunClient, target: RunTarget, args: readonly string[], options?: RunOptions & { readonly encoding?: 'utf8' }): Promise<RunResult<string>>;
export function run(client: RunClient, target: RunTarget, args: readonly string[], options: RunOptions & { readonly encoding: 'buffer' }): Promise<RunResult<Buffer>>;
export function run(client: RunClient, target: RunTarget, args: readonly string[], options?: RunOptions): Promise<RunResult>;
export function run(client: RunClient, target: RunTarget, args: readonly string[], options?: RunOptions): Promise<RunResult> {
  return firstValueFrom(run$(client, target, args, options));
}

/** The task's part: made, started, fed, waited for and deleted; emits its exit and its whole output. */
function inContainer$(container: Container, state: RunState, input: Buffer | undefined): Observable<TaskEnd> {
  if (state.stopped !== undefined) return of({ exit: undefined, out: NO_OUTPUT });
  return container.newTask$({ stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] }).pipe(
    mergeMap((task) => {
      state.task = task;
      const output = connectable(forkJoin([whole$(task.io.stdout$), whole$(task.io.stderr$)]), { connector: () => new ReplaySubject<[Buffer, Buffer]>(1), resetOnDisconnect: false });
      let reading: Subscription | undefined = output.connect();
      const exit$ = connectable(task.wait$(), { connector: () => new ReplaySubject<ExitStatus>(1), resetOnDisconnect: false });
      let waiting: Subscription | undefined = exit$.connect();
      // stopped before it started: deleted unstarted, no exit
      const unstarted$ = task.delete$().pipe(catchError(() => EMPTY), ignoreElements());
      const started$ = concat(
        task.start$().pipe(ignoreElements()),
        defer(() => (state.stopped === undefined ? feed$(task, input) : task.kill$('SIGKILL', { all: true }).pipe(catchError(() => EMPTY)))).pipe(ignoreElements()),
        exit$.pipe(take(1), ignoreElements()),
        task.delete$(),
      ).pipe(last());
      const work$ = defer(() => (state.stopped === undefined ? started$ : unstarted$)).pipe(
        last(undefined, undefined),
        // the output ends once the task is deleted (its IO disposed)
        mergeMap((exit) => output.pipe(take(1), map((out): TaskEnd => ({ exit, out })))),
      );
      // on a failure, the task is killed and deleted (on success, work$ deleted it)
      const cleanup$ = defer(() => task.delete$({ kill: true })).pipe(catchError(() => EMPTY), ignoreElements());
      return work$.pipe(
        catchError((error: unknown) => concat(cleanup$, throwError(() => error))),
        tap({
          finalize: () => {
            reading?.unsubscribe();
            waiting?.unsubscribe();
            reading = waiting = undefined;
          },
        }),
      );
    }),
  );
}

/** Writes `input` into the process's stdin and closes it (our end, then the shim's), so the process reads EOF. */
function feed$(task: Task, input: Buffer | undefined): Observable<void> {
  if (input === undefined) return EMPTY;
  return defer(() => {
    task.io.stdin?.write(input);
    return task.closeIO$({ stdin: true });
  });
}

/** All of a stream's chunks as one Buffer. */
function whole$(chunks$: Observable<Buffer>): Observable<Buffer> {
  return chunks$.pipe(reduce((all: Buffer[], chunk) => (all.push(chunk), all), []), map((all) => Buffer.concat(all)));
}

/**
 * Runs `work$`, then `cleanup$` whatever the outcome, then gives `work$`'s outcome. A cleanup failure is the
 * outcome only when the work succeeded (the work's own error says more).
 */
function withCleanup<T>(work$: Observable<T>, cleanup$: Observable<unknown>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const values: T[] = [];
    let failure: { error: unknown } | undefined;
    let inner: Subscription | undefined;
    const finish = (): void => {
      inner = cleanup$.pipe(ignoreElements()).subscribe({
        error: (error: unknown) => subscriber.error(failure === undefined ? error : failure.error),
        complete: () => {
          if (failure !== undefined) return subscriber.error(failure.error);
          for (const v of values) subscriber.next(v);
          subscriber.complete();
        },
      });
    };
    const outer = work$.subscribe({
      next: (v) => values.push(v),
      error: (error: unknown) => {
        failure = { error };
        finish();
      },
      complete: finish,
    });
    return () => {
      outer.unsubscribe();
      inner?.unsubscribe();
    };
  });
}

/** After an unsubscribe mid-run: kill and delete what the run made, by id, in the background. */
async function abandon(client: RunClient, id: string, state: RunState): Promise<void> {
  state.stopped ??= 'abort';
  const quietly = (o: Observable<unknown>): Promise<unknown> => firstValueFrom(o, { defaultValue: undefined }).catch(() => undefined);
  try {
    if (state.task !== undefined) await quietly(state.task.delete$({ kill: true }));
    const container = await firstValueFrom(client.loadContainer$(id));
    // a task made while we left (its Create was on the wire) is found again and deleted too
    await quietly(container.task$({ stdio: 'ignore' }).pipe(mergeMap((t) => t.delete$({ kill: true }))));
    await firstValueFrom(container.delete$(), { defaultValue: undefined });
  } catch {
    // nothing there, or the daemon gone: nothing more to do
  }
}

