import { expect } from 'chai';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catchError, throwError, defaultIfEmpty, firstValueFrom, isObservable, map, of, race, take, timer, type Observable } from 'rxjs';
import { connect, type Client } from '../../src/process/client.js';
import { NotFoundError, ReadOnlyError } from '../../src/client/errors.js';
import { MUTATING_METHODS, READ_METHODS } from '../../src/client/read-only.js';
import * as services from '../../src/proto/services.js';
import { Client as ClientClass } from '../../src/process/client.js';
import { ClientImages } from '../../src/process/client-images.js';
import { Container } from '../../src/process/container.js';
import { Task } from '../../src/process/task.js';
import { ContainerdProcess } from '../../src/process/process.js';
import { ImageClient } from '../../src/images/image-client.js';
import { ContentStore } from '../../src/images/content-store.js';
import { LeaseManager } from '../../src/images/leases.js';
import { Snapshotter } from '../../src/images/snapshots.js';
import { Image } from '../../src/images/image.js';
import { buildFixtureImage, type FixtureImage } from '../../src/testing/image-builder.js';
import { loadFixtureImage } from '../../src/testing/image-load.js';
import type { Daemon } from '../../src/testing/daemon.js';
import { commands } from '../../src/cli/commands.js';
import { cliDone } from '../support/cli.js';
import { privateDaemon, sharedRootfs, track, unique } from '../support/daemon.js';

type Kind = 'read' | 'mutate' | 'local';
/**
 * How a method is called on a read-only client's object. `local` ones are not called: they touch no daemon
 * (`close`, `spec`) or are private helpers (TypeScript-private, reached only through the public calls here).
 */
type Row = readonly [Kind, (o: never) => unknown];

/** What the daemon holds in the namespace: compared before and after the table, to prove nothing was sent. */
async function state(rw: Client): Promise<string> {
  const containers = await rw.containers();
  const tasks = await Promise.all(containers.map((c) => c.task().then((t) => t.status().then((s) => s.status), () => 'none')));
  const sorted = (o: Readonly<Record<string, string>> | undefined): string => JSON.stringify(Object.entries(o ?? {}).sort());
  const labels = containers.map((c) => sorted(c.labels));
  const images = (await rw.images()).map((i) => `${i.name}@${i.target.digest}`);
  const leases = (await rw.leases.list()).map((l) => l.id);
  const content = (await rw.content.list()).map((c) => `${c.digest}:${sorted(c.labels)}`);
  const snapshots = (await rw.snapshots('overlayfs').list()).map((s) => s.name);
  const native = (await rw.snapshots('native').list()).map((s) => s.name);
  return JSON.stringify({ containers: containers.map((c) => c.id), tasks, labels, images, leases, content: content.sort(), snapshots: snapshots.sort(), native });
}

/** Settles a call: a Promise, an Observable (its first value, or 400 ms without an error for one that waits), a value. */
async function settle(value: unknown): Promise<unknown> {
  if (isObservable(value)) {
    const first$ = (value as Observable<unknown>).pipe(take(1), defaultIfEmpty(undefined));
    return firstValueFrom(race(first$, timer(400).pipe(map(() => 'still open'))));
  }
  if (value instanceof Promise) return Promise.race([value, new Promise((r) => setTimeout(() => r('still pending'), 400))]);
  return value;
}

/** Every method on a class's prototype chain (below Object), by reflection: what the table must cover. */
function methodsOf(cls: abstract new (...args: never[]) => unknown): string[] {
  const names = new Set<string>();
  for (let p = cls.prototype as object | null; p !== null && p !== Object.prototype; p = Object.getPrototypeOf(p) as object | null) {
    for (const k of Object.getOwnPropertyNames(p)) if (k !== 'constructor' && typeof Object.getOwnPropertyDescriptor(p, k)?.value === 'function') names.add(k);
  }
  return [...names].sort();
}

