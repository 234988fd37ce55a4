/**
 * A fake of the process port that runs in virtual time, for marble tests of anything built on processes:
 * supervisors, pipelines over `wait$`, health checks. Each fake process follows a script (fake-script.ts: exit
 * after 50 ms with code 1, ignore SIGTERM, take 3 s to shut down, fail to start...) and writes every call it
 * receives into a journal (fake-journal.ts), so that a test can assert what was done and in which order.
 * `fakeStart` (fake-start.ts) makes them for `supervise`.
 *
 * @example
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { fakeStart } from 'rx-containerd/testing';
 *
 * new TestScheduler(assertDeepEqual).run(({ flush }) => {
 *   const start = fakeStart({ exitAfterMs: 50, exitCode: 1 });
 *   supervise(start, { restart: 'on-failure', maxRestarts: 2 }).subscribe();
 *   flush();
 *   start.journal.lines(); // ['0 p1 create', '0 p1 wait', '0 p1 start', '50 p1 exit 1', '50 p1 delete', ...]
 * });
 * ```
 * @module
 */
import { constants } from 'node:os';
import { none, some, type Option } from 'fp-ts/lib/Option.js';
import {
  defer, firstValueFrom, mergeMap, type Observable, of, ReplaySubject, type SchedulerLike,
  Subscription, take, throwError, timer,
} from 'rxjs';
import { FailedPreconditionError, NotFoundError } from '../client/errors.js';
import { toPromise } from '../client/to-promise.js';
import type {
  AbortOptions, DeleteOptions, ExitStatus, KillOptions, Process, ProcessState, ProcessStatus, Signal,
} from '../process/types.js';
import type { FakeJournal } from './fake-journal.js';
import type { FakeProcessScript, SignalReaction } from './fake-script.js';
import { exitStatusOf } from '../proto/exit-status.js';

/** Fake refusals are the daemon's classes, so code that branches on them can be tested against the fake. */
const FAKE_CALL = 'FakeProcess';
const notFound = (message: string): NotFoundError => new NotFoundError({ code: 5, daemonMessage: message, call: FAKE_CALL }, message);
const refused = (message: string): FailedPreconditionError =>
  new FailedPreconditionError({ code: 9, daemonMessage: message, call: FAKE_CALL }, message);

/** Where a fake process is in its life: as a task's status, plus `'deleted'` once deleted. */
export type FakeState = 'created' | 'running' | 'stopped' | 'deleted';

const signalNumbers = constants.signals as Readonly<Record<string, number>>;
const signalName = (signal: Signal): string =>
  typeof signal === 'string' ? signal : Object.keys(signalNumbers).find(name => signalNumbers[name] === signal) ?? String(signal);

/**
 * A scripted process. Implements the whole {@link Process} port, plus `exec$` (whose execs are fake
 * processes too). Errors mimic the daemon's: killing an exited process, deleting a running one, using a
 * deleted one.
 */
export class FakeProcess implements Process {
  private state: FakeState = 'created';
  private startedPid: number | undefined;
  private status_: ExitStatus | undefined;
  private readonly exit = new ReplaySubject<ExitStatus>(1);
  private readonly timers = new Subscription();
  private execs = 0;

  constructor(
    /** The process id (an exec id for an exec). */
    readonly id: string,
    readonly containerId: string,
    /** The label of its journal entries. */
    readonly label: string,
    /** What it does. */
    readonly script: FakeProcessScript,
    private readonly scheduler: SchedulerLike,
    /** Where it records every call it receives. */
    readonly journal: FakeJournal,
    private readonly defaultPid: number,
  ) {}

  /** Where it is in its life: created, running, stopped (exited) or deleted. */
  get lifecycle(): FakeState {
    return this.state;
  }

  /** The pid once started; undefined before. */
  get pid(): number | undefined {
    return this.startedPid;
  }

  /** @deprecated Use {@link FakeProcess.pid}, a plain `number | undefined`. */
  get pidOption(): Option<number> {
    return this.startedPid === undefined ? none : some(this.startedPid);
  }

  start$(): Observable<number> {
    return defer(() => {
      this.journal.record(this.label, 'start');
      if (this.state !== 'created') return throwError(() => refused(`process ${this.id} already started`));
      const after = this.script.startDelayMs ?? 0;
      return (after > 0 ? timer(after, this.scheduler) : of(0)).pipe(mergeMap(() => {
        if (this.script.startError !== undefined) return throwError(() => this.script.startError);
        this.state = 'running';
        this.startedPid = this.script.pid ?? this.defaultPid;
        if (this.script.exitAfterMs !== undefined) this.exitIn(this.script.exitAfterMs, this.script.exitCode ?? 0);
        if (this.script.waitError !== undefined) {
          this.timers.add(this.scheduler.schedule(() => this.exit.error(this.script.waitError), this.script.waitErrorAfterMs ?? 0));
        }
        return of(this.startedPid);
      }));
    });
  }

