/**
 * A process in a container (the init process or an exec) over the daemon's Tasks service.
 * @module
 */
import {
  catchError,
  concat,
  defer,
  EMPTY,
  ignoreElements,
  map,
  mergeMap,
  Observable,
  of,
  ReplaySubject,
  concatMap,
  endWith,
  throwError,
  merge,
  switchMap,
  take,
  tap,
} from 'rxjs';
import { none, some, type Option } from 'fp-ts/lib/Option.js';
import { toPromise, type AbortOptions } from '../client/to-promise.js';
import { backstopDue$ } from './backstop.js';
import { ContainerdError, NotFoundError, NotStartedError, UnavailableError, invalidArgument } from '../client/errors.js';
import { signalNumber } from '../client/validate.js';
import { Tasks } from '../proto/services.js';
import { toDate } from '../proto/timestamp.js';
import type { ClientCore } from './core.js';
import type { ProcessIO } from './io-setup.js';
import { toSnapshot, type ProcessSnapshot } from './status.js';
import type { DeleteOptions, ExitStatus, KillOptions, Process, ProcessStatus, Signal } from './types.js';
import { shareResult } from './share-result.js';
import { daemonVersion$, notStarted } from './no-exit.js';
import { waitExit$ } from './wait.js';
import { waitRpc$ } from './wait-rpc.js';
import { killAndWait$ } from './kill-and-wait.js';

/** The Tasks service's calls, as errors name them. */
const CALL = '/containerd.services.tasks.v1.Tasks/';
import { exitStatusOf } from '../proto/exit-status.js';

/**
 * One process of a task. Every method has a cold `$` form (unsubscribe cancels the call) and a Promise form.
 *
 * @example
 * ```ts
 * const exit$ = proc.wait$();       // safe before start
 * await proc.start();
 * const { code } = await firstValueFrom(exit$);
 * await proc.delete();
 * ```
 */
export class ContainerdProcess implements Process {
  private pidValue: number | undefined;
  private waitShared: Observable<ExitStatus> | undefined;
  /** Emits (replayed to later waits) once the daemon refused a start of this process. */
  private readonly startRefused = new ReplaySubject<void>(1);
  /** The outcome of this object's own delete, once the daemon answered it: what its pending waits learn too. */
  private readonly deleted = new ReplaySubject<ExitStatus | NotStartedError>(1);
  /** This object's delete is with the daemon: a wait that finds the process gone takes the delete's outcome. */
  private deleting = false;
  /** The daemon no longer has this process: this object deleted it, or found it deleted. */
  private gone = false;
  /**
   * This object created the process and has sent it neither a start nor a signal: its status is 'created', so
   * a wait's status check would learn nothing (another client starting it is the sweep's to find).
   */
  private unstarted = false;

  /** @internal Made by the client, not by users. */
  constructor(
    protected readonly core: ClientCore,
    readonly containerId: string,
    /** undefined for the init process. */
    readonly execId: string | undefined,
    pid: number | undefined,
    /** The process's stdio: streams when created with stdio 'pipe', else empty streams. */
    readonly io: ProcessIO,
    /** The client made this process (Tasks.Create or Exec) just now: its status is known to be 'created'. */
    created = false,
  ) {
    this.pidValue = pid === 0 ? undefined : pid;
    this.unstarted = created;
  }

  get id(): string {
    return this.execId ?? this.containerId;
  }

  /** The host pid once started (or loaded from a running process); undefined before. */
  get pid(): number | undefined {
    return this.pidValue;
  }

  /** @deprecated Use {@link ContainerdProcess.pid}, a plain `number | undefined`. */
  get pidOption(): Option<number> {
    return this.pidValue === undefined ? none : some(this.pidValue);
  }

  /**
   * Starts the process; emits its pid. When the daemon refuses the start (an exec whose binary is missing),
   * a pending wait learns that the process never ran: NotStartedError.
   */
  start$(): Observable<number> {
    return defer(() => {
      this.unstarted = false;
      return this.core.conn.call$(Tasks.start, { containerId: this.containerId, execId: this.execId ?? '' });
    }).pipe(
      map(({ pid }) => {
        this.pidValue = pid;
        return pid;
      }),
      tap({ error: (error: unknown) => {
        // an outage or a deadline says nothing of whether it started; a refusal of the daemon does
        if (error instanceof ContainerdError && !(error instanceof UnavailableError) && error.grpcCode !== 1 && error.grpcCode !== 4) this.startRefused.next();
      } }),
    );
  }

  /** The Promise twin of {@link ContainerdProcess.start$}: starts the process and resolves its pid. */
  start(options?: AbortOptions): Promise<number> {
    return toPromise(this.start$(), options, CALL + 'Start');
  }

  /**
   * Sends a signal (default SIGTERM), by name or number; `all` signals every process of the container.
   * A bad signal is an InvalidArgumentError before any call.
   */
  kill$(signal: Signal = 'SIGTERM', options: KillOptions = {}): Observable<void> {
    return defer(() => {
      const n = signalNumber(signal, '/containerd.services.tasks.v1.Tasks/Kill');
      if (options.all && this.execId !== undefined) {
        throw invalidArgument('/containerd.services.tasks.v1.Tasks/Kill', '`all` signals a whole container: use it on the task, not an exec');
      }
      this.unstarted = false; // a created process that is signalled ends
      return this.core.conn.call$(Tasks.kill, { containerId: this.containerId, execId: this.execId ?? '', signal: n, all: options.all ?? false });
    }).pipe(map(() => undefined));
  }

