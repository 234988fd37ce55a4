import { expect } from 'chai';
import { filter, firstValueFrom, take, timeout } from 'rxjs';
import { NotFoundError, NotStartedError } from '../../src/client/errors.js';
import type { Client } from '../../src/process/client.js';
import type { Container } from '../../src/process/container.js';
import type { Task } from '../../src/process/task.js';
import { connect } from '../../src/process/client.js';
import { fromDate } from '../../src/proto/timestamp.js';
import { Events } from '../../src/proto/services.js';
import { sharedRootfs, testClient, track, unique } from '../support/daemon.js';

/** Polls `check` every 20 ms (after `refresh`, when given) until it holds; fails after 10 s saying what was awaited. */
async function until(check: () => boolean, what: string, refresh?: () => Promise<void>): Promise<void> {
  for (let i = 0; i < 500; i++) {
    await refresh?.();
    if (check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`timed out waiting for: ${what}`);
}

async function container(client: Client, id: string, args: string[]): Promise<Container> {
  return client.newContainer(id, { rootfs: await sharedRootfs(), args });
}

const failure = (p: Promise<unknown>): Promise<unknown> => p.then((v) => ({ resolved: v }), (e: unknown) => e);

describe('wait$ against the real daemon', () => {
  let client: Client;
  beforeEach(async () => {
    client = await testClient();
  });

  describe('the result is kept for later subscribers however the first one left', () => {
    it('firstValueFrom, then delete: a second firstValueFrom replays { code: 7 } (no NotFoundError)', async () => {
      const c = await container(client, 'replay-first', ['/bin/sh', '-c', 'exit 7']);
      const task = await c.newTask({ stdio: 'ignore' });
      const exit = firstValueFrom(task.wait$());
      await task.start();
      const first = await exit;
      expect(first.code).to.equal(7);
      await task.delete();
      expect(await firstValueFrom(task.wait$().pipe(timeout(5_000)))).to.deep.equal(first);
      await c.delete();
    });

    it('take(1), then delete: the value is replayed', async () => {
      const c = await container(client, 'replay-take', ['/bin/sh', '-c', 'exit 7']);
      const task = await c.newTask({ stdio: 'ignore' });
      const got = new Promise((resolve, reject) => task.wait$().pipe(take(1)).subscribe({ next: resolve, error: reject }));
      await task.start();
      await got;
      await task.delete();
      expect((await firstValueFrom(task.wait$().pipe(timeout(5_000)))).code).to.equal(7);
      await c.delete();
    });

    it('an unsubscribe right after the value, then delete: the value is replayed', async () => {
      const c = await container(client, 'replay-unsub', ['/bin/sh', '-c', 'exit 7']);
      const task = await c.newTask({ stdio: 'ignore' });
      const got = new Promise<void>((resolve) => {
        // unsubscribed inside the value, before the completion that follows it
        const sub = task.wait$().subscribe(() => {
          sub.unsubscribe();
          resolve();
        });
      });
      await task.start();
      await got;
      await task.delete();
      expect((await firstValueFrom(task.wait$().pipe(timeout(5_000)))).code).to.equal(7);
      await c.delete();
    });

    it('an unsubscribe before any value releases the listener; a later subscriber waits anew and gets the exit', async () => {
      const c = await container(client, 'replay-early', ['/bin/sleep', '60']);
      const task = await c.newTask({ stdio: 'ignore' });
      await task.start();
      const sub = task.wait$().subscribe();
      await firstValueFrom(client.hub.live$);
      expect(client.hub.listenerCount).to.equal(1);
      sub.unsubscribe();
      expect(client.hub.listenerCount).to.equal(0);
      const exit = firstValueFrom(task.wait$());
      await task.kill('SIGKILL');
      expect((await exit).code).to.equal(137);
      await task.delete();
      await c.delete();
    });
  });

  it('a wait on an old handle whose task was deleted and replaced by a new task (another pid) fails with NotFoundError instead of waiting for the new one', async () => {
    const c = await container(client, 'replaced', ['/bin/sleep', '60']);
    const a = await c.newTask({ stdio: 'ignore' });
    const pidA = await a.start();
    const oldHandle = await c.task({ stdio: 'ignore' });
    await a.delete({ kill: true });
    const b = await c.newTask({ stdio: 'ignore' });
    const pidB = await b.start();
    expect(pidB).not.to.equal(pidA);
    const result = await failure(firstValueFrom(oldHandle.wait$().pipe(timeout(10_000))));
    expect(result).to.be.instanceOf(NotFoundError);
    expect((result as Error).message).to.include(`pid ${pidB} in its place`);
    expect((await b.status()).status).to.equal('running'); // the new task is not touched
    await b.delete({ kill: true });
    await c.delete();
  });

  describe('a young wait while the stream falls behind (an envelope forwarded with a timestamp 5 s old)', () => {
    /** A client without the sweep, so that its open calls are the Subscribe and the wait's own. */
    async function lateEnvelope(options: { waitBackstopOnLagMs?: number }): Promise<{ quiet: Client; task: Task }> {
      const quiet = track(connect({ address: client.conn.address, namespace: client.namespace, sweepIntervalMs: 0, ...options }));
      const c = await container(quiet, unique('late'), ['/bin/sleep', '600']);
      const task = await c.newTask({ stdio: 'ignore' });
      await task.start();
      return { quiet, task };
    }
    const forwardLate = (quiet: Client): Promise<unknown> =>
      firstValueFrom(quiet.conn.call$(Events.forward, {
        envelope: { timestamp: fromDate(new Date(Date.now() - 5_000)), namespace: quiet.namespace, topic: '/rxc-spec/late', event: { typeUrl: 'rxc-spec/Late', value: new Uint8Array() } },
      }));

    it('with waitBackstopOnLagMs: 1000, asks Tasks.Wait at once, not after waitBackstopAfterMs, and gives the exit once', async () => {
      const { quiet, task } = await lateEnvelope({ waitBackstopOnLagMs: 1_000 });
      const exits: number[] = [];
      const done = new Promise<void>((resolve, reject) => task.wait$().subscribe({ next: (e) => exits.push(e.code), error: reject, complete: resolve }));
      await firstValueFrom(quiet.hub.live$);
      await until(() => quiet.conn.openCalls === 1, 'the status check over, the Subscribe alone open');
      expect(await firstValueFrom(quiet.hub.lagging$)).to.equal(false);
      await forwardLate(quiet);
      await firstValueFrom(quiet.hub.lagging$.pipe(filter(Boolean), timeout(5_000)));
      await until(() => quiet.conn.openCalls === 2, 'a Tasks.Wait open beside the Subscribe');
      await task.kill('SIGKILL');
      await done;
      expect(exits).to.deep.equal([137]);
      await until(() => quiet.conn.openCalls === 1, 'the Tasks.Wait closed once the wait is answered');
    });

    it('by default (waitBackstopOnLagMs 0), opens no Tasks.Wait', async () => {
      const { quiet, task } = await lateEnvelope({});
      const exit = firstValueFrom(task.wait$());
      await firstValueFrom(quiet.hub.live$);
      await until(() => quiet.conn.openCalls === 1, 'the status check over');
      await forwardLate(quiet);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect([quiet.conn.openCalls, await firstValueFrom(quiet.hub.lagging$)]).to.deep.equal([1, false]);
      await task.kill('SIGKILL');
      expect((await exit).code).to.equal(137);
    });
  });

  describe('a process that never ran has no exit (no code 0 at a made-up time)', () => {
    it("'rpc' strategy: an exec whose start failed (binary missing) gets NotStartedError from wait$ and from delete, which still deletes it", async () => {
      const rpc = await testClient({ waitStrategy: 'rpc' });
      const c = await container(rpc, 'rpc-nostart', ['/bin/sleep', '60']);
      const task = await c.newTask({ stdio: 'ignore' });
      await task.start();
      const exec = await task.exec('missing', { args: ['/bin/does-not-exist'] }, { stdio: 'ignore' });
      expect(await failure(exec.start())).to.be.instanceOf(NotFoundError);
      const waited = await failure(firstValueFrom(exec.wait$().pipe(timeout(5_000))));
      expect(waited).to.be.instanceOf(NotStartedError);
      expect(await failure(exec.delete())).to.be.instanceOf(NotStartedError);
      expect(await failure(task.loadProcess('missing'))).to.be.instanceOf(NotFoundError); // deleted all the same
      await task.delete({ kill: true });
      await c.delete();
    });

    it("'events' strategy: a wait pending before the failed start, and one after it, both get NotStartedError", async () => {
      const c = await container(client, 'ev-nostart', ['/bin/sleep', '60']);
      const task = await c.newTask({ stdio: 'ignore' });
      await task.start();
      const exec = await task.exec('missing', { args: ['/bin/does-not-exist'] }, { stdio: 'ignore' });
      const before = failure(firstValueFrom(exec.wait$().pipe(timeout(10_000))));
      expect(await failure(exec.start())).to.be.instanceOf(NotFoundError);
      expect(await before).to.be.instanceOf(NotStartedError);
      expect(await failure(firstValueFrom(exec.wait$().pipe(timeout(10_000))))).to.be.instanceOf(NotStartedError);
      expect(await failure(exec.delete())).to.be.instanceOf(NotStartedError);
      await task.delete({ kill: true });
      await c.delete();
    });

    it('an exec never started, deleted with kill: true, is deleted (NotStartedError), not stuck on the refused kill', async () => {
      const c = await container(client, 'idle-kill', ['/bin/sleep', '60']);
      const task = await c.newTask({ stdio: 'ignore' });
      await task.start();
      const exec = await task.exec('idle', { args: ['/bin/true'] }, { stdio: 'ignore' });
      expect(await failure(exec.delete({ kill: true }))).to.be.instanceOf(NotStartedError);
      expect(await failure(task.loadProcess('idle'))).to.be.instanceOf(NotFoundError);
      await task.delete({ kill: true });
      await c.delete();
    });

    it('a created task deleted before its start: the pending wait gets NotStartedError, not the 137 of an exit event without an exit time', async () => {
      const c = await container(client, 'created-deleted', ['/bin/sleep', '60']);
      const task = await c.newTask({ stdio: 'ignore' });
      const exit = failure(firstValueFrom(task.wait$().pipe(timeout(10_000))));
      // containerd 1.6 and 1.7 send a /tasks/exit without an exit time; 2.x may send none
      const exitEvent = firstValueFrom(client.events$.pipe(filter((e) => e.event.type === 'TaskExit' && e.event.containerId === 'created-deleted'), timeout(3_000))).catch(() => undefined);
      await firstValueFrom(client.hub.live$);
      expect(await failure(task.delete())).to.be.instanceOf(NotStartedError);
      const seen = await exitEvent;
      if (seen) expect(seen.event.type === 'TaskExit' && seen.event.exitedAt).to.equal(undefined); // the daemon's own account: no exit time
      expect(await exit).to.be.instanceOf(NotStartedError);
      await c.delete();
    });
  });

  describe('the status check is made only when its answer is not known', () => {
    /** The paths of the unary calls `c` sends from now on. */
    function recordCalls(c: Client): string[] {
      const paths: string[] = [];
      const call$ = c.conn.call$.bind(c.conn);
      c.conn.call$ = ((method, request, options) => {
        paths.push(method.path);
        return call$(method, request, options);
      }) as typeof c.conn.call$;
      return paths;
    }
    const GET = '/containerd.services.tasks.v1.Tasks/Get';

    it('a wait before start on a task this client created asks no Tasks.Get, and gets the exit', async () => {
      const c = await container(client, 'known-created', ['/bin/sh', '-c', 'exit 7']);
      const task = await c.newTask({ stdio: 'ignore' });
      const paths = recordCalls(client);
      const exit = firstValueFrom(task.wait$().pipe(timeout(10_000)));
      await firstValueFrom(client.hub.live$); // the wait's check would be made now
      await task.start();
      expect((await exit).code).to.equal(7);
      expect(paths.filter((p) => p === GET)).to.deep.equal([]);
      await task.delete();
      await c.delete();
    });

    it('a wait after start asks Tasks.Get (the exit may have come before the wait listened)', async () => {
      const unswept = await testClient({ sweepIntervalMs: 0 }); // the Tasks.Get seen is the check's, not a sweep's
      const c = await container(unswept, 'unknown-status', ['/bin/sh', '-c', 'exit 3']);
      const task = await c.newTask({ stdio: 'ignore' });
      await task.start();
      let status = '';
      await until(() => status === 'stopped', 'the task to stop', () => task.status().then((s) => void (status = s.status)));
      const paths = recordCalls(unswept);
      expect((await firstValueFrom(task.wait$().pipe(timeout(5_000)))).code).to.equal(3); // its exit event is long past
      expect(paths, JSON.stringify(paths)).to.include(GET);
      await task.delete();
      await c.delete();
    });

    it('a task this client created, started and ended by another client before the wait: the sweep finds its exit', async () => {
      const swept = await testClient({ sweepIntervalMs: 300 });
      const c = await container(swept, 'started-elsewhere', ['/bin/sh', '-c', 'exit 5']);
      const task = await c.newTask({ stdio: 'ignore' });
      const other = track(connect({ address: swept.conn.address, namespace: swept.conn.namespace }));
      const theirs = await (await other.loadContainer('started-elsewhere')).task();
      const ended = firstValueFrom(theirs.wait$().pipe(timeout(10_000)));
      await theirs.start();
      expect((await ended).code).to.equal(5);
      // this client still takes the task for 'created' and makes no check: the sweep's Tasks.Get answers
      expect((await firstValueFrom(task.wait$().pipe(timeout(10_000)))).code).to.equal(5);
      await task.delete();
      await c.delete();
    });
  });
});
