import { expect } from 'chai';
import { isNone, isSome } from 'fp-ts/lib/Option.js';
import { firstValueFrom, of } from 'rxjs';
import type { Task } from '../../src/process/task.js';
import type { Process } from '../../src/process/types.js';
import type { SupervisedProcess } from '../../src/supervise/supervised-process.js';
import { supervise } from '../../src/supervise/supervise.js';
import { type FakeProcess, fakeStart } from '../../src/testing/index.js';
import { record, testScheduler } from './support.js';

// The compiler checks these: a containerd Task and any Process fit the supervisor's port, the fake is a Process.
export const taskIsSupervisable = (task: Task): SupervisedProcess => task;
export const processIsSupervisable = (process: Process): SupervisedProcess => process;
export const fakeIsProcess = (fake: FakeProcess): Process => fake;

function created(ts: ReturnType<typeof testScheduler>, script: Parameters<typeof fakeStart>[0] = {}) {
  const start = fakeStart(script, { scheduler: ts });
  let process!: FakeProcess;
  start().subscribe(p => { process = p; });
  return { start, process };
}

describe('fake process (rx-containerd/testing)', () => {
  it('exits after exitAfterMs with exitCode; wait$ works before the start and replays after the exit', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable, flush }) => {
      const { process } = created(ts, { exitAfterMs: 30, exitCode: 7 });
      const exit = { code: 7, exitedAt: new Date(40) };
      expectObservable(process.wait$()).toBe('40ms (a|)', { a: exit });
      ts.schedule(() => process.start$().subscribe(), 10);
      flush();
      expect(process.lifecycle).to.equal('stopped');
      let late: unknown;
      process.wait$().subscribe(s => { late = s; });
      expect(late).to.deep.equal(exit);
    });
  });

  it('has no pid before its start, and its pid after', () => {
    const ts = testScheduler();
    ts.run(() => {
      const { process } = created(ts, { pid: 4242 });
      expect(process.pid).to.equal(undefined);
      expect(isNone(process.pidOption)).to.equal(true);
      process.start$().subscribe();
      expect(process.pid).to.equal(4242);
      expect(isSome(process.pidOption) && process.pidOption.value).to.equal(4242);
    });
  });

  it('dies of a signal with 128 + N, ignores what it is told to ignore, and cannot ignore SIGKILL', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const stubborn = created(ts, { signals: { SIGTERM: 'ignore' } });
      stubborn.process.start$().subscribe();
      stubborn.process.kill$('SIGTERM').subscribe();
      expect(stubborn.process.lifecycle).to.equal('running');
      ts.schedule(() => stubborn.process.kill$(9).subscribe(), 5);
      flush();
      expect(stubborn.start.journal.lines()).to.deep.equal(['0 p1 create', '0 p1 start', '0 p1 kill SIGTERM', '5 p1 kill SIGKILL', '5 p1 exit 137']);

      const tidy = created(ts, { signals: { SIGHUP: { exitAfterMs: 3 } } });
      tidy.process.start$().subscribe();
      tidy.process.kill$('SIGHUP').subscribe();
      flush();
      expect(tidy.start.journal.lines({ calls: ['exit'] })).to.deep.equal(['8 p1 exit 0']);

      const plain = created(ts);
      plain.process.start$().subscribe();
      plain.process.kill$('SIGINT').subscribe();
      expect(plain.start.journal.lines({ calls: ['exit'] })).to.deep.equal(['8 p1 exit 130']);
    });
  });

  it('refuses what the daemon refuses: killing an exited process, deleting a running one, using a deleted one', () => {
    const ts = testScheduler();
    const failures: string[] = [];
    ts.run(() => {
      const { process } = created(ts);
      const failureOf = (o: { subscribe(observer: { error: (e: unknown) => void }): unknown }) => {
        o.subscribe({ error: (e: unknown) => failures.push((e as Error).message) });
      };
      process.start$().subscribe();
      failureOf(process.delete$());
      process.kill$('SIGKILL').subscribe();
      failureOf(process.kill$('SIGTERM'));
      process.delete$().subscribe();
      failureOf(process.delete$());
      failureOf(process.start$());
    });
    expect(failures).to.deep.equal([
      'cannot delete a running process', 'process p1 already finished', 'process p1 not found', 'process p1 already started',
    ]);
  });

  it('delete({ kill: true }) kills, then deletes, and returns the exit status', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const { process } = created(ts);
      process.start$().subscribe();
      expectObservable(process.delete$({ kill: true })).toBe('(s|)', { s: { code: 137, exitedAt: new Date(0), signal: 'SIGKILL' } });
    });
  });

  it('status$ follows the life: created, running, stopped with its exit', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { process } = created(ts, { exitAfterMs: 4, exitCode: 2 });
      const seen: unknown[] = [];
      const look = () => process.status$().subscribe(s => seen.push(s));
      look();
      process.start$().subscribe();
      look();
      flush();
      look();
      expect(seen).to.deep.equal([
        { status: 'created' }, { status: 'running' }, { status: 'stopped', exitStatus: 2, exitedAt: new Date(4) },
      ]);
    });
  });

  it('runs execs as fake processes following the script, numbered from 1', () => {
    const ts = testScheduler();
    ts.run(({ expectObservable }) => {
      const { process } = created(ts, { exec: (args, n) => ({ exitCode: args[0] === '/bin/false' ? 1 : 0, afterMs: n }) });
      process.start$().subscribe();
      let exec!: FakeProcess;
      process.exec$('probe', { args: ['/bin/false'] }).subscribe(e => { exec = e; });
      exec.start$().subscribe();
      expectObservable(exec.wait$()).toBe('1ms (x|)', { x: { code: 1, exitedAt: new Date(1) } });
    });
  });

  it('scripts lives in a list whose last entry repeats, and counts creations that fail', async () => {
    const start = fakeStart([{ createError: new Error('no image') }, { pid: 1 }, { pid: 2 }]);
    await firstValueFrom(start()).catch(() => undefined);
    const p2 = await firstValueFrom(start());
    const p3 = await firstValueFrom(start());
    const p4 = await firstValueFrom(start());
    expect([p2.id, p3.id, p4.id]).to.deep.equal(['p2', 'p3', 'p4']);
    expect([p2.script.pid, p3.script.pid, p4.script.pid]).to.deep.equal([1, 2, 2]);
    expect(start.processes).to.have.length(3);
  });

  it('stands in for any Process under supervise', () => {
    const ts = testScheduler();
    ts.run(({ flush }) => {
      const { process } = created(ts, { exitAfterMs: 3 });
      const asProcess: Process = process;
      const rec = record(supervise(() => of(asProcess), { restart: 'no' }, ts));
      flush();
      expect(rec.lines()).to.deep.equal(['0 starting', '0 started 1001', '3 exited 0', '3 stopped policy']);
    });
  });
});