  /** The Promise twin of {@link ContainerdProcess.kill$}: sends a signal (default SIGTERM). */
  kill(signal?: Signal, options: KillOptions & AbortOptions = {}): Promise<void> {
    const { signal: abort, timeoutMs, ...kill } = options;
    return toPromise(this.kill$(signal, kill), { signal: abort, timeoutMs }, CALL + 'Kill');
  }

  /**
   * The exit of this process: emits `{ code, exitedAt }` once, then completes. Safe before start, after
   * exit, many times and concurrently: every call returns the same shared Observable, cold until the first
   * subscriber, its one result replayed to every later one however the earlier ones unsubscribed
   * (unsubscribing before the result cancels the wait; the next subscriber starts anew). A daemon outage is
   * never reported as an exit. Errors: NotFoundError (deleted or replaced before its exit was seen),
   * ExitUnknownError (vanished during an outage: containerd >= 1.7 drops such processes with their exit),
   * NotStartedError (the process never ran), CanceledError (the client was closed).
   */
  wait$(): Observable<ExitStatus> {
    this.waitShared ??= (this.core.waitStrategy === 'rpc' ? waitRpc$(this.core, this.containerId, this.execId, () => this.pidValue) : this.waitEvents$()).pipe(shareResult());
    return this.waitShared;
  }

  /**
   * {@link ContainerdProcess.wait$} as a Promise: `{ code, exitedAt }`. An abort (CanceledError) or a timeout
   * (TimeoutError) ends this wait only: the process keeps running, and a later wait still sees its exit.
   *
   * @example
   * ```ts
   * const { code } = await proc.wait({ timeoutMs: 5_000 }); // TimeoutError after 5 s, the process untouched
   * ```
   */
  wait(options?: AbortOptions): Promise<ExitStatus> {
    return toPromise(this.wait$(), options, 'wait');
  }

  private waitEvents$(): Observable<ExitStatus> {
    const { hub, sweeper, scheduler, waitBackstopAfterMs } = this.core;
    const deleted$ = this.deleted.pipe(take(1), mergeMap((o) => (o instanceof NotStartedError ? throwError(() => o) : of(o))));
    return merge(
      waitExit$({
        containerId: this.containerId,
        processId: this.id,
        notices$: () => hub.listen$(this.containerId, this.id),
        // a process this object created and has not started or signalled is 'created': no call needed to know it
        status$: () => (this.unstarted ? EMPTY : this.snapshot$()),
        sweep$: () => sweeper.watch$(this.containerId, this.execId),
        ...(waitBackstopAfterMs > 0
          ? {
              // after waitBackstopAfterMs, or at once while the stream is behind (a storm of exits)
              backstop$: () =>
                backstopDue$(waitBackstopAfterMs, hub.lagging$, scheduler).pipe(switchMap(() => waitRpc$(this.core, this.containerId, this.execId, () => this.pidValue))),
            }
          : {}),
        pid: () => this.pidValue,
        daemonVersion$: () => daemonVersion$(this.core.conn),
        scheduler,
      }).pipe(catchError((e: unknown) => (e instanceof NotFoundError && this.deleting ? deleted$ : throwError(() => e)))),
      // our own delete's answer carries the exit status (or says there is none), whatever the stream shows
      deleted$,
      // A refused start leaves the process 'created' with no exit to come: say so rather than wait forever.
      this.startRefused.pipe(
        concatMap(() => this.snapshot$().pipe(catchError(() => EMPTY))),
        mergeMap((s) => (s.status === 'created' ? throwError(() => this.notStarted('wait', 'its start was refused')) : EMPTY)),
      ),
    ).pipe(take(1));
  }

  private notStarted(call: string, why: string): NotStartedError {
    return notStarted(this.containerId, this.id, call, why);
  }

  /** The daemon's view of this process now, with its pid. */
  snapshot$(): Observable<ProcessSnapshot> {
    return this.core.conn.call$(Tasks.get, { containerId: this.containerId, execId: this.execId ?? '' }).pipe(
      map(({ process }) => {
        if (!process) throw new NotFoundError({ code: 5, daemonMessage: `process ${this.id} not found`, call: '/containerd.services.tasks.v1.Tasks/Get' });
        return toSnapshot(process);
      }),
    );
  }

  /** The process's status: created, running, paused, stopped (with exit status and time)... */
  status$(): Observable<ProcessStatus> {
    return this.snapshot$().pipe(map(({ pid: _pid, ...status }) => status));
  }

  /** The Promise twin of {@link ContainerdProcess.status$}: the process's status now. */
  status(options?: AbortOptions): Promise<ProcessStatus> {
    return toPromise(this.status$(), options, CALL + 'Get');
  }

