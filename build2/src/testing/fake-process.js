/**
 * A fake of the process port that runs in virtual time, for marble tests of anything built on processes:
 * supervisors, pipelines over `wait$`, health checks. Each fake process follows a script (exit after 50 ms
 * with code 1, ignore SIGTERM, take 3 s to shut down, fail to start...) and writes every call it receives
 * into a journal, so that a test can assert what was done and in which order.
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
import { none, some } from 'fp-ts/lib/Option.js';
import { asyncScheduler, defer, firstValueFrom, map, mergeMap, of, ReplaySubject, Subscription, take, throwError, timer, } from 'rxjs';
import { FailedPreconditionError, NotFoundError } from '../client/errors.js';
/** Fake refusals are the daemon's classes, so code that branches on them can be tested against the fake. */
const FAKE_CALL = 'FakeProcess';
const notFound = (message) => new NotFoundError({ code: 5, daemonMessage: message, call: FAKE_CALL }, message);
const refused = (message) => new FailedPreconditionError({ code: 9, daemonMessage: message, call: FAKE_CALL }, message);
/**
 * The shared record of calls, in the order they happened.
 *
 * @example
 * ```ts
 * const journal = new FakeJournal(scheduler);
 * const db = fakeStart({}, { scheduler, journal, name: 'db' });
 * const web = fakeStart({}, { scheduler, journal, name: 'web' });
 * // ... then: journal.lines({ calls: ['kill'] }) → ['100 web1 kill SIGTERM', '100 db1 kill SIGTERM']
 * ```
 */
export class FakeJournal {
    scheduler;
    entries = [];
    constructor(scheduler = asyncScheduler) {
        this.scheduler = scheduler;
    }
    /** Records an entry now; tests use it for their own hooks (`journal.record('web', 'cleanup')`). */
    record(process, call, detail) {
        this.entries.push({ at: this.scheduler.now(), process, call, ...(detail === undefined ? {} : { detail }) });
    }
    /**
     * The entries as `'<at> <process> <call>[ <detail>]'` lines, optionally only those of processes whose
     * label starts with `prefix` and of the given calls.
     */
    lines(filter = {}) {
        return this.entries
            .filter(e => filter.process === undefined || e.process === filter.process || e.process.startsWith(`${filter.process}:`))
            .filter(e => filter.calls === undefined || filter.calls.includes(e.call))
            .map(e => `${e.at} ${e.process} ${e.call}${e.detail === undefined ? '' : ` ${e.detail}`}`);
    }
}
const signalNumbers = constants.signals;
const signalName = (signal) => typeof signal === 'string' ? signal : Object.keys(signalNumbers).find(name => signalNumbers[name] === signal) ?? String(signal);
/**
 * A scripted process. Implements the whole {@link Process} port, plus `exec$` (whose execs are fake
 * processes too). Errors mimic the daemon's: killing an exited process, deleting a running one, using a
 * deleted one.
 */
