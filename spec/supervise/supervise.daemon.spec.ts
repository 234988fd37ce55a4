/**
 * Supervision against the real daemon: the "Done when" of issue 6 with real containers, tasks and shims.
 * Timings are kept small (backoffs of tens of ms, grace periods of a second or less) except where the
 * behaviour under test is a timing; assertions on time read the events' `at` and are lower bounds, or loose
 * upper bounds that only tell one configured duration from another.
 */
import { expect } from 'chai';
import { readdirSync, readFileSync } from 'node:fs';
import { firstValueFrom, Subject, type Observable, type Subscription } from 'rxjs';
import type { Client } from '../../src/process/client.js';
import type { Container } from '../../src/process/container.js';
import type { Task } from '../../src/process/task.js';
import { Tasks } from '../../src/proto/services.js';
import type { SupervisorEvent, SupervisorEventOf, SupervisorEventType } from '../../src/supervise/events.js';
import { supervise } from '../../src/supervise/supervise.js';
import { supervisor } from '../../src/supervise/supervisor.js';
import { sharedDaemon, sharedRootfs, testClient, unique } from '../support/daemon.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `check()` holds, polling; fails with `what` and the last value after `limitMs`. */
async function eventually<T>(check: () => T | Promise<T>, ok: (value: T) => boolean, what: string, limitMs = 15_000): Promise<T> {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const value = await check();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${limitMs} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
    await sleep(20);
  }
}

/** What a supervisor subscription saw, with a way to wait for an event. */
interface Recording {
  readonly events: SupervisorEvent[];
  readonly done: Promise<void>;
  readonly subscription: Subscription;
  completed(): boolean;
  of<T extends SupervisorEventType>(type: T, child?: string): SupervisorEventOf<T>[];
  /** Resolves once `count` events of this type (for this child) were seen. */
  until<T extends SupervisorEventType>(type: T, count: number, child?: string): Promise<SupervisorEventOf<T>[]>;
  /** `<child> <type>` lines, for readable failures. */
  lines(): string[];
}

/** Subscribes and records; `onEvent` runs synchronously on each event, after it was recorded. */
function record(events$: Observable<SupervisorEvent>, onEvent?: (e: SupervisorEvent, events: readonly SupervisorEvent[]) => void): Recording {
  const events: SupervisorEvent[] = [];
  let complete = false;
  let resolveDone!: () => void;
  let rejectDone!: (e: unknown) => void;
  const done = new Promise<void>((resolve, reject) => { resolveDone = resolve; rejectDone = reject; });
  done.catch(() => undefined); // observed by whoever awaits it
  const subscription = events$.subscribe({
    next: (e) => { events.push(e); onEvent?.(e, events); },
    error: (e: unknown) => rejectDone(e),
    complete: () => { complete = true; resolveDone(); },
  });
  const of = <T extends SupervisorEventType>(type: T, child?: string): SupervisorEventOf<T>[] =>
    events.filter((e): e is SupervisorEventOf<T> => e.type === type && e.child === child);
  const lines = (): string[] => events.map((e) => `${e.child === undefined ? '' : `${e.child} `}${e.type}${
    e.type === 'exited' ? ` ${e.status.code}` : e.type === 'gave-up' ? ` ${e.reason}` : e.type === 'failed' ? ` ${e.phase} ${String(e.error)}` : ''}`);
  return {
    events,
    done,
    subscription,
    completed: () => complete,
    of,
    lines,
    until: async (type, count, child) => {
      await eventually(() => of(type, child).length, (n) => n >= count || complete, `${count} '${type}' events${child === undefined ? '' : ` of ${child}`}`);
      const found = of(type, child);
      if (found.length < count) throw new Error(`the supervisor ended after ${found.length} '${type}' events: ${lines().join(', ')}`);
      return found;
    },
  };
}

/** Container ids with a task in the client's namespace. */
async function taskIds(client: Client): Promise<string[]> {
  const { tasks } = await firstValueFrom(client.conn.call$(Tasks.list, {}));
  return tasks.map((t) => t.containerId || t.id);
}

async function containerIds(client: Client): Promise<string[]> {
  return (await client.containers()).map((c) => c.id);
}

/** Pids of the shims of this daemon serving this container: `-id <containerId>` and `-address <address>`. */
function shimsOf(address: string, containerId: string): number[] {
  const pids: number[] = [];
  for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
    try {
      const args = readFileSync(`/proc/${d}/cmdline`, 'utf8').split('\0');
      const flag = (name: string): string | undefined => args[args.indexOf(name) + 1];
      if (args.some((a) => a.includes('containerd-shim')) && flag('-id') === containerId && flag('-address') === address) {
        pids.push(Number(d));
      }
    } catch {
      // exited meanwhile
    }
  }
  return pids;
}