  /**
   * Deletes the process and resolves its exit status. A running process is refused
   * (FailedPreconditionError) unless `kill: true`, which sends SIGKILL, waits for the exit, then deletes.
   * A process that never ran (never started, or its start failed) is deleted, then NotStartedError says it
   * has no exit status.
   */
  delete$(options: DeleteOptions = {}): Observable<ExitStatus> {
    const kill$ = options.kill ? killAndWait$(this, this.execId === undefined) : EMPTY;
    const call = this.execId === undefined ? '/containerd.services.tasks.v1.Tasks/Delete' : '/containerd.services.tasks.v1.Tasks/DeleteProcess';
    const delete$ = defer(() => {
      this.deleting = true;
      return this.execId === undefined
        ? this.core.conn.call$(Tasks.delete, { containerId: this.containerId })
        : this.core.conn.call$(Tasks.deleteProcess, { containerId: this.containerId, execId: this.execId });
    }).pipe(
      tap({
        error: (e: unknown) => {
          this.deleting = false;
          this.gone ||= e instanceof NotFoundError;
        },
        unsubscribe: () => (this.deleting = false),
      }),
      // a process the daemon no longer has (deleted elsewhere, or dropped by containerd >= 1.7 at its restart):
      // our end of its IO goes all the same
      catchError((e: unknown) => (e instanceof NotFoundError ? concat(this.io.dispose$().pipe(catchError(() => EMPTY), ignoreElements()), throwError(() => e)) : throwError(() => e))),
      // the rest of the output is taken and the FIFOs removed before the exit status is given
      concatMap((r) => this.io.dispose$().pipe(catchError(() => EMPTY), ignoreElements(), endWith(r))),
      mergeMap((r) => {
        const exitedAt = toDate(r.exitedAt);
        // Go's zero exit time: the process never ran (never started, or its start failed); it is deleted all the same
        const outcome = exitedAt === undefined ? this.notStarted(call, 'deleted; the daemon reports no exit time') : exitStatusOf(r.exitStatus, exitedAt);
        this.deleted.next(outcome);
        this.gone = true;
        return outcome instanceof NotStartedError ? throwError(() => outcome) : of(outcome);
      }),
    );
    return concat(kill$, delete$);
  }

  /**
   * The Promise twin of {@link ContainerdProcess.delete$}: deletes the process and resolves its exit status;
   * FailedPreconditionError while it runs, unless `kill: true`.
   */
  delete(options: DeleteOptions & AbortOptions = {}): Promise<ExitStatus> {
    const { signal, timeoutMs, ...del } = options;
    return toPromise(this.delete$(del), { signal, timeoutMs }, this.execId === undefined ? CALL + 'Delete' : CALL + 'DeleteProcess');
  }

  /**
   * `await using` support: kills the process (SIGKILL, its whole container for a task), waits for its exit and
   * deletes it, FIFOs included, unless it is deleted already. A process found gone, or one that never ran, is no
   * error; a failing call (the daemon down, the client closed) is.
   *
   * @example
   * ```ts
   * await using task = await container.newTask({ stdio: 'inherit' });
   * await task.start();
   * ```
   */
  async [Symbol.asyncDispose](): Promise<void> {
    if (this.gone) return;
    try {
      await this.delete({ kill: true });
    } catch (error) {
      if (!(error instanceof NotFoundError || error instanceof NotStartedError)) throw error;
    }
  }

  /** Closes the process's stdin: our end, then the shim's, so the process reads EOF. */
  closeIO$(options: { stdin?: boolean } = { stdin: true }): Observable<void> {
    const stdin = options.stdin !== false;
    return concat(
      stdin ? this.io.closeStdin$().pipe(ignoreElements()) : EMPTY,
      this.core.conn.call$(Tasks.closeIO, { containerId: this.containerId, execId: this.execId ?? '', stdin }),
    ).pipe(map(() => undefined));
  }

  /** The Promise twin of {@link ContainerdProcess.closeIO$}: closes the process's stdin, so it reads EOF. */
  closeIO(options: { stdin?: boolean } & AbortOptions = {}): Promise<void> {
    const { signal, timeoutMs, ...close } = options;
    return toPromise(this.closeIO$({ stdin: true, ...close }), { signal, timeoutMs }, CALL + 'CloseIO');
  }

  /** Resizes the process's terminal (before or after start). */
  resize$(width: number, height: number): Observable<void> {
    return defer(() => {
      for (const [name, v] of [['width', width], ['height', height]] as const) {
        if (!Number.isInteger(v) || v < 1 || v > 65535) {
          throw invalidArgument('/containerd.services.tasks.v1.Tasks/ResizePty', `${name} must be an integer from 1 to 65535, got ${v}`);
        }
      }
      return this.core.conn.call$(Tasks.resizePty, { containerId: this.containerId, execId: this.execId ?? '', width, height });
    }).pipe(map(() => undefined));
  }

  /** The Promise twin of {@link ContainerdProcess.resize$}: resizes the process's terminal, in columns and rows. */
  resize(width: number, height: number, options?: AbortOptions): Promise<void> {
    return toPromise(this.resize$(width, height), options, CALL + 'ResizePty');
  }
}
