import { expect } from 'chai';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { firstValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import * as main from '../../src/index.js';
import * as testing from '../../src/testing/index.js';
import { AlreadyExistsError, ContainerdError, FailedPreconditionError, InvalidArgumentError, IoError, NotFoundError, RxContainerdError, toContainerdError } from '../../src/client/errors.js';
import type { SupervisorEvent } from '../../src/supervise/events.js';
import { DaemonStartError, startDaemon } from '../../src/testing/daemon.js';
import { busyboxRootfs, RootfsError } from '../../src/testing/rootfs.js';
import { connect } from '../../src/process/client.js';
import { type FakeProcess, fakeStart } from '../../src/testing/index.js';
import { sharedDaemon, sharedRootfs, testClient, track, unique } from '../support/daemon.js';

type Lib = typeof main & typeof testing;

/**
 * A second, separate copy of the whole library (its built files copied under build/), as when two versions are
 * installed side by side: every class in it is a different object from ours.
 */
async function secondCopy(): Promise<Lib> {
  const built = fileURLToPath(new URL('../../src', import.meta.url));
  const copy = fileURLToPath(new URL('../../second-copy/src', import.meta.url));
  rmSync(copy, { recursive: true, force: true });
  cpSync(built, copy, { recursive: true });
  const load = async (entry: string): Promise<object> => (await import(pathToFileURL(join(copy, entry)).href)) as object;
  return { ...(await load('index.js')), ...(await load('testing/index.js')) } as Lib;
}

/** One error of each class the library throws, made with `lib`'s classes, by class name. */
function oneOfEach(lib: Lib): Record<string, Error> {
  const details = { code: 2, daemonMessage: 'm', call: 'c' };
  const stopped = { type: 'stopped', cause: 'requested', at: 0 } as unknown as SupervisorEvent;
  const made: Record<string, Error> = {
    RxContainerdError: new lib.RxContainerdError('m'),
    ContainerdError: new lib.ContainerdError(details),
    ExitUnknownError: new lib.ExitUnknownError({ containerId: 'c', processId: 'c', pid: undefined, daemonVersion: undefined, observed: 'o' }),
    MkfifoError: new lib.MkfifoError(['/p'], 1, 'File exists'),
    NotAFifoError: new lib.NotAFifoError('/p'),
    NotReadyError: new lib.NotReadyError(stopped),
    SupervisorClaimedError: new lib.SupervisorClaimedError('shop', 'ns', 'ref ns/1/rx-containerd/supervisor/shop locked'),
    ContainerLeftAloneError: new lib.ContainerLeftAloneError('db', 'label rx-containerd/schema is 2'),
    DaemonStartError: new lib.DaemonStartError('m'),
    RootfsError: new lib.RootfsError('m'),
    ImageFormatError: new lib.ImageFormatError({ digest: 'sha256:0', mediaType: 't', problem: 'p', cause: new Error('c') }),
    DigestMismatchError: new lib.DigestMismatchError({ expectedDigest: 'sha256:0', actualDigest: 'sha256:1', expectedSize: 1, size: 1 }),
    PlatformNotFoundError: new lib.PlatformNotFoundError({ platform: 'linux/amd64', available: ['linux/arm64/v8'] }),
    ImageArchiveError: new lib.ImageArchiveError({ problem: 'truncated', entry: 'index.json', detail: 'd', cause: new Error('c') }),
  };
  for (const [name, cls] of Object.entries(lib.ErrorClasses)) made[name] ??= new (cls as new (d: typeof details) => Error)(details);
  return made;
}

/** The class of each name in `lib`. */
function classOf(lib: Lib, name: string): new (...args: never[]) => Error {
  return (lib as unknown as Record<string, new (...args: never[]) => Error>)[name]!;
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

  it('every class the library throws is an RxContainerdError with a string code, exported by its name', () => {
    const lib = { ...main, ...testing } as Lib;
    const made = oneOfEach(lib);
    expect(Object.keys(made)).to.have.length.greaterThan(17);
    const codes = new Set<string>();
    for (const [name, error] of Object.entries(made)) {
      expect(error, name).to.be.instanceOf(RxContainerdError).and.instanceOf(classOf(lib, name));
      expect(error.name, name).to.equal(name);
      expect((error as RxContainerdError).code, name).to.match(/^ERR_CONTAINERD(_[A-Z]+)*$/);
      codes.add((error as RxContainerdError).code);
    }
    expect(codes.size, 'one code per class').to.equal(Object.keys(made).length);
    expect((made['NotFoundError'] as NotFoundError).code).to.equal('ERR_CONTAINERD_NOT_FOUND');
    expect((made['NotFoundError'] as NotFoundError).grpcCode).to.equal(2);
  });

  it('has its name on the prototype, so a renamed class (as minifiers do) keeps it', () => {
    const lib = { ...main, ...testing } as Lib;
    for (const name of Object.keys(oneOfEach(lib))) {
      const cls = classOf(lib, name);
      expect(Object.prototype.hasOwnProperty.call(cls.prototype, 'name'), name).to.equal(true);
      const descriptor = Object.getOwnPropertyDescriptor(cls, 'name')!;
      Object.defineProperty(cls, 'name', { ...descriptor, value: 'a' });
      try {
        const e = oneOfEach(lib)[name]!;
        expect(e.name).to.equal(name);
        expect(String(e)).to.match(new RegExp(`^${name}: `));
        expect(Object.prototype.hasOwnProperty.call(e, 'name')).to.equal(false);
      } finally {
        Object.defineProperty(cls, 'name', descriptor);
      }
    }
  });

  it('holds instanceof across two installed copies, for every class, and only for the right class', async () => {
    const ours = { ...main, ...testing } as Lib;
    const other = await secondCopy();
    expect(other.NotFoundError).to.not.equal(NotFoundError);
    expect(other.RxContainerdError).to.not.equal(RxContainerdError);
    const theirErrors = oneOfEach(other);
    const ourErrors = oneOfEach(ours);
    for (const name of Object.keys(ourErrors)) {
      expect(theirErrors[name] instanceof classOf(ours, name), `theirs instanceof our ${name}`).to.equal(true);
      expect(ourErrors[name] instanceof classOf(other, name), `ours instanceof their ${name}`).to.equal(true);
      expect(theirErrors[name] instanceof RxContainerdError, `their ${name} instanceof RxContainerdError`).to.equal(true);
      expect(ourErrors[name] instanceof other.RxContainerdError, `our ${name} instanceof their RxContainerdError`).to.equal(true);
    }
    expect(theirErrors['NotFoundError'] instanceof ContainerdError).to.equal(true);
    expect(theirErrors['NotFoundError'] instanceof AlreadyExistsError).to.equal(false);
    expect(theirErrors['MkfifoError'] instanceof ContainerdError).to.equal(false);
    expect(ourErrors['AlreadyExistsError'] instanceof other.NotFoundError).to.equal(false);
    expect(ourErrors['DaemonStartError'] instanceof other.RootfsError).to.equal(false);
    expect(new Error('plain') instanceof RxContainerdError).to.equal(false);
    class GoneForGood extends NotFoundError {}
    expect(new GoneForGood({ code: 5, daemonMessage: 'gone', call: 'c' }) instanceof other.NotFoundError).to.equal(true);
    expect(theirErrors['NotFoundError'] instanceof GoneForGood).to.equal(false);
    expect({ name: 'NotFoundError' } instanceof NotFoundError).to.equal(false);
  });

  it('keeps `cause` on every class that takes one', () => {
    const cause = new Error('underneath');
    expect(new RxContainerdError('m', { cause }).cause).to.equal(cause);
    expect(new testing.DaemonStartError('m', { cause }).cause).to.equal(cause);
    expect(new NotFoundError({ code: 5, daemonMessage: 'm', call: 'c', cause }).cause).to.equal(cause);
    expect(new RxContainerdError('m')).to.not.have.property('cause');
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
