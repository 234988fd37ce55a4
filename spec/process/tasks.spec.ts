import { expect } from 'chai';
import { isSome } from 'fp-ts/lib/Option.js';
import { filter, firstValueFrom, take, toArray } from 'rxjs';
import { FailedPreconditionError, InvalidArgumentError, NotFoundError, NotStartedError } from '../../src/client/errors.js';
import type { Client } from '../../src/process/client.js';
import type { Container } from '../../src/process/container.js';
import { Tasks } from '../../src/proto/services.js';
import { forContainer } from '../../src/streams/for-container.js';
import { ofTopic } from '../../src/streams/of-topic.js';
import { sharedRootfs, testClient } from '../support/daemon.js';

async function container(client: Client, id: string, args: string[]): Promise<Container> {
  return client.newContainer(id, { rootfs: await sharedRootfs(), args });
}

describe('tasks and processes', () => {
  let client: Client;
  beforeEach(async () => {
    client = await testClient();
  });

  it('start: wait before start, pid > 0, exit 7 from wait$ and from delete', async () => {
    const c = await container(client, 'start', ['/bin/sh', '-c', 'exit 7']);
    const task = await c.newTask({ stdio: 'ignore' });
    const exit$ = task.wait$();
    const pending = firstValueFrom(exit$);
    const pid = await task.start();
    expect(pid).to.be.greaterThan(0);
    expect((await pending).code).to.equal(7);
    expect((await task.delete()).code).to.equal(7);
    await c.delete();
  });

  it("exec takes stdio and stdin in its options, as newTask does (the third argument is still accepted)", async () => {
    const c = await container(client, 'exec-shape', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const cat = await task.exec('cat', { args: ['/bin/cat'], stdio: 'pipe', stdin: true });
    const out = firstValueFrom(cat.io.stdout$.pipe(toArray()));
    await cat.start();
    cat.io.stdin!.write('through stdin\n');
    await cat.closeIO();
    expect(Buffer.concat(await out).toString()).to.equal('through stdin\n');
    expect((await cat.wait()).code).to.equal(0);
    await cat.delete();
    const old = await task.exec('old', { args: ['/bin/echo', 'old shape'] }, { stdio: 'pipe' });
    const oldOut = firstValueFrom(old.io.stdout$.pipe(toArray()));
    await old.start();
    expect(Buffer.concat(await oldOut).toString()).to.equal('old shape\n');
    await old.delete({ kill: true }).catch(() => undefined);
    await task.delete({ kill: true });
  });

  it('exec: exit 6 from wait$ and from delete', async () => {
    const c = await container(client, 'exec', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const proc = await task.exec('six', { args: ['/bin/sh', '-c', 'exit 6'] }, { stdio: 'ignore' });
    const pending = firstValueFrom(proc.wait$());
    await proc.start();
    expect((await pending).code).to.equal(6);
    expect((await proc.delete()).code).to.equal(6);
    await task.delete({ kill: true });
  });

  it("an exec inherits the container's env, cwd and user; its own env adds and overrides by name", async () => {
    const c = await client.newContainer('inherit', {
      rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'], env: { FOO: 'container', KEEP: 'kept' }, cwd: '/tmp', user: '65534:65534',
    });
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const run = async (id: string, env?: Record<string, string>): Promise<string> => {
      const proc = await task.exec(id, { args: ['/bin/sh', '-c', 'echo "$FOO $KEEP ${BAR:-none} $(pwd) $(id -u)"'], ...(env ? { env } : {}), stdio: 'pipe' });
      const out = firstValueFrom(proc.io.stdout$.pipe(toArray()));
      await proc.start();
      await firstValueFrom(proc.wait$());
      await proc.delete();
      return Buffer.concat(await out).toString().trim();
    };
    expect(await run('plain')).to.equal('container kept none /tmp 65534');
    expect(await run('override', { FOO: 'exec', BAR: 'added' })).to.equal('exec kept added /tmp 65534');
    await task.delete({ kill: true });
  });

  it('an exec with 20,000 characters of args runs', async () => {
    const c = await container(client, 'largeargs', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const big = 'x'.repeat(20_000);
    const proc = await task.exec('big', { args: ['/bin/sh', '-c', `test \${#0} -eq 20000`, big] }, { stdio: 'ignore' });
    const pending = firstValueFrom(proc.wait$());
    await proc.start();
    expect((await pending).code).to.equal(0);
    await proc.delete();
    await task.delete({ kill: true });
  });

  it('pids: the task pid is listed, and two pids after an exec', async () => {
    const c = await container(client, 'pids', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    const pid = await task.start();
    expect((await task.pids()).map((p) => p.pid)).to.deep.equal([pid]);
    const proc = await task.exec('second', { args: ['/bin/sleep', '60'] }, { stdio: 'ignore' });
    const execPid = await proc.start();
    const pids = await task.pids();
    expect(pids.map((p) => p.pid).sort()).to.deep.equal([pid, execPid].sort());
    expect(pids.find((p) => p.pid === execPid)?.execId).to.equal('second');
    await task.delete({ kill: true });
  });

  it('deleting a running task without kill is refused with FailedPreconditionError', async () => {
    const c = await container(client, 'running', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    expect(await task.delete().catch((e: unknown) => e)).to.be.instanceOf(FailedPreconditionError);
    expect((await task.status()).status).to.equal('running');
    expect((await task.delete({ kill: true })).code).to.equal(137);
  });

  it('kill twice: the second kill of an exited process is NotFoundError', async () => {
    const c = await container(client, 'killtwice', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    const exit = firstValueFrom(task.wait$());
    await task.start();
    await task.kill('SIGKILL');
    expect((await exit).code).to.equal(137);
    expect(await task.kill('SIGKILL').catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    await task.delete();
  });

  it('kill of a task deleted behind our back is NotFoundError', async () => {
    const c = await container(client, 'behind', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const other = await (await client.loadContainer('behind')).task({ stdio: 'ignore' });
    await other.delete({ kill: true });
    expect(await task.kill('SIGTERM').catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
  });

  it('a bad signal is InvalidArgumentError before any call', async () => {
    const c = await container(client, 'badsignal', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    for (const s of ['SIGNOPE', 0, 65, 1.5, -9] as const) {
      expect(await task.kill(s as never).catch((e: unknown) => e)).to.be.instanceOf(InvalidArgumentError);
    }
    expect((await task.status()).status).to.equal('running');
    await task.kill('SIGTERM'); // sleep as PID 1 has no handler: ignored
    await task.kill(9);
    expect((await firstValueFrom(task.wait$())).code).to.equal(137);
    await task.delete();
  });

  it('a binary that does not exist fails init at create, and an exec at start', async () => {
    const bad = await container(client, 'nobinary', ['/bin/does-not-exist']);
    expect(await bad.newTask({ stdio: 'ignore' }).catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    const c = await container(client, 'execnobinary', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const proc = await task.exec('missing', { args: ['/bin/does-not-exist'] }, { stdio: 'ignore' });
    expect(await proc.start().catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    expect((await task.status()).status).to.equal('running');
    await task.delete({ kill: true });
  });

  it('an exec without args never reaches the daemon, and the container keeps running', async () => {
    const c = await container(client, 'noargs', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    expect(await task.exec('empty', { args: [] }).catch((e: unknown) => e)).to.be.instanceOf(InvalidArgumentError);
    expect(await task.exec('bad id', { args: ['/bin/true'] }).catch((e: unknown) => e)).to.be.instanceOf(InvalidArgumentError);
    expect((await task.status()).status).to.equal('running');
    await task.delete({ kill: true });
  });

  it('wait after the task stopped gives the cached exit code, for the task and for an exec', async () => {
    // init exits 3 on SIGTERM, and only after the exec has exited (no race between the two, no sleep)
    const c = await container(client, 'cached', ['/bin/sh', '-c', 'trap "exit 3" TERM; while true; do sleep 0.05; done']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const proc = await task.exec('quick', { args: ['/bin/sh', '-c', 'exit 4'] }, { stdio: 'ignore' });
    await proc.start();
    await firstValueFrom(client.conn.call$(Tasks.wait, { containerId: 'cached', execId: 'quick' }, { timeoutMs: 15_000 }));
    await task.kill('SIGTERM');
    await firstValueFrom(client.conn.call$(Tasks.wait, { containerId: 'cached' }, { timeoutMs: 15_000 }));
    expect((await task.status()).status).to.equal('stopped');
    expect((await firstValueFrom(task.wait$())).code).to.equal(3);
    expect((await firstValueFrom(proc.wait$())).code).to.equal(4);
    await task.delete();
  });

  it('force delete: refused while running, then succeeds with kill and returns the exit status', async () => {
    const c = await container(client, 'force', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    expect(await task.delete().catch((e: unknown) => e)).to.be.instanceOf(FailedPreconditionError);
    const status = await task.delete({ kill: true });
    expect(status.code).to.equal(137);
    expect(await task.status().catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
  });

  it('exitedAt is after the start time', async () => {
    const c = await container(client, 'exitedat', ['/bin/true']);
    const task = await c.newTask({ stdio: 'ignore' });
    const exit = firstValueFrom(task.wait$());
    const before = Date.now();
    await task.start();
    const { exitedAt } = await exit;
    expect(exitedAt.getTime()).to.be.at.least(before - 5); // the daemon's clock is ours, to the ms
    await task.delete();
  });

  it('deleting a never-started exec deletes it, and says it has no exit status (NotStartedError, not code 0)', async () => {
    const c = await container(client, 'neverstarted', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const proc = await task.exec('idle', { args: ['/bin/true'] }, { stdio: 'ignore' });
    expect(await proc.delete().catch((e: unknown) => e)).to.be.instanceOf(NotStartedError);
    expect(await task.loadProcess('idle').catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    await task.delete({ kill: true });
  });

  it('metrics of a running task, and an error after delete', async () => {
    const c = await container(client, 'metrics', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const m = await task.metrics();
    expect(m.containerId).to.equal('metrics');
    expect((await task.rawMetrics()).data?.typeUrl).to.match(/cgroups/);
    await task.delete({ kill: true });
    expect(await task.metrics().catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    expect(await task.rawMetrics().catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
  });

  it('a short-running task still has its pid after it exited', async () => {
    const c = await container(client, 'short', ['/bin/true']);
    const task = await c.newTask({ stdio: 'ignore' });
    const exit = firstValueFrom(task.wait$());
    const pid = await task.start();
    await exit;
    expect(task.pid).to.equal(pid);
    expect(isSome(task.pidOption) && task.pidOption.value).to.equal(pid);
    const loaded = await c.task({ stdio: 'ignore' });
    expect(loaded.pid).to.equal(pid);
    await task.delete();
  });

  it('exactly one exit event per process', async () => {
    const c = await container(client, 'oneexit', ['/bin/sleep', '60']);
    const exits: string[] = [];
    const sub = client.events$.pipe(forContainer('oneexit'), ofTopic('/tasks/exit')).subscribe((e) => {
      if (e.event.type === 'TaskExit') exits.push(e.event.id);
    });
    await firstValueFrom(client.hub.live$);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const proc = await task.exec('e1', { args: ['/bin/true'] }, { stdio: 'ignore' });
    const e1 = firstValueFrom(proc.wait$());
    await proc.start();
    await e1;
    await proc.delete();
    // The init's exit, not /tasks/delete, marks the end: containerd 2.1 can skip /tasks/delete of a task that had an exec.
    const initExit = firstValueFrom(client.events$.pipe(forContainer('oneexit'), ofTopic('/tasks/exit'), filter((e) => e.event.type === 'TaskExit' && e.event.id === 'oneexit')));
    await task.delete({ kill: true });
    await initExit;
    await new Promise((r) => setTimeout(r, 300)); // room for a duplicate to show up
    sub.unsubscribe();
    expect(exits.sort()).to.deep.equal(['e1', 'oneexit']);
  });

  /**
   * The topics of container `id`'s events from the moment the stream is live while `act` runs, up to a sentinel:
   * the creation of another container after `act`. Events come in order on the one stream, so whatever `act`
   * caused has arrived once the sentinel's event has (no sleep).
   */
  async function topicsDuring(id: string, act: () => Promise<unknown>): Promise<string[]> {
    const sentinel = `${id}-sentinel`;
    const topics: string[] = [];
    const sub = client.events$.pipe(forContainer(id)).subscribe((e) => topics.push(e.topic));
    const sentinelSeen = firstValueFrom(client.events$.pipe(forContainer(sentinel), ofTopic('/containers/create')));
    await firstValueFrom(client.hub.live$);
    await act();
    await container(client, sentinel, ['/bin/true']);
    await sentinelSeen;
    sub.unsubscribe();
    return topics;
  }

  it('no exit event when task creation fails', async () => {
    const c = await container(client, 'failcreate', ['/bin/does-not-exist']);
    const topics = await topicsDuring('failcreate', () => c.newTask({ stdio: 'ignore' }).then(() => expect.fail('the create should fail'), () => undefined));
    expect(topics).not.to.include('/tasks/exit');
  });

  it('positive control of the above: the same observation of a task that is created and exits does see its exit event', async () => {
    const c = await container(client, 'okcreate', ['/bin/true']);
    const topics = await topicsDuring('okcreate', async () => {
      const task = await c.newTask({ stdio: 'ignore' });
      const exit = firstValueFrom(task.wait$());
      await task.start();
      await exit;
    });
    expect(topics).to.include('/tasks/exit');
  });

  it('pause and resume, with their events and statuses', async () => {
    const c = await container(client, 'pause', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const topics = firstValueFrom(client.events$.pipe(forContainer('pause'), filter((e) => e.topic === '/tasks/paused' || e.topic === '/tasks/resumed'), take(2), toArray()));
    await firstValueFrom(client.hub.live$);
    await task.pause();
    expect((await task.status()).status).to.equal('paused');
    await task.resume();
    expect((await task.status()).status).to.equal('running');
    expect((await topics).map((e) => e.topic)).to.deep.equal(['/tasks/paused', '/tasks/resumed']);
    await task.delete({ kill: true });
  });

  it('update changes the running task\'s resources (the pids limit in its cgroup)', async () => {
    const c = await container(client, 'update', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    await task.update({ resources: { pids: { limit: 42 } } });
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(`/sys/fs/cgroup/pids/${client.namespace}/update/pids.max`, 'utf8').trim()).to.equal('42');
    await task.delete({ kill: true });
  });

  it('loadProcess finds a running exec again, with its pid, status and exit', async () => {
    const c = await container(client, 'loadexec', ['/bin/sleep', '60']);
    const task = await c.newTask({ stdio: 'ignore' });
    await task.start();
    const proc = await task.exec('later', { args: ['/bin/sh', '-c', 'sleep 0.3; exit 8'] }, { stdio: 'ignore' });
    const pid = await proc.start();
    const loaded = await task.loadProcess('later', { stdio: 'ignore' });
    expect(loaded.pid).to.equal(pid);
    expect((await loaded.status()).status).to.equal('running');
    expect((await firstValueFrom(loaded.wait$())).code).to.equal(8);
    expect(await task.loadProcess('nobody').catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    await task.delete({ kill: true });
  });

  it("the 'rpc' wait strategy gives the same exit through Tasks.Wait", async () => {
    const rpcClient = await testClient({ waitStrategy: 'rpc' });
    const c = await container(rpcClient, 'rpcwait', ['/bin/sh', '-c', 'exit 5']);
    const task = await c.newTask({ stdio: 'ignore' });
    const exit = firstValueFrom(task.wait$());
    await task.start();
    expect((await exit).code).to.equal(5);
    await task.delete();
  });
});