export class FakeProcess {
    id;
    containerId;
    label;
    script;
    scheduler;
    journal;
    defaultPid;
    state = 'created';
    startedPid;
    status_;
    exit = new ReplaySubject(1);
    timers = new Subscription();
    execs = 0;
    constructor(
    /** The process id (an exec id for an exec). */
    id, containerId, 
    /** The label of its journal entries. */
    label, script, scheduler, journal, defaultPid) {
        this.id = id;
        this.containerId = containerId;
        this.label = label;
        this.script = script;
        this.scheduler = scheduler;
        this.journal = journal;
        this.defaultPid = defaultPid;
    }
    /** Where it is in its life: created, running, stopped (exited) or deleted. */
    get lifecycle() {
        return this.state;
    }
    get pid() {
        return this.startedPid === undefined ? none : some(this.startedPid);
    }
    start$() {
        return defer(() => {
            this.journal.record(this.label, 'start');
            if (this.state !== 'created')
                return throwError(() => refused(`process ${this.id} already started`));
            const after = this.script.startDelayMs ?? 0;
            return (after > 0 ? timer(after, this.scheduler) : of(0)).pipe(mergeMap(() => {
                if (this.script.startError !== undefined)
                    return throwError(() => this.script.startError);
                this.state = 'running';
                this.startedPid = this.script.pid ?? this.defaultPid;
                if (this.script.exitAfterMs !== undefined)
                    this.exitIn(this.script.exitAfterMs, this.script.exitCode ?? 0);
                if (this.script.waitError !== undefined) {
                    this.timers.add(this.scheduler.schedule(() => this.exit.error(this.script.waitError), this.script.waitErrorAfterMs ?? 0));
                }
                return of(this.startedPid);
            }));
        });
    }
    start() {
        return firstValueFrom(this.start$());
    }
    kill$(signal = 'SIGTERM', _options) {
        return defer(() => {
            const name = signalName(signal);
            this.journal.record(this.label, 'kill', name);
            if (this.state === 'stopped')
                return throwError(() => notFound(`process ${this.id} already finished`));
            if (this.state === 'deleted')
                return throwError(() => notFound(`process ${this.id} not found`));
            const code = 128 + (signalNumbers[name] ?? 0);
            const reaction = name === 'SIGKILL' ? 'exit' : this.script.signals?.[name] ?? 'exit';
            if (reaction === 'exit')
                this.exitNow(code);
            else if (reaction !== 'ignore')
                this.exitIn(reaction.exitAfterMs, reaction.exitCode ?? 0);
            return of(undefined);
        });
    }
    kill(signal, options) {
        return firstValueFrom(this.kill$(signal, options));
    }
    wait$() {
        return defer(() => {
            this.journal.record(this.label, 'wait');
            return this.exit.pipe(take(1));
        });
    }
    status$() {
        return defer(() => {
            const status = this.state === 'deleted' ? 'unknown' : this.state;
            return of({
                status,
                ...(this.status_ === undefined ? {} : { exitStatus: this.status_.code, exitedAt: this.status_.exitedAt }),
            });
        });
    }
    status() {
        return firstValueFrom(this.status$());
    }
    delete$(options = {}) {
        return defer(() => {
            this.journal.record(this.label, 'delete', options.kill === true ? 'kill' : undefined);
            if (this.state === 'deleted')
                return throwError(() => notFound(`process ${this.id} not found`));
            if (this.state === 'running') {
                if (options.kill !== true)
                    return throwError(() => refused('cannot delete a running process'));
                this.exitNow(128 + (signalNumbers['SIGKILL'] ?? 9));
            }
            const status = this.status_ ?? { code: 0, exitedAt: new Date(this.scheduler.now()) };
            this.state = 'deleted';
            this.timers.unsubscribe();
            return of(status);
        });
    }
    delete(options) {
        return firstValueFrom(this.delete$(options));
    }
    /** Creates an exec (a fake process following the script's `exec`), not started. */
    exec$(execId, spec) {
        return defer(() => {
            this.journal.record(this.label, 'exec', `${execId} ${spec.args.join(' ')}`);
            if (this.state !== 'running')
                return throwError(() => refused(`cannot exec in process ${this.id}: not running`));
            this.execs += 1;
            const result = this.script.exec?.(spec.args, this.execs) ?? {};
            const afterMs = result.afterMs ?? 0;
            const script = Number.isFinite(afterMs) ? { exitAfterMs: afterMs, exitCode: result.exitCode ?? 0 } : {};
            return of(new FakeProcess(execId, this.containerId, `${this.label}:${execId}`, script, this.scheduler, this.journal, this.defaultPid + 10_000 + this.execs));
        });
    }
    /** Makes the process exit now with this code, as if it had crashed (no-op once it exited). */
    crash(code = 1) {
        this.exitNow(code);
    }
    exitIn(ms, code) {
        this.timers.add(this.scheduler.schedule(() => this.exitNow(code), ms));
    }
    exitNow(code) {
        if (this.state !== 'running' && this.state !== 'created')
            return;
        this.state = 'stopped';
        this.status_ = { code, exitedAt: new Date(this.scheduler.now()) };
        this.journal.record(this.label, 'exit', String(code));
        this.timers.unsubscribe();
        this.exit.next(this.status_);
        this.exit.complete();
    }
}
/**
 * A start function that creates a fake process on each call, following `scripts`: one script for all, a list
 * (the last one repeats), or a function of the call number (1, 2...).
 *
 * @example
 * ```ts
 * // crashes twice within 50 ms, then runs until stopped, ignoring SIGTERM:
 * const start = fakeStart([{ exitAfterMs: 50, exitCode: 1 }, { exitAfterMs: 50, exitCode: 1 }, { signals: { SIGTERM: 'ignore' } }]);
 * ```
 */
export function fakeStart(scripts = {}, options = {}) {
    const scheduler = options.scheduler ?? asyncScheduler;
    const journal = options.journal ?? new FakeJournal(scheduler);
    const name = options.name ?? 'p';
    const processes = [];
    let calls = 0;
    const scriptOf = (n) => {
        if (typeof scripts === 'function')
            return scripts(n);
        if (isList(scripts))
            return scripts[Math.min(n, scripts.length) - 1] ?? {};
        return scripts;
    };
    const start = () => defer(() => {
        calls += 1;
        const n = calls;
        const script = scriptOf(n);
        const label = `${name}${n}`;
        const delay = script.createDelayMs ?? 0;
        return (delay > 0 ? timer(delay, scheduler) : of(0)).pipe(map(() => {
            journal.record(label, 'create');
            if (script.createError !== undefined)
                throw script.createError;
            const process = new FakeProcess(label, name, label, script, scheduler, journal, 1000 + n);
            processes.push(process);
            return process;
        }));
    });
    return Object.assign(start, { processes, journal });
}
function isList(s) {
    return Array.isArray(s);
}
//# sourceMappingURL=fake-process.js.map