/** What is left of these containers: tasks, containers, shims. Empty lists when everything is gone. */
async function leftovers(client: Client, ids: readonly string[]): Promise<{ tasks: string[]; containers: string[]; shims: number[] }> {
  const { address } = await sharedDaemon();
  return {
    tasks: (await taskIds(client)).filter((id) => ids.includes(id)),
    containers: (await containerIds(client)).filter((id) => ids.includes(id)),
    shims: ids.flatMap((id) => shimsOf(address, id)),
  };
}

const isNothing = (l: { tasks: string[]; containers: string[]; shims: number[] }): boolean =>
  l.tasks.length === 0 && l.containers.length === 0 && l.shims.length === 0;

/**
 * After a supervisor completed: no task and no container, at once; no shim, within a few seconds (the daemon
 * answers the delete once the shim was told to shut down, and the shim process ends on its own time).
 */
async function expectNothingLeft(client: Client, ids: readonly string[]): Promise<void> {
  const now = await leftovers(client, ids);
  expect({ tasks: now.tasks, containers: now.containers }).to.deep.equal({ tasks: [], containers: [] });
  await eventually(() => leftovers(client, ids), isNothing, `no shim left for ${ids.join(', ')}`, 5_000);
}

/** Exits on SIGTERM with 143 (a shell as PID 1 has no default action for it); otherwise runs `body`. */
const termExits = (body: string): string[] => ['/bin/sh', '-c', `trap 'exit 143' TERM; ${body} & wait`];

