import { expect } from 'chai';
import { CanceledError, InvalidArgumentError, TimeoutError } from '../../src/client/errors.js';
import type { Daemon } from '../../src/testing/daemon.js';
import { connect, type Client } from '../../src/process/client.js';
import type { Task } from '../../src/process/task.js';
import { goroutinesIn, privateDaemon, sharedRootfs, unique } from '../support/daemon.js';
import { eventually } from '../support/eventually.js';


describe('Promise twins on the daemon: signal and timeoutMs', () => {
  let daemon: Daemon;
  let client: Client;
  let task: Task;
  const waits = (): Promise<number> => goroutinesIn(daemon, 'services/tasks.(*service).Wait');

  before(async () => {
    daemon = await privateDaemon();
    // 'rpc': each wait is a Tasks.Wait the daemon serves, so its end can be read from the daemon's goroutines
    client = connect({ address: daemon.address, namespace: unique('abort'), waitStrategy: 'rpc' });
  });
  beforeEach(async () => {
    const c = await client.newContainer(unique('sleeper'), { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
    task = await c.newTask({ stdio: 'ignore' });
    await task.start();
  });
  afterEach(async () => {
    await task[Symbol.asyncDispose]();
    await (await client.loadContainer(task.containerId))[Symbol.asyncDispose]();
  });
  after(() => client.close());

  it('an aborted wait() cancels its Tasks.Wait on the daemon and rejects with CanceledError; the process runs on', async () => {
    const controller = new AbortController();
    const waiting = task.wait({ signal: controller.signal }).catch((e: unknown) => e);
    expect(await eventually(waits, 1)).to.equal(1);
    const reason = new Error('no longer needed');
    controller.abort(reason);
    const error = await waiting;
    expect(error).to.be.instanceOf(CanceledError);
    expect((error as CanceledError).cause).to.equal(reason);
    expect(await eventually(waits, 0)).to.equal(0);
    expect((await task.status()).status).to.equal('running');
    // a later wait still sees the exit
    const exit = task.wait({ timeoutMs: 10_000 });
    await task.kill('SIGKILL');
    expect((await exit).code).to.equal(137);
  });

  it('a wait() past its timeoutMs rejects with TimeoutError, cancels its Wait and leaves the process running', async () => {
    const started = Date.now();
    const error = await task.wait({ timeoutMs: 300 }).catch((e: unknown) => e);
    expect(Date.now() - started).to.be.within(250, 5_000);
    expect(error).to.be.instanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).to.equal(300);
    expect(await eventually(waits, 0)).to.equal(0);
    expect((await task.status()).status).to.equal('running');
    const exit = task.wait();
    await task.kill('SIGKILL');
    expect((await exit).code).to.equal(137);
  });

  it('a call whose signal is aborted already is not made', async () => {
    const id = unique('never');
    const error = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/true'], signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(CanceledError);
    expect((await client.containers(`id==${id}`, { timeoutMs: 5_000 })).length).to.equal(0);
  });

  it('every twin takes { signal, timeoutMs } last', async () => {
    const signal = new AbortController().signal;
    const o = { signal, timeoutMs: 5_000 };
    expect((await client.version(o)).version).to.be.a('string');
    expect((await client.containers(o)).length).to.be.at.least(1);
    const c = await client.loadContainer(task.containerId, o);
    expect((await c.task({ stdio: 'ignore', ...o })).pid).to.equal(task.pid);
    expect((await task.status(o)).status).to.equal('running');
    expect((await task.pids(o)).map((p) => p.pid)).to.include(task.pid);
    await task.pause(o);
    expect((await task.status(o)).status).to.equal('paused');
    await task.resume(o);
    await task.update({ resources: { pids: { limit: 42 } } }, o);
    expect((await task.metrics(o)).containerId).to.equal(task.containerId);
    const sh = await task.exec('sh', { args: ['/bin/sh', '-c', 'exit 3'], stdio: 'ignore', ...o });
    const exit = sh.wait(o);
    expect(await sh.start(o)).to.be.greaterThan(0);
    expect((await exit).code).to.equal(3);
    expect((await sh.delete(o)).code).to.equal(3);
    await task.kill('SIGKILL', { all: true, ...o });
    expect((await task.wait(o)).code).to.equal(137);
  });

  it('a bad timeoutMs is an InvalidArgumentError', async () => {
    const error = await task.status({ timeoutMs: -5 }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
  });
});