  start(): Promise<number> {
    return firstValueFrom(this.start$());
  }

  kill$(signal: Signal = 'SIGTERM', _options?: KillOptions): Observable<void> {
    return defer(() => {
      const name = signalName(signal);
      this.journal.record(this.label, 'kill', name);
      if (this.state === 'stopped') return throwError(() => notFound(`process ${this.id} already finished`));
      if (this.state === 'deleted') return throwError(() => notFound(`process ${this.id} not found`));
      const code = 128 + (signalNumbers[name] ?? 0);
      const reaction: SignalReaction = name === 'SIGKILL' ? 'exit' : this.script.signals?.[name as NodeJS.Signals] ?? 'exit';
      if (reaction === 'exit') this.exitNow(code);
      else if (reaction !== 'ignore') this.exitIn(reaction.exitAfterMs, reaction.exitCode ?? 0);
      return of(undefined);
    });
  }

  kill(signal?: Signal, options?: KillOptions): Promise<void> {
    return firstValueFrom(this.kill$(signal, options));
  }

  wait$(): Observable<ExitStatus> {
    return defer(() => {
      this.journal.record(this.label, 'wait');
      return this.exit.pipe(take(1));
    });
  }

  /** {@link FakeProcess.wait$} as a Promise; `signal` and `timeoutMs` end the wait, not the process. */
  wait(options?: AbortOptions): Promise<ExitStatus> {
    return toPromise(this.wait$(), options, 'wait');
  }

  status$(): Observable<ProcessStatus> {
    return defer(() => {
      const status: ProcessState = this.state === 'deleted' ? 'unknown' : this.state;
      return of<ProcessStatus>({
        status,
        ...(this.status_ === undefined ? {} : { exitStatus: this.status_.code, exitedAt: this.status_.exitedAt }),
      });
    });
  }

  status(): Promise<ProcessStatus> {
    return firstValueFrom(this.status$());
  }

  delete$(options: DeleteOptions = {}): Observable<ExitStatus> {
    return defer(() => {
      this.journal.record(this.label, 'delete', options.kill === true ? 'kill' : undefined);
      if (this.state === 'deleted') return throwError(() => notFound(`process ${this.id} not found`));
      if (this.state === 'running') {
        if (options.kill !== true) return throwError(() => refused('cannot delete a running process'));
        this.exitNow(128 + (signalNumbers['SIGKILL'] ?? 9));
      }
      const status = this.status_ ?? exitStatusOf(0, new Date(this.scheduler.now()));
      this.state = 'deleted';
      this.timers.unsubscribe();
      return of(status);
    });
  }

  delete(options?: DeleteOptions): Promise<ExitStatus> {
    return firstValueFrom(this.delete$(options));
  }

  /** Creates an exec (a fake process following the script's `exec`), not started. */
  exec$(execId: string, spec: { readonly args: readonly string[] }): Observable<FakeProcess> {
    return defer(() => {
      this.journal.record(this.label, 'exec', `${execId} ${spec.args.join(' ')}`);
      if (this.state !== 'running') return throwError(() => refused(`cannot exec in process ${this.id}: not running`));
      this.execs += 1;
      const result = this.script.exec?.(spec.args, this.execs) ?? {};
      const afterMs = result.afterMs ?? 0;
      const script: FakeProcessScript = Number.isFinite(afterMs) ? { exitAfterMs: afterMs, exitCode: result.exitCode ?? 0 } : {};
      return of(new FakeProcess(execId, this.containerId, `${this.label}:${execId}`, script, this.scheduler, this.journal, this.defaultPid + 10_000 + this.execs));
    });
  }

  /** Makes the process exit now with this code, as if it had crashed (no-op once it exited). */
  crash(code = 1): void {
    this.exitNow(code);
  }

  private exitIn(ms: number, code: number): void {
    this.timers.add(this.scheduler.schedule(() => this.exitNow(code), ms));
  }

  private exitNow(code: number): void {
    if (this.state !== 'running' && this.state !== 'created') return;
    this.state = 'stopped';
    this.status_ = exitStatusOf(code, new Date(this.scheduler.now()));
    this.journal.record(this.label, 'exit', String(code));
    this.timers.unsubscribe();
    this.exit.next(this.status_);
    this.exit.complete();
  }
}
