import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import { Connection } from '../../src/client/connection.js';
import {
  AlreadyExistsError,
  CanceledError,
  ContainerdError,
  DeadlineExceededError,
  FailedPreconditionError,
  InvalidArgumentError,
  NotFoundError,
  UnavailableError,
  UnknownError,
  toContainerdError,
} from '../../src/client/errors.js';
import { Containers, Events, Tasks, Version } from '../../src/proto/services.js';
import { connect } from '../../src/process/client.js';
import { sharedDaemon, sharedRootfs, testClient, unique } from '../support/daemon.js';

describe('typed errors from the real daemon', () => {
  it('a duplicate container id is AlreadyExistsError', async () => {
    const client = await testClient();
    const rootfs = await sharedRootfs();
    await client.newContainer('dup', { rootfs, args: ['/bin/true'] });
    const error = await client.newContainer('dup', { rootfs, args: ['/bin/true'] }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(AlreadyExistsError).and.instanceOf(ContainerdError);
    expect((error as AlreadyExistsError).grpcCode).to.equal(6);
    expect((error as AlreadyExistsError).code).to.equal('ERR_CONTAINERD_ALREADY_EXISTS');
    expect((error as AlreadyExistsError).codeName).to.equal('ALREADY_EXISTS');
    expect((error as AlreadyExistsError).call).to.equal('/containerd.services.containers.v1.Containers/Create');
    expect((error as AlreadyExistsError).daemonMessage).to.contain('dup');
  });

  it('a missing container id is NotFoundError', async () => {
    const client = await testClient();
    const error = await client.loadContainer('missing').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(NotFoundError);
    expect((error as NotFoundError).grpcCode).to.equal(5);
  });

  it('an invalid id is InvalidArgumentError from the daemon, and the client refuses it before sending', async () => {
    const d = await sharedDaemon();
    const conn = new Connection({ address: d.address, namespace: unique('ns') });
    try {
      const fromDaemon = await firstValueFrom(conn.call$(Containers.create, { container: { id: 'bad id!', runtime: { name: 'io.containerd.runc.v2' } } })).catch((e: unknown) => e);
      expect(fromDaemon).to.be.instanceOf(InvalidArgumentError);
      expect((fromDaemon as InvalidArgumentError).grpcCode).to.equal(3);
    } finally {
      conn.close();
    }
    const client = await testClient();
    const fromClient = await client.newContainer('bad id!', { rootfs: await sharedRootfs(), args: ['/bin/true'] }).catch((e: unknown) => e);
    expect(fromClient).to.be.instanceOf(InvalidArgumentError);
    expect((await client.containers()).map((c) => c.id)).to.deep.equal([]);
  });

  it('deleting a container with a live task is FailedPreconditionError, and the container stays', async () => {
    const client = await testClient();
    const container = await client.newContainer('busy', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
    const task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    const error = await container.delete().catch((e: unknown) => e);
    expect(error).to.be.instanceOf(FailedPreconditionError);
    expect((await client.containers()).map((c) => c.id)).to.deep.equal(['busy']);
    await task.delete({ kill: true });
    await container.delete();
    expect(await client.containers()).to.deep.equal([]);
  });

  it("runc's 'cannot delete a running process' (UNKNOWN) maps to FailedPreconditionError", async () => {
    const client = await testClient();
    const container = await client.newContainer('running', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
    const task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    const error = await firstValueFrom(client.conn.call$(Tasks.delete, { containerId: 'running' })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(FailedPreconditionError);
    expect((error as FailedPreconditionError).daemonMessage).to.match(/running/);
    await task.delete({ kill: true });
  });

  it('a call past its deadline is DeadlineExceededError', async () => {
    const client = await testClient();
    const container = await client.newContainer('slow', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
    const task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    const error = await firstValueFrom(client.conn.call$(Tasks.wait, { containerId: 'slow' }, { timeoutMs: 100 })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DeadlineExceededError);
    await task.delete({ kill: true });
  });

  it('a call canceled through its AbortSignal is CanceledError', async () => {
    const client = await testClient();
    const container = await client.newContainer('cut', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
    const task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    const abort = new AbortController();
    const pending = firstValueFrom(client.conn.call$(Tasks.wait, { containerId: 'cut' }, { timeoutMs: 0, signal: abort.signal })).catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 200));
    abort.abort();
    const error = await pending;
    expect(error).to.be.instanceOf(CanceledError);
    expect((error as CanceledError).grpcCode).to.equal(1);
    await task.delete({ kill: true });
  });

  it("a bad event filter (UNKNOWN saying 'invalid argument') is InvalidArgumentError", async () => {
    const client = await testClient();
    const error = await firstValueFrom(client.conn.stream$(Events.subscribe, { filters: ['topic~~~"('] })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).grpcCode).to.equal(2);
    expect((error as InvalidArgumentError).daemonMessage).to.match(/filter/);
  });

  it('a payload the daemon cannot parse is UnknownError, and the task keeps running', async () => {
    const client = await testClient();
    const container = await client.newContainer('garbled', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
    const task = await container.newTask({ stdio: 'ignore' });
    await task.start();
    const resources = { typeUrl: 'types.containerd.io/opencontainers/runtime-spec/1/LinuxResources', value: Buffer.from('{not json') };
    const error = await firstValueFrom(client.conn.call$(Tasks.update, { containerId: 'garbled', resources })).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(UnknownError).and.instanceOf(ContainerdError);
    expect((error as UnknownError).daemonMessage).to.match(/invalid character/);
    expect((await task.status()).status).to.equal('running');
    await task.delete({ kill: true });
  });

  it("the daemon's own 'context deadline exceeded' (UNKNOWN) is DeadlineExceededError, 'context canceled' CanceledError", () => {
    const deadline = toContainerdError({ code: 2, details: 'context deadline exceeded: unknown' }, '/containerd.services.tasks.v1.Tasks/Wait');
    const canceled = toContainerdError({ code: 2, details: 'context canceled' }, '/containerd.services.tasks.v1.Tasks/Wait');
    expect(deadline).to.be.instanceOf(DeadlineExceededError);
    expect(canceled).to.be.instanceOf(CanceledError);
  });

  it('a dead address is UnavailableError naming the address', async () => {
    const address = '/tmp/rx-containerd-nobody-here.sock';
    const conn = new Connection({ address });
    const error = await firstValueFrom(conn.call$(Version.version, {})).catch((e: unknown) => e);
    conn.close();
    expect(error).to.be.instanceOf(UnavailableError);
    expect((error as Error).message).to.contain(address);
    const client = connect({ address, namespace: 'x' });
    const viaClient = await client.version().catch((e: unknown) => e);
    client.close();
    expect(viaClient).to.be.instanceOf(UnavailableError);
  });
});
