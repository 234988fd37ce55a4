import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import {
  ContainerdError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  PermissionDeniedError,
} from '../../src/client/errors.js';
import type { Client } from '../../src/process/client.js';
import type { Task } from '../../src/process/task.js';
import { sharedRootfs, testClient } from '../support/daemon.js';

let execs = 0;
type State = 'created' | 'running' | 'paused' | 'stopped' | 'deleted';
type ErrorClass = abstract new (...args: never[]) => ContainerdError;

/** Every call of a task, as a user makes it. */
const actions: Record<string, (task: Task) => Promise<unknown>> = {
  exec: (t) => t.exec(`probe${++execs}`, { args: ['/bin/true'] }, { stdio: 'ignore' }),
  start: (t) => t.start(),
  delete: (t) => t.delete(),
  kill: (t) => t.kill('SIGTERM'),
  pause: (t) => t.pause(),
  resume: (t) => t.resume(),
  update: (t) => t.update({ resources: { pids: { limit: 100 } } }),
  closeIO: (t) => t.closeIO(),
  resize: (t) => t.resize(80, 24),
  pids: (t) => t.pids(),
  metrics: (t) => t.metrics(),
  status: (t) => t.status(),
};

/** What the daemon refuses in each state, and the class it is. Calls not listed succeed in that state. */
const refusals: ReadonlyArray<readonly [State, keyof typeof actions, ErrorClass]> = [
  ['created', 'pause', FailedPreconditionError],
  ['created', 'resume', FailedPreconditionError],
  ['running', 'start', FailedPreconditionError],
  ['running', 'resume', FailedPreconditionError],
  ['running', 'delete', FailedPreconditionError],
  ['paused', 'exec', FailedPreconditionError],
  ['paused', 'start', FailedPreconditionError],
  ['paused', 'delete', FailedPreconditionError],
  ['paused', 'pause', FailedPreconditionError],
  ['stopped', 'exec', FailedPreconditionError],
  ['stopped', 'start', FailedPreconditionError],
  ['stopped', 'update', FailedPreconditionError],
  ['stopped', 'pause', FailedPreconditionError],
  ['stopped', 'resume', FailedPreconditionError],
  ['stopped', 'kill', NotFoundError],
  ...(['exec', 'start', 'delete', 'kill', 'pause', 'resume', 'update', 'closeIO', 'resize', 'pids', 'metrics', 'status'] as const).map(
    (action) => ['deleted', action, NotFoundError] as const,
  ),
];

async function taskIn(client: Client, state: State, id: string): Promise<Task> {
  const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/sleep', '600'] });
  const task = await container.newTask({ stdio: 'ignore' });
  if (state === 'created') return task;
  await task.start();
  if (state === 'paused') await task.pause();
  if (state === 'stopped' || state === 'deleted') {
    await task.kill('SIGKILL');
    await firstValueFrom(task.wait$());
  }
  if (state === 'deleted') await task.delete();
  return task;
}

async function failure(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail('expected a failure'),
    (e: unknown) => e,
  );
}

function expectTyped(error: unknown, cls: ErrorClass, what: string): void {
  expect(error, `${what}: ${String(error)}`).to.be.instanceOf(cls).and.instanceOf(ContainerdError);
}

describe('the class of what the daemon refuses, by state (real daemon)', () => {
  for (const state of ['created', 'running', 'paused', 'stopped', 'deleted'] as const) {
    const rows = refusals.filter(([s]) => s === state);
    it(`in a ${state} task: ${rows.map(([, a, c]) => `${a} is ${c.name}`).join(', ')}`, async () => {
      const client = await testClient();
      const task = await taskIn(client, state, state);
      for (const [, action, cls] of rows) {
        const error = await failure(actions[action]!(task));
        expectTyped(error, cls, `${action} in a ${state} task`);
        const { cause } = error as ContainerdError;
        if (action !== 'metrics') expect((cause as { code?: number } | undefined)?.code, `${action}: the grpc error is the cause`).to.be.a('number');
      }
      if (state !== 'deleted') await (state === 'paused' ? task.resume().then(() => task.delete({ kill: true })) : task.delete({ kill: true }));
    });
  }
});

describe('the class of a process that cannot be run (real daemon)', () => {
  async function execStart(task: Task, id: string, options: { args: string[]; cwd?: string }): Promise<unknown> {
    const proc = await task.exec(id, options, { stdio: 'ignore' });
    return failure(proc.start());
  }

  it('an exec of a missing binary or into a missing cwd is NotFoundError; of a file without x or of a directory PermissionDeniedError; with a file as cwd InvalidArgumentError', async () => {
    const client = await testClient();
    const task = await taskIn(client, 'running', 'runner');
    expectTyped(await execStart(task, 'missing', { args: ['/bin/nope'] }), NotFoundError, 'missing binary');
    expectTyped(await execStart(task, 'unpathed', { args: ['nope'] }), NotFoundError, 'a name not on the PATH');
    expectTyped(await execStart(task, 'nocwd', { args: ['/bin/true'], cwd: '/nonexistent' }), NotFoundError, 'missing cwd');
    expectTyped(await execStart(task, 'noexec', { args: ['/etc/passwd'] }), PermissionDeniedError, 'a file without x');
    expectTyped(await execStart(task, 'directory', { args: ['/etc'] }), PermissionDeniedError, 'a directory');
    expectTyped(await execStart(task, 'filecwd', { args: ['/bin/true'], cwd: '/etc/passwd' }), InvalidArgumentError, 'a file as cwd');
    await task.delete({ kill: true });
  });

  it('starting an exec that already ran is FailedPreconditionError', async () => {
    const client = await testClient();
    const task = await taskIn(client, 'running', 'again');
    const proc = await task.exec('once', { args: ['/bin/true'] }, { stdio: 'ignore' });
    const exit$ = proc.wait$();
    await proc.start();
    expect((await firstValueFrom(exit$)).code).to.equal(0);
    expectTyped(await failure(proc.start()), FailedPreconditionError, 'start after the exit');
    await task.delete({ kill: true });
  });

  it('a task whose init is a file without x is PermissionDeniedError at creation', async () => {
    const client = await testClient();
    const container = await client.newContainer('noexec', { rootfs: await sharedRootfs(), args: ['/etc/passwd'] });
    expectTyped(await failure(container.newTask({ stdio: 'ignore' })), PermissionDeniedError, 'init not executable');
    await container.delete();
  });

  it('a memory limit below what the task uses is InvalidArgumentError, and the task keeps running', async () => {
    const client = await testClient();
    const task = await taskIn(client, 'running', 'tight');
    expectTyped(await failure(task.update({ resources: { memory: { limit: 1 } } })), InvalidArgumentError, 'memory limit 1');
    expect((await task.status()).status).to.equal('running');
    await task.delete({ kill: true });
  });
});
