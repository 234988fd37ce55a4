import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import * as errors from '../../src/client/errors.js';
import { AlreadyExistsError, ContainerdError, FailedPreconditionError, InvalidArgumentError, IoError, NotFoundError, toContainerdError } from '../../src/client/errors.js';
import { DaemonStartError, startDaemon } from '../../src/client/daemon.js';
import { busyboxRootfs, RootfsError } from '../../src/client/rootfs.js';
import { connect } from '../../src/process/client.js';
import { type FakeProcess, fakeStart } from '../../src/testing/index.js';
import { sharedDaemon, sharedRootfs, testClient, track, unique } from '../support/daemon.js';

/** A second, separate copy of the error classes, as when two versions of the library are installed. */
async function secondCopy(): Promise<typeof errors> {
  return (await import(`${new URL('../../src/client/error-classes.js', import.meta.url).href}?second-copy`)) as typeof errors;
}

describe('typed errors: mechanics', () => {
  it('keeps the grpc error as `cause`', () => {
    const grpcError = Object.assign(new Error('5 NOT_FOUND: container "x": not found'), { code: 5, details: 'container "x": not found' });
    const e = toContainerdError(grpcError, '/containerd.services.containers.v1.Containers/Get');
    expect(e).to.be.instanceOf(NotFoundError);
    expect(e.cause).to.equal(grpcError);
  });

  it('keeps the daemon\'s grpc error as `cause` on a real call', async () => {
    const client = await testClient();
    const error = (await client.loadContainer('missing').catch((e: unknown) => e)) as NotFoundError;
    expect(error).to.be.instanceOf(NotFoundError);
    expect((error.cause as { code: number; details: string }).code).to.equal(5);
    expect((error.cause as { code: number; details: string }).details).to.equal(error.daemonMessage);
  });

  it('has its name on the prototype, so a renamed class (as minifiers do) keeps it', () => {
    for (const [name, cls] of Object.entries(errors.ErrorClasses)) {
      expect(Object.prototype.hasOwnProperty.call(cls.prototype, 'name'), name).to.equal(true);
      const descriptor = Object.getOwnPropertyDescriptor(cls, 'name')!;
      Object.defineProperty(cls, 'name', { ...descriptor, value: 'a' });
      try {
        const details = { code: 2, daemonMessage: 'm', call: 'c', containerId: 'c', processId: 'c', pid: undefined, daemonVersion: undefined, observed: 'o' };
        const e = new (cls as new (d: typeof details) => errors.ContainerdError)(details);
        expect(e.name).to.equal(name);
        expect(String(e)).to.match(new RegExp(`^${name}: `));
        expect(Object.prototype.hasOwnProperty.call(e, 'name')).to.equal(false);
      } finally {
        Object.defineProperty(cls, 'name', descriptor);
      }
    }
  });

  it('holds instanceof across two installed copies, and only for the right class', async () => {
    const other = await secondCopy();
    expect(other.NotFoundError).to.not.equal(NotFoundError);
    const theirs = new other.NotFoundError({ code: 5, daemonMessage: 'gone', call: 'c' });
    const ours = new AlreadyExistsError({ code: 6, daemonMessage: 'taken', call: 'c' });
    expect(theirs instanceof NotFoundError).to.equal(true);
    expect(theirs instanceof ContainerdError).to.equal(true);
    expect(theirs instanceof AlreadyExistsError).to.equal(false);
    expect(ours instanceof other.AlreadyExistsError).to.equal(true);
    expect(ours instanceof other.ContainerdError).to.equal(true);
    expect(ours instanceof other.NotFoundError).to.equal(false);
    expect(new Error('plain') instanceof ContainerdError).to.equal(false);
    class GoneForGood extends NotFoundError {}
    expect(new GoneForGood({ code: 5, daemonMessage: 'gone', call: 'c' }) instanceof other.NotFoundError).to.equal(true);
    expect(theirs instanceof GoneForGood).to.equal(false);
    expect({ name: 'NotFoundError' } instanceof NotFoundError).to.equal(false);
  });

  it('a failure to make a task\'s FIFOs is IoError with Node\'s error as cause, and nothing is created', async () => {
    const d = await sharedDaemon();
    const notADirectory = join(mkdtempSync(join(tmpdir(), 'rxc-errs-')), 'file');
    writeFileSync(notADirectory, '');
    const client = track(connect({ address: d.address, namespace: unique('ns'), ioDir: notADirectory }));
    const container = await client.newContainer('io', { rootfs: await sharedRootfs(), args: ['/bin/true'] });
    const error = await container.newTask({ stdio: 'pipe' }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(IoError).and.instanceOf(ContainerdError);
    expect((error as IoError).call).to.equal('/containerd.services.tasks.v1.Tasks/Create');
    expect((error as IoError & { cause: NodeJS.ErrnoException }).cause.code).to.equal('ENOTDIR');
    expect(await container.task().catch((e: unknown) => e)).to.be.instanceOf(NotFoundError);
    await container.delete();
    rmSync(join(notADirectory, '..'), { recursive: true, force: true });
  });

  it('update() with resources that are not JSON is InvalidArgumentError, through the Observable', async () => {
    const client = await testClient();
    const container = await client.newContainer('upd', { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'] });
    const task = await container.newTask({ stdio: 'ignore' });
    const circular: Record<string, unknown> = {};
    circular['self'] = circular;
    let update$;
    expect(() => (update$ = task.update$({ resources: circular }))).to.not.throw();
    const error = await firstValueFrom(update$!).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(InvalidArgumentError);
    expect((error as InvalidArgumentError).cause).to.be.instanceOf(TypeError);
    await task.delete({ kill: true });
    await container.delete();
  });

  it('busyboxRootfs() in a directory it cannot write fails with RootfsError, the fs error as cause', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rxc-errs-')), 'file');
    writeFileSync(file, '');
    const error = await busyboxRootfs(join(file, 'rootfs')).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(RootfsError);
    expect((error as RootfsError).message).to.contain(join(file, 'rootfs'));
    expect(((error as RootfsError).cause as NodeJS.ErrnoException).code).to.equal('ENOTDIR');
    rmSync(join(file, '..'), { recursive: true, force: true });
  });

  it('startDaemon() under a directory it cannot write fails with DaemonStartError, the fs error as cause', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'rxc-errs-')), 'file');
    writeFileSync(file, '');
    const error = await startDaemon({ baseDir: file }).catch((e: unknown) => e);
    expect(error).to.be.instanceOf(DaemonStartError);
    expect(((error as DaemonStartError).cause as NodeJS.ErrnoException).code).to.equal('ENOTDIR');
    rmSync(join(file, '..'), { recursive: true, force: true });
  });

  it('the fake process refuses with the daemon\'s classes', () => {
    const failures: unknown[] = [];
    const ts = new TestScheduler((a, b) => {
      expect(a).to.deep.equal(b);
    });
    ts.run(() => {
      let p!: FakeProcess;
      fakeStart({}, { scheduler: ts })().subscribe((made) => (p = made));
      const fail = (o: { subscribe(observer: { error: (e: unknown) => void }): unknown }): void => {
        o.subscribe({ error: (e: unknown) => failures.push(e) });
      };
      p.start$().subscribe();
      fail(p.start$());
      fail(p.delete$());
      p.kill$('SIGKILL').subscribe();
      fail(p.kill$());
      fail(p.exec$('e', { args: ['/bin/true'] }));
      p.delete$().subscribe();
      fail(p.delete$());
    });
    expect(failures.map((e) => (e as Error).constructor)).to.deep.equal([
      FailedPreconditionError, FailedPreconditionError, NotFoundError, FailedPreconditionError, NotFoundError,
    ]);
  });
});