describe('supervision against the real daemon', function () {
  this.timeout(60_000);
  let client: Client;
  let rootfs: string;

  beforeEach(async () => {
    client = await testClient();
    rootfs = await sharedRootfs();
  });

  async function newContainer(prefix: string, args: string[]): Promise<Container> {
    return client.newContainer(unique(prefix), { rootfs, args });
  }

  it("on-failure:3: a container that exits 1 every time is started 4 times, then gives up with the reason, and its container is deleted", async () => {
    const container = await newContainer('fails', ['/bin/sh', '-c', 'exit 1']);
    const rec = record(supervise(() => container.newTask({ stdio: 'ignore' }), {
      restart: 'on-failure:3',
      backoff: { initialMs: 20, factor: 2, maxMs: 1_000, jitter: 0 },
      cleanup: () => container.delete(),
    }));
    await rec.done;

    expect(rec.of('starting')).to.have.length(4);
    const pids = rec.of('started').map((e) => e.pid);
    expect(pids).to.have.length(4);
    for (const pid of pids) expect(pid).to.be.greaterThan(0);
    expect(new Set(pids).size, 'four distinct processes').to.equal(4);
    expect(rec.of('exited').map((e) => e.status.code)).to.deep.equal([1, 1, 1, 1]);
    expect(rec.of('backoff').map((e) => e.delayMs)).to.deep.equal([20, 40, 80]);
    expect(rec.of('restarting').map((e) => e.attempt)).to.deep.equal([1, 2, 3]);
    expect(rec.of('failed'), rec.lines().join(', ')).to.deep.equal([]);
    const last = rec.events[rec.events.length - 1]!;
    expect(last.type).to.equal('gave-up');
    expect(last.type === 'gave-up' && last.reason).to.equal('exited with code 1; no restart left (at most 3)');
    expect(rec.of('gave-up')).to.have.length(1);
    await expectNothingLeft(client, [container.id]);
  });

  it("always: restarts a container that exits 0 with doubling delays until stopped; the stop ends the running task with SIGTERM and leaves no task, container or shim", async () => {
    const container = await newContainer('always', termExits('sleep 1'));
    const stop = new Subject<void>();
    // Stopped 200 ms into the fifth life (after four restarts: delays 20, 40, 80, 160), so that the stop finds it
    // running rather than ending on its own, and past its `trap`: the shell is pid 1 of its container, and a
    // SIGTERM that comes before the trap is set is ignored (pid 1 has no default action for it).
    const stopOnFifthStart = (e: SupervisorEvent, events: readonly SupervisorEvent[]): void => {
      if (e.type === 'started' && events.filter((x) => x.type === 'started').length === 5) setTimeout(() => stop.next(), 200);
    };
    const rec = record(supervise(() => container.newTask({ stdio: 'ignore' }), {
      restart: 'always',
      backoff: { initialMs: 20, factor: 2, maxMs: 10_000, jitter: 0, resetAfterMs: 10_000 },
      gracePeriodMs: 5_000,
      cleanup: () => container.delete(),
      stop,
    }), stopOnFifthStart);
    await rec.done;

    expect(rec.of('backoff').map((e) => e.delayMs)).to.deep.equal([20, 40, 80, 160]);
    // each restart waited at least its delay after the exit before it
    const exits = rec.of('exited');
    const restarts = rec.of('restarting');
    expect(restarts).to.have.length(4);
    restarts.forEach((r, i) => expect(r.at - exits[i]!.at, `restart ${i + 1}`).to.be.at.least(rec.of('backoff')[i]!.delayMs - 1));
    // the four lives before the stop ended on their own (0), the fifth by the stop's SIGTERM (143)
    expect(exits.map((e) => e.status.code)).to.deep.equal([0, 0, 0, 0, 143]);
    expect(rec.events[rec.events.length - 1]).to.include({ type: 'stopped', cause: 'requested' });
    expect(rec.completed()).to.equal(true);
    expect(rec.of('failed'), rec.lines().join(', ')).to.deep.equal([]);
    await expectNothingLeft(client, [container.id]);
  });

  it('always: a plain unsubscribe, during a run or a backoff, eventually leaves no task, container or shim', async () => {
    for (const moment of ['started', 'backoff'] as const) {
      const container = await newContainer(`unsub-${moment}`, termExits('sleep 0.3'));
      const rec = record(supervise(() => container.newTask({ stdio: 'ignore' }), {
        restart: 'always',
        backoff: { initialMs: 200, factor: 2, maxMs: 10_000, jitter: 0 },
        gracePeriodMs: 5_000,
        cleanup: () => container.delete(),
      }));
      await rec.until(moment, 2);
      const before = await leftovers(client, [container.id]);
      expect(before.containers, 'the container exists until the unsubscribe').to.deep.equal([container.id]);
      if (moment === 'started') {
        // what the check below must see go: this is how a live task looks to it
        expect(before.tasks).to.deep.equal([container.id]);
        expect(before.shims).to.have.length(1);
      }
      rec.subscription.unsubscribe();
      await eventually(() => leftovers(client, [container.id]), isNothing, `the ${moment} container to be gone`);
    }
  });

  it('one-for-all: when one child dies its siblings are stopped in reverse order and all three are started again in order', async () => {
    const ids = ['a', 'b', 'c'] as const;
    const containers = new Map<string, Container>();
    for (const id of ids) containers.set(id, await newContainer(`tree-${id}`, termExits('sleep 600')));
    const latest = new Map<string, Task>();
    const stop = new Subject<void>();
    const rec = record(supervisor({
      strategy: 'one-for-all',
      intensity: { intensity: 3, periodMs: 60_000 },
      backoff: { initialMs: 50, jitter: 0 },
      stop,
      children: ids.map((id) => ({
        id,
        start: async () => {
          const task = await containers.get(id)!.newTask({ stdio: 'ignore' });
          latest.set(id, task);
          return task;
        },
        gracePeriodMs: 5_000,
        cleanup: () => containers.get(id)!.delete(),
      })),
    }));
    await rec.until('started', 1, 'c'); // c starts last, once a and b are up
    // each shell is pid 1 of its container: a SIGTERM before its `trap` is set would be ignored
    await new Promise((resolve) => setTimeout(resolve, 200));
    const before = new Map(ids.map((id) => [id, rec.of('started', id)[0]!.pid]));

    await latest.get('b')!.kill('SIGKILL');
    for (const id of ids) await rec.until('started', 2, id);

    const exitCodes = Object.fromEntries(ids.map((id) => [id, rec.of('exited', id).map((e) => e.status.code)]));
    expect(exitCodes, 'b was killed, its siblings stopped with SIGTERM').to.deep.equal({ a: [143], b: [137], c: [143] });
    const exitOrder = rec.events.filter((e) => e.type === 'exited').map((e) => e.child);
    expect(exitOrder, 'the siblings stop in reverse order').to.deep.equal(['b', 'c', 'a']);
    const restartOrder = rec.events.filter((e) => e.type === 'restarting').map((e) => e.child);
    expect(restartOrder, 'all start again in order').to.deep.equal(['a', 'b', 'c']);
    // restarting only after every sibling had exited
    const lastExit = Math.max(...ids.map((id) => rec.of('exited', id)[0]!.at));
    for (const id of ids) expect(rec.of('restarting', id)[0]!.at).to.be.at.least(lastExit);
    for (const id of ids) expect(rec.of('started', id)[1]!.pid, `${id} is a new process`).not.to.equal(before.get(id));

    const seen = rec.events.length;
    await sleep(100); // let the new shells set their traps
    stop.next();
    await rec.done;
    const stopExits = rec.events.slice(seen).filter((e) => e.type === 'exited').map((e) => `${e.child} ${e.type === 'exited' && e.status.code}`);
    expect(stopExits, 'the stop ends the children in reverse order').to.deep.equal(['c 143', 'b 143', 'a 143']);
    expect(rec.events[rec.events.length - 1]).to.deep.include({ type: 'stopped', cause: 'requested' });
    expect(rec.events[rec.events.length - 1]!.child).to.equal(undefined);
    expect(rec.of('failed', 'a').concat(rec.of('failed', 'b'), rec.of('failed', 'c')), rec.lines().join(', ')).to.deep.equal([]);
    await expectNothingLeft(client, [...containers.values()].map((c) => c.id));
  });

  it('a container whose exec probe fails becomes unhealthy, is stopped and restarted, and the new one is healthy', async () => {
    // Healthy while /run/healthy exists; /run is a tmpfs of each task, so every new task starts healthy.
    const container = await newContainer('health', termExits('touch /run/healthy; sleep 600'));
    const latest: Task[] = [];
    const stop = new Subject<void>();
    const rec = record(supervise(async () => {
      const task = await container.newTask({ stdio: 'ignore' });
      latest.push(task);
      return task;
    }, {
      restart: 'always',
      backoff: { initialMs: 20, jitter: 0 },
      health: { command: ['/bin/test', '-e', '/run/healthy'], intervalMs: 100, timeoutMs: 5_000, retries: 2 },
      gracePeriodMs: 5_000,
      cleanup: () => container.delete(),
      stop,
    }));
    await rec.until('healthy', 1);
    const rm = await latest[0]!.exec('make-unhealthy', { args: ['/bin/rm', '/run/healthy'] }, { stdio: 'ignore' });
    const removed = firstValueFrom(rm.wait$());
    await rm.start();
    expect((await removed).code).to.equal(0);
    await rm.delete();

    await rec.until('healthy', 2);
    stop.next();
    await rec.done;

    const types = rec.events.map((e) => e.type);
    expect(types.slice(0, 10), rec.lines().join(', ')).to.deep.equal([
      'starting', 'started', 'healthy', 'unhealthy', 'exited', 'backoff', 'restarting', 'starting', 'started', 'healthy',
    ]);
    const unhealthy = rec.of('unhealthy')[0]!;
    expect(unhealthy.reason).to.equal('2 health probes failed in a row, the last: health command exited with code 1');
    expect(rec.of('exited')[0]!.status.code, 'stopped with SIGTERM').to.equal(143);
    expect(new Set(rec.of('started').map((e) => e.pid)).size).to.equal(2);
    expect(rec.of('failed'), rec.lines().join(', ')).to.deep.equal([]);
    await expectNothingLeft(client, [container.id]);
  });

  it('a process that ignores SIGTERM is killed with SIGKILL once the grace period is over', async () => {
    const container = await newContainer('stubborn', ['/bin/sh', '-c', "trap '' TERM; sleep 600"]);
    const stop = new Subject<void>();
    const rec = record(supervise(() => container.newTask({ stdio: 'ignore' }), {
      restart: 'always',
      gracePeriodMs: 1_000,
      cleanup: () => container.delete(),
      stop,
    }));
    await rec.until('started', 1);
    await sleep(100); // let the shell set its trap
    const stoppedAt = Date.now();
    stop.next();
    await rec.done;

    const exits = rec.of('exited');
    expect(exits.map((e) => e.status.code), 'killed by SIGKILL').to.deep.equal([137]);
    const tookMs = exits[0]!.at - stoppedAt;
    expect(tookMs, 'it survived the SIGTERM for the grace period').to.be.at.least(1_000 - 1);
    expect(tookMs, 'the configured grace period, not the default 10 s').to.be.below(8_000);
    expect(rec.events.map((e) => e.type)).to.deep.equal(['starting', 'started', 'exited', 'stopped']);
    await expectNothingLeft(client, [container.id]);
  });
});