describe('read-only mode', function () {
  this.timeout(180_000);
  let daemon: Daemon;
  let rw: Client;
  let ro: Client;
  let fixture: FixtureImage;
  let imageName: string;
  let rootfs: string;
  const ns = unique('ro');
  const objects = new Map<string, unknown>();

  before(async () => {
    daemon = await privateDaemon();
    rootfs = await sharedRootfs();
    rw = track(connect({ address: daemon.address, namespace: ns }));
    ro = track(connect({ address: daemon.address, namespace: ns, readOnly: true }));
    fixture = await buildFixtureImage({ platforms: 'host' });
    imageName = fixture.names[0]!;
    await loadFixtureImage(rw, fixture);
    await (await rw.getImage(imageName)).unpack();
    const c1 = await rw.newContainer('c1', { rootfs, args: ['/bin/sleep', '300'] });
    const t1 = await c1.newTask({ stdio: 'ignore' });
    await t1.start();
    await (await t1.exec('e1', { args: ['/bin/sleep', '300'], stdio: 'ignore' })).start();
    await rw.newContainer('c2', { rootfs, args: ['/bin/true'] });
    await rw.newContainer('c3', { image: await rw.getImage(imageName) });
    await rw.leases.create({ id: 'kept' });
    objects.set('Client', ro);
    objects.set('ClientImages', ro);
    objects.set('ImageClient', new ImageClient(ro.conn));
    objects.set('Container', await ro.loadContainer('c1'));
    objects.set('Task', await (await ro.loadContainer('c1')).task());
    objects.set('ContainerdProcess', await (await (await ro.loadContainer('c1')).task()).loadProcess('e1'));
    objects.set('ContentStore', ro.content);
    objects.set('LeaseManager', ro.leases);
    objects.set('Snapshotter', ro.snapshots('overlayfs'));
    objects.set('Image', await ro.getImage(imageName));
  });

  after(async () => {
    rmSync(join(tmpdir(), `rxc-ro-${process.pid}.tar`), { force: true });
    const c1 = await rw.loadContainer('c1');
    await c1.task().then((t) => t.delete({ kill: true })).catch(() => undefined);
  });

  it('classifies every containerd RPC method as read or mutate, none both, none left out', () => {
    const paths = Object.values(services)
      .filter((v) => typeof v === 'object' && v !== null)
      .flatMap((service) => Object.values(service as Record<string, { path?: unknown }>).map((m) => m.path))
      .filter((p): p is string => typeof p === 'string');
    expect(paths.length).to.be.greaterThan(60);
    for (const p of paths) expect(READ_METHODS.has(p) !== MUTATING_METHODS.has(p), p).to.equal(true);
    expect(READ_METHODS.size + MUTATING_METHODS.size).to.equal(paths.length);
  });

  // Every public method of the classes a client hands out, by reflection: a method missing here fails the
  // first test below, so a new call cannot slip through unclassified.
  const digestOf = (): string => fixture.target.digest;
  const table: Record<string, [abstract new (...args: never[]) => unknown, Record<string, Row>]> = {
    Client: [ClientClass, {
      version$: ['read', (c: Client) => c.version$()], version: ['read', (c: Client) => c.version()],
      rawEvents$: ['read', (c: Client) => c.rawEvents$()],
      loadContainer$: ['read', (c: Client) => c.loadContainer$('c1')], loadContainer: ['read', (c: Client) => c.loadContainer('c1')],
      containers$: ['read', (c: Client) => c.containers$()], containers: ['read', (c: Client) => c.containers()],
      newContainer$: ['mutate', (c: Client) => c.newContainer$('n1', { rootfs, args: ['/bin/true'] })],
      newContainer: ['mutate', (c: Client) => c.newContainer('n1', { rootfs, args: ['/bin/true'] })],
      run: ['mutate', (c: Client) => c.run(rootfs, ['/bin/true'])], run$: ['mutate', (c: Client) => c.run$(rootfs, ['/bin/true'])],
      close: ['local', () => undefined],
    }],
    ClientImages: [ClientImages, {
      snapshots: ['read', (c: Client) => c.snapshots('overlayfs')], defaultSnapshotter$: ['read', (c: Client) => c.defaultSnapshotter$()],
      images$: ['read', (c: Client) => c.images$()], images: ['read', (c: Client) => c.images()],
      getImage$: ['read', (c: Client) => c.getImage$(imageName)], getImage: ['read', (c: Client) => c.getImage(imageName)],
      importImage$: ['mutate', (c: Client) => c.importImage$(emptyFile())], importImage: ['mutate', (c: Client) => c.importImage(emptyFile())],
      withLease$: ['mutate', (c: Client) => c.withLease$(() => of(1))],
      pull$: ['mutate', (c: Client) => c.pull$('127.0.0.1:1/x:1')], pull: ['mutate', (c: Client) => c.pull('127.0.0.1:1/x:1')],
      // a push reads the daemon and writes a registry: here, one that is not there (a registry error, not a refusal)
      push$: ['read', (c: Client) => c.push$(imageName, '127.0.0.1:1/x:1', { plainHttp: true })],
      push: ['read', (c: Client) => c.push(imageName, '127.0.0.1:1/x:1', { plainHttp: true })],
    }],
    ImageClient: [ImageClient, {
      snapshots: ['read', (i: ImageClient) => i.snapshots('overlayfs')], defaultSnapshotter$: ['read', (i: ImageClient) => i.defaultSnapshotter$()],
      images$: ['read', (i: ImageClient) => i.images$()], getImage$: ['read', (i: ImageClient) => i.getImage$(imageName)],
      createImage$: ['mutate', (i: ImageClient) => i.createImage$({ name: 'example.test/new:1', target: fixture.target as never })],
      updateImage$: ['mutate', (i: ImageClient) => i.updateImage$({ name: imageName, target: fixture.target as never, labels: { a: 'b' } }, ['labels'])],
      importImage$: ['mutate', (i: ImageClient) => i.importImage$(emptyFile())],
      withLease$: ['mutate', (i: ImageClient) => i.withLease$(() => of(1))],
    }],
    Container: [Container, {
      spec: ['local', () => undefined],
      info$: ['read', (c: Container) => c.info$()], info: ['read', (c: Container) => c.info()], refresh: ['local', () => undefined],
      task$: ['read', (c: Container) => c.task$()], task: ['read', (c: Container) => c.task()],
      // log files on this host (the container's `log` option); the daemon is asked only to wait
      logs$: ['local', () => undefined], logs: ['local', () => undefined],
      update$: ['mutate', (c: Container) => c.update$({ labels: { a: 'b' } })], update: ['mutate', (c: Container) => c.update({ labels: { a: 'b' } })],
      setLabels$: ['mutate', (c: Container) => c.setLabels$({ a: 'b' })], setLabels: ['mutate', (c: Container) => c.setLabels({ a: 'b' })],
      newTask$: ['mutate', () => ro.loadContainer('c2').then((c) => firstValueFrom(c.newTask$({ stdio: 'ignore' })))],
      newTask: ['mutate', () => ro.loadContainer('c2').then((c) => c.newTask({ stdio: 'ignore' }))],
      delete$: ['mutate', () => ro.loadContainer('c2').then((c) => firstValueFrom(c.delete$()))],
      delete: ['mutate', () => ro.loadContainer('c2').then((c) => c.delete())],
    }],
    ContainerdProcess: [ContainerdProcess, {
      notStarted: ['local', () => undefined], waitEvents$: ['local', () => undefined],
      wait$: ['read', (p: ContainerdProcess) => p.wait$()], wait: ['read', (p: ContainerdProcess) => p.wait()],
      snapshot$: ['read', (p: ContainerdProcess) => p.snapshot$()], status$: ['read', (p: ContainerdProcess) => p.status$()], status: ['read', (p: ContainerdProcess) => p.status()],
      start$: ['mutate', (p: ContainerdProcess) => p.start$()], start: ['mutate', (p: ContainerdProcess) => p.start()],
      kill$: ['mutate', (p: ContainerdProcess) => p.kill$('SIGKILL')], kill: ['mutate', (p: ContainerdProcess) => p.kill('SIGKILL')],
      delete$: ['mutate', (p: ContainerdProcess) => p.delete$({ kill: true } as never)], delete: ['mutate', (p: ContainerdProcess) => p.delete({ kill: true } as never)],
      closeIO$: ['mutate', (p: ContainerdProcess) => p.closeIO$({ stdin: true })], closeIO: ['mutate', (p: ContainerdProcess) => p.closeIO({ stdin: true })],
      resize$: ['mutate', (p: ContainerdProcess) => p.resize$(80, 24)], resize: ['mutate', (p: ContainerdProcess) => p.resize(80, 24)],
    }],
    Task: [Task, {
      pause$: ['mutate', (t: Task) => t.pause$()], pause: ['mutate', (t: Task) => t.pause()],
      resume$: ['mutate', (t: Task) => t.resume$()], resume: ['mutate', (t: Task) => t.resume()],
      exec$: ['mutate', (t: Task) => t.exec$('e2', { args: ['/bin/true'], stdio: 'ignore' })], exec: ['mutate', (t: Task) => t.exec('e2', { args: ['/bin/true'], stdio: 'ignore' })],
      loadProcess$: ['read', (t: Task) => t.loadProcess$('e1')], loadProcess: ['read', (t: Task) => t.loadProcess('e1')],
      pids$: ['read', (t: Task) => t.pids$()], pids: ['read', (t: Task) => t.pids()],
      metrics$: ['read', (t: Task) => t.metrics$()], metrics: ['read', (t: Task) => t.metrics()],
      rawMetrics$: ['read', (t: Task) => t.rawMetrics$()], rawMetrics: ['read', (t: Task) => t.rawMetrics()],
      // log files and the logger's pid on this host
      logs$: ['local', () => undefined], logs: ['local', () => undefined], loggerKilled$: ['local', () => undefined],
      update$: ['mutate', (t: Task) => t.update$({ resources: { memory: { limit: 64 * 1024 * 1024 } } } as never)],
      update: ['mutate', (t: Task) => t.update({ resources: { memory: { limit: 64 * 1024 * 1024 } } } as never)],
    }],
    ContentStore: [ContentStore, {
      info$: ['read', (s: ContentStore) => s.info$(digestOf())], info: ['read', (s: ContentStore) => s.info(digestOf())],
      list$: ['read', (s: ContentStore) => s.list$()], list: ['read', (s: ContentStore) => s.list()],
      read$: ['read', (s: ContentStore) => s.read$(digestOf())], readStream: ['read', (s: ContentStore) => s.readStream(digestOf())],
      // no ingest is open: the daemon's NotFound is the read's answer
      status$: ['read', (s: ContentStore) => s.status$('none').pipe(catchError((e: unknown) => (e instanceof NotFoundError ? of('not found') : throwError(() => e))))], statuses$: ['read', (s: ContentStore) => s.statuses$()],
      delete$: ['mutate', (s: ContentStore) => s.delete$(digestOf())], delete: ['mutate', (s: ContentStore) => s.delete(digestOf())],
      updateLabels$: ['mutate', (s: ContentStore) => s.updateLabels$(digestOf(), { a: 'b' })], updateLabels: ['mutate', (s: ContentStore) => s.updateLabels(digestOf(), { a: 'b' })],
      write$: ['mutate', (s: ContentStore) => s.write$(Buffer.from('x'), { ref: 'ro-write' })], write: ['mutate', (s: ContentStore) => s.write(Buffer.from('x'), { ref: 'ro-write' })],
      abort$: ['mutate', (s: ContentStore) => s.abort$('some-ref')],
    }],
    LeaseManager: [LeaseManager, {
      create$: ['mutate', (l: LeaseManager) => l.create$({ id: 'n' })], create: ['mutate', (l: LeaseManager) => l.create({ id: 'n' })],
      delete$: ['mutate', (l: LeaseManager) => l.delete$('kept')], delete: ['mutate', (l: LeaseManager) => l.delete('kept')],
      list$: ['read', (l: LeaseManager) => l.list$()], list: ['read', (l: LeaseManager) => l.list()],
      resources$: ['read', (l: LeaseManager) => l.resources$('kept')],
      addResource$: ['mutate', (l: LeaseManager) => l.addResource$('kept', { id: digestOf(), type: 'content' })],
      deleteResource$: ['mutate', (l: LeaseManager) => l.deleteResource$('kept', { id: digestOf(), type: 'content' })],
    }],
    Snapshotter: [Snapshotter, {
      mounts$: ['read', (s: Snapshotter) => s.mounts$('c3')], mounts: ['read', (s: Snapshotter) => s.mounts('c3')],
      stat$: ['read', (s: Snapshotter) => s.stat$('c3')], stat: ['read', (s: Snapshotter) => s.stat('c3')],
      list$: ['read', (s: Snapshotter) => s.list$()], list: ['read', (s: Snapshotter) => s.list()],
      usage$: ['read', (s: Snapshotter) => s.usage$('c3')], usage: ['read', (s: Snapshotter) => s.usage('c3')],
      prepare$: ['mutate', (s: Snapshotter) => s.prepare$('new')], prepare: ['mutate', (s: Snapshotter) => s.prepare('new')],
      view$: ['mutate', (s: Snapshotter) => s.view$('view', { parent: 'sha256:0' } as never)], view: ['mutate', (s: Snapshotter) => s.view('view', { parent: 'sha256:0' } as never)],
      commit$: ['mutate', (s: Snapshotter) => s.commit$('committed', 'c3')], commit: ['mutate', (s: Snapshotter) => s.commit('committed', 'c3')],
      remove$: ['mutate', (s: Snapshotter) => s.remove$('c3')], remove: ['mutate', (s: Snapshotter) => s.remove('c3')],
      update$: ['mutate', (s: Snapshotter) => s.update$({ name: 'c3', labels: { a: 'b' } } as never, ['labels'] as never)],
      update: ['mutate', (s: Snapshotter) => s.update({ name: 'c3', labels: { a: 'b' } } as never, ['labels'] as never)],
      cleanup$: ['mutate', (s: Snapshotter) => s.cleanup$()],
    }],
    Image: [Image, {
      selectedManifest$: ['read', (i: Image) => i.selectedManifest$()], manifest$: ['read', (i: Image) => i.manifest$()], manifest: ['read', (i: Image) => i.manifest()],
      config$: ['read', (i: Image) => i.config$()], config: ['read', (i: Image) => i.config()], readConfig$: ['local', () => undefined],
      chainId$: ['read', (i: Image) => i.chainId$()], chainId: ['read', (i: Image) => i.chainId()],
      size$: ['read', (i: Image) => i.size$()], size: ['read', (i: Image) => i.size()],
      isUnpacked$: ['read', (i: Image) => i.isUnpacked$()], isUnpacked: ['read', (i: Image) => i.isUnpacked()],
      snapshotter$: ['local', () => undefined],
      // into native, where it is not unpacked: an unpack that has work to do
      unpack$: ['mutate', (i: Image) => i.unpack$({ snapshotter: 'native' })], unpack: ['mutate', (i: Image) => i.unpack({ snapshotter: 'native' })],
      delete$: ['mutate', (i: Image) => i.delete$()], delete: ['mutate', (i: Image) => i.delete()],
    }],
  };

  it('the table names every public method of every class a client hands out, and nothing else', () => {
    for (const [name, [cls, rows]] of Object.entries(table)) {
      const own = name === 'Client' ? methodsOf(cls).filter((m) => !methodsOf(ClientImages).includes(m)) : name === 'Task' ? methodsOf(cls).filter((m) => !methodsOf(ContainerdProcess).includes(m)) : methodsOf(cls);
      expect(Object.keys(rows).sort(), name).to.deep.equal(own);
    }
  });

  it('refuses every mutating call with a ReadOnlyError naming it, sends nothing; every read works', async () => {
    const before = await state(rw);
    const failures: string[] = [];
    for (const [name, [, rows]] of Object.entries(table)) {
      for (const [method, [kind, call]] of Object.entries(rows)) {
        if (kind === 'local') continue;
        const object = objects.get(name) as never;
        let outcome: unknown;
        try {
          outcome = await settle(call(object));
        } catch (error) {
          outcome = error;
        }
        const refused = outcome instanceof ReadOnlyError;
        if (kind === 'mutate' && !refused) failures.push(`${name}.${method}: not refused (${String(outcome)})`);
        if (kind === 'mutate' && refused && !/refused: the client is read-only/.test((outcome as Error).message)) failures.push(`${name}.${method}: message ${(outcome as Error).message}`);
        const pushRow = method.startsWith('push');
        if (kind === 'read' && (refused || (outcome instanceof Error && !pushRow))) failures.push(`${name}.${method}: ${String(outcome)}`);
      }
    }
    expect(failures).to.deep.equal([]);
    expect(await state(rw)).to.equal(before);
  });

  it('names the RPC refused, and the event stream and waits still work (the fence is the one publish)', async () => {
    const task = objects.get('Task') as Task;
    const error = await task.kill('SIGKILL').catch((e: unknown) => e);
    expect(error).to.be.instanceOf(ReadOnlyError);
    expect((error as ReadOnlyError).call).to.equal('/containerd.services.tasks.v1.Tasks/Kill');
    expect((error as ReadOnlyError).code).to.equal('ERR_CONTAINERD_READ_ONLY');
    expect((error as ReadOnlyError).message).to.match(/^Tasks\.Kill: refused/);
    expect(ro.readOnly).to.equal(true);
    const exit = ro.loadContainer('c1').then((c) => c.task()).then((t) => t.wait());
    await new Promise((r) => setTimeout(r, 300));
    await (await (await rw.loadContainer('c1')).task()).kill('SIGKILL');
    expect((await exit).code).to.equal(137);
  });

  it("the CLI's --read-only refuses every command that would change the daemon; the others work (the command table, by reflection)", async function () {
    const cliTable: Record<string, readonly [Kind, readonly string[]]> = {
      run: ['mutate', ['run', '--rootfs', rootfs, '--rm', '--', '/bin/true']],
      exec: ['mutate', ['exec', 'c4', '--', '/bin/true']],
      start: ['mutate', ['start', 'c2']],
      stop: ['mutate', ['stop', 'c4']],
      kill: ['mutate', ['kill', 'c4']],
      pause: ['mutate', ['pause', 'c4']],
      resume: ['mutate', ['resume', 'c4']],
      rm: ['mutate', ['rm', 'c2']],
      rmi: ['mutate', ['rmi', imageName]],
      import: ['mutate', ['import', emptyFile()]],
      pull: ['mutate', ['pull', '127.0.0.1:1/x:1']],
      ps: ['read', ['ps']],
      images: ['read', ['images']],
      inspect: ['read', ['inspect', 'c1']],
      events: ['read', ['events']],
      // log files on this host; a live view that reads until interrupted (spec/cli/cli-top)
      logs: ['local', []],
      top: ['local', []],
      // a push reads the daemon and writes a registry (here none: a registry error, not a refusal)
      push: ['read', ['push', '--plain-http', '127.0.0.1:1/x:1', imageName]],
      // its own private daemon; and a script printed
      demo: ['local', []],
      completion: ['local', []],
    };
    this.timeout(600_000); // a CLI process starts in seconds on a loaded machine
    const c4 = await rw.newContainer('c4', { rootfs, args: ['/bin/sleep', '300'] });
    await (await c4.newTask({ stdio: 'ignore' })).start();
    expect(Object.keys(cliTable).sort()).to.deep.equal(commands.map((c) => c.name).sort());
    const before = await state(rw);
    const failures: string[] = [];
    const rows = Object.entries(cliTable).filter(([, [kind]]) => kind !== 'local');
    for (let i = 0; i < rows.length; i += 4) {
      await Promise.all(rows.slice(i, i + 4).map(async ([name, [kind, args]]) => {
        const global = ['--address', daemon.address, '-n', ns, '--read-only'];
        const run = name === 'events' ? await eventsFor(global) : await cliDone([...global, ...args]);
        const refused = /refused: the client is read-only/.test(run.stderr);
        if (kind === 'mutate' && (!refused || run.code !== 1)) failures.push(`${name}: exit ${run.code}, ${run.stderr.trim()}`);
        if (kind === 'read' && (refused || (name !== 'push' && run.code !== 0))) failures.push(`${name}: exit ${run.code}, ${run.stderr.trim()}`);
      }));
    }
    expect(failures).to.deep.equal([]);
    expect(await state(rw)).to.equal(before);
    await (await c4.task()).delete({ kill: true });
    await c4.delete();
  });
});

/** `events` runs until interrupted: it works when it is still running after a second, without a refusal. */
async function eventsFor(global: readonly string[]): Promise<{ code: number | null; stderr: string }> {
  const { cli } = await import('../support/cli.js');
  const run = cli([...global, 'events']);
  await new Promise((r) => setTimeout(r, 8_000));
  const running = run.child.exitCode === null;
  run.child.kill('SIGINT');
  await run.exited;
  return { code: running ? 0 : run.child.exitCode, stderr: run.stderr };
}

function emptyFile(): string {
  const path = join(tmpdir(), `rxc-ro-${process.pid}.tar`);
  writeFileSync(path, '');
  return path;
}