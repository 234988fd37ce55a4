/**
 * Container logs against the real daemon: the shim's logging binary writes the output on the host while no
 * client reads; readers select with tail, since and stream, follow a running task, and the faults (a folder
 * that cannot be written, a killed logger) are reported, never silent.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { LogFolderError, LoggerUnavailableError } from '../../src/client/errors.js';
import { connect, type Client } from '../../src/process/client.js';
import type { Container } from '../../src/process/container.js';
import { Tasks } from '../../src/proto/services.js';
import type { SupervisorEvent } from '../../src/supervise/events.js';
import { supervise } from '../../src/supervise/supervise.js';
import { sharedDaemon, sharedRootfs, testClient, track } from '../support/daemon.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A line of `width` bytes numbered `i`: `00000042 xxxx…`. */
const LINES_AWK = (count: number, width: number): string =>
  `awk 'BEGIN { pad = sprintf("%${width - 9}s", ""); gsub(/ /, "x", pad); for (i = 1; i <= ${count}; i++) printf "%08d %s\\n", i, pad }'`;

describe('container logs against the real daemon', function () {
  this.timeout(120_000);
  let client: Client;
  let rootfs: string;
  let base: string;
  const containers: Container[] = [];
  const mounts: string[] = [];

  beforeEach(async () => {
    client = await testClient();
    rootfs = await sharedRootfs();
    base = mkdtempSync(join(tmpdir(), 'rxc-logs-'));
  });
  afterEach(async () => {
    for (const c of containers.splice(0)) await c[Symbol.asyncDispose]().catch(() => undefined);
    for (const m of mounts.splice(0)) execFileSync('umount', [m]);
    rmSync(base, { recursive: true, force: true });
  });

  async function logged(id: string, args: string[], log: { maxBytes?: number; keep?: number; dir?: string } = {}): Promise<Container> {
    const c = await client.newContainer(id, { rootfs, args, log: { dir: join(base, id), ...log } });
    containers.push(c);
    return c;
  }

  it('keeps 10 MB written while no client reads: every line, in order, rotated at the size set, all files kept', async () => {
    const maxBytes = 1 << 20;
    const c = await logged('ten-mb', ['/bin/sh', '-c', LINES_AWK(100_000, 100)], { maxBytes, keep: 20 });
    const task = await c.newTask();
    const exit$ = task.wait$();
    await task.start();
    expect((await firstValueFrom(exit$)).code).to.equal(0);
    // the files: output.log and output.log.1..n, each below the size set, the rotated ones filled to it
    const dir = join(base, 'ten-mb');
    const rotated = readdirSync(dir).filter((f) => /^output\.log\.\d+$/.test(f));
    expect(rotated.length).to.be.within(12, 19);
    for (const f of rotated) expect(statSync(join(dir, f)).size).to.be.within(maxBytes - 200, maxBytes);
    const lines = await task.logs();
    expect(lines.length).to.equal(100_000);
    lines.forEach((line, i) => {
      if (line.text.slice(0, 8) !== String(i + 1).padStart(8, '0') || line.text.length !== 100 || line.stream !== 'stdout') {
        expect.fail(`line ${i + 1} is ${JSON.stringify(line)}`);
      }
    });
    const times = lines.map((l) => l.timestamp);
    expect([...times].sort()).to.deep.equal(times);
  });

  it('keeps only `keep` files: the oldest lines go, the newest stay, in order', async () => {
    const c = await logged('kept', ['/bin/sh', '-c', LINES_AWK(20_000, 50)], { maxBytes: 64 * 1024, keep: 3 });
    const task = await c.newTask();
    const exit$ = task.wait$();
    await task.start();
    await firstValueFrom(exit$);
    expect(readdirSync(join(base, 'kept')).filter((f) => f.startsWith('output.log')).sort()).to.deep.equal(['output.log', 'output.log.1', 'output.log.2']);
    const numbers = (await task.logs()).map((l) => Number(l.text.slice(0, 8)));
    expect(numbers.at(-1)).to.equal(20_000);
    expect(numbers[0]).to.be.greaterThan(1);
    numbers.forEach((n, i) => i > 0 && n !== numbers[i - 1]! + 1 && expect.fail(`line ${n} follows ${numbers[i - 1]}`));
  });

  it('keeps stdout and stderr apart, and selects with stream, tail and since', async () => {
    const c = await logged('streams', ['/bin/sh', '-c', 'for i in 1 2 3; do echo out$i; echo err$i >&2; done; sleep 1.2; echo late-out; echo late-err >&2']);
    const task = await c.newTask();
    const exit$ = task.wait$();
    await task.start();
    await firstValueFrom(exit$);
    const all = await task.logs();
    expect(all.filter((l) => l.stream === 'stdout').map((l) => l.text)).to.deep.equal(['out1', 'out2', 'out3', 'late-out']);
    expect((await task.logs({ stream: 'stderr' })).map((l) => l.text)).to.deep.equal(['err1', 'err2', 'err3', 'late-err']);
    expect((await task.logs({ tail: 2, stream: 'stdout' })).map((l) => l.text)).to.deep.equal(['out3', 'late-out']);
    expect((await task.logs({ tail: 0 })).length).to.equal(0);
    const late = all.find((l) => l.text === 'late-out')!;
    const since = await task.logs({ since: new Date(late.time.getTime() - 500) });
    expect(since.map((l) => l.text).sort()).to.deep.equal(['late-err', 'late-out']);
  });

  it('gives back a line longer than the logger chunk (written in parts) whole, and bytes that are not UTF-8 as text', async () => {
    const c = await logged('long', ['/bin/sh', '-c', "head -c 40000 /dev/zero | tr '\\0' y; echo; printf 'a\\377b\\n'; echo after"]);
    const task = await c.newTask();
    const exit$ = task.wait$();
    await task.start();
    await firstValueFrom(exit$);
    expect(readFileSync(join(base, 'long', 'output.log'), 'utf8')).to.match(/ stdout P y+\n/);
    const lines = await task.logs();
    expect(lines.map((l) => l.text.length)).to.deep.equal([40_000, 3, 5]);
    expect(lines[0]!.text).to.match(/^y+$/);
    expect(lines[2]!.text).to.equal('after');
  });

  it('follows a running task: new lines as they come, completes after the exit once the log is drained', async () => {
    const c = await logged('follow', ['/bin/sh', '-c', 'for i in $(seq 1 20); do echo tick$i; sleep 0.05; done; echo bye >&2']);
    const task = await c.newTask();
    const exit$ = task.wait$();
    await task.start();
    const lines = await lastValueFrom(task.logs$({ follow: true }).pipe(toArray()));
    expect(lines.map((l) => l.text)).to.deep.equal([...Array.from({ length: 20 }, (_, i) => `tick${i + 1}`), 'bye']);
    expect((await firstValueFrom(exit$)).code).to.equal(0);
  });

  it('stops following on unsubscribe, with the task still running', async () => {
    const c = await logged('unsub', ['/bin/sh', '-c', 'i=0; while true; do i=$((i+1)); echo n$i; sleep 0.05; done']);
    const task = await c.newTask();
    await task.start();
    const first = await lastValueFrom(task.logs$({ follow: true }).pipe(take(3), toArray()));
    expect(first.map((l) => l.text)).to.deep.equal(['n1', 'n2', 'n3']);
    expect((await task.status()).status).to.equal('running');
  });

  it('is found by any client from the container labels, after the task is gone', async () => {
    const c = await logged('labels', ['/bin/echo', 'recorded'], { maxBytes: 8192, keep: 2 });
    const task = await c.newTask();
    const exit$ = task.wait$();
    await task.start();
    await firstValueFrom(exit$);
    await task.delete();
    const other = track(connect({ address: (await sharedDaemon()).address, namespace: client.namespace }));
    const again = await other.loadContainer('labels');
    expect(again.log).to.deep.equal({ dir: join(base, 'labels'), maxBytes: 8192, keep: 2 });
    expect((await again.logs()).map((l) => l.text)).to.deep.equal(['recorded']);
  });

  it('refuses a log folder that cannot be written before anything reaches the daemon', async () => {
    const ro = join(base, 'ro');
    execFileSync('mkdir', ['-p', ro]);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro]);
    mounts.push(ro);
    const error = await client.newContainer('ro', { rootfs, args: ['/bin/true'], log: { dir: join(ro, 'x') } }).then(
      () => expect.fail('created'),
      (e: unknown) => e,
    );
    expect(error).to.be.instanceOf(LogFolderError);
    expect((error as LogFolderError).message).to.include(join(ro, 'x')).and.match(/EROFS|read-only/);
    expect(await client.containers()).to.deep.equal([]);
  });

  it('refuses to create a task when its log folder has become read-only: no task, the container intact', async () => {
    const c = await logged('became-ro', ['/bin/sh', '-c', 'echo never']);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', join(base, 'became-ro')]);
    mounts.push(join(base, 'became-ro'));
    const error = await c.newTask().then(() => expect.fail('created'), (e: unknown) => e);
    expect(error).to.be.instanceOf(LogFolderError);
    expect((await firstValueFrom(client.conn.call$(Tasks.list, {}))).tasks).to.deep.equal([]);
  });

  it('refuses a task with LoggerUnavailableError when there is no logger to give the shim: RXC_LOGGER wrong, or no compiler', async () => {
    const c = await logged('no-logger', ['/bin/true']);
    const saved = { RXC_LOGGER: process.env['RXC_LOGGER'], RXC_CACHE_DIR: process.env['RXC_CACHE_DIR'], PATH: process.env['PATH'], CC: process.env['CC'] };
    try {
      process.env['RXC_LOGGER'] = join(base, 'missing-logger');
      const wrong = await c.newTask().then(() => expect.fail('created'), (e: unknown) => e);
      expect(wrong, String(wrong)).to.be.instanceOf(LoggerUnavailableError);
      expect((wrong as Error).message).to.include('missing-logger');
      delete process.env['RXC_LOGGER'];
      process.env['RXC_CACHE_DIR'] = join(base, 'empty-cache');
      process.env['PATH'] = join(base, 'no-bin');
      delete process.env['CC'];
      const none = await c.newTask().then(() => expect.fail('created'), (e: unknown) => e);
      expect(none, String(none)).to.be.instanceOf(LoggerUnavailableError);
      expect((none as Error).message).to.match(/cc: not found; gcc: not found/);
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
    expect((await firstValueFrom(client.conn.call$(Tasks.list, {}))).tasks).to.deep.equal([]);
  });

  it('keeps the process running when its logger is SIGKILLed, and the supervisor reports it', async () => {
    const c = await logged('killed', ['/bin/sh', '-c', 'i=0; while true; do i=$((i+1)); echo n$i; sleep 0.05; done']);
    const events: SupervisorEvent[] = [];
    const sub = supervise(() => c.newTask(), { restart: 'no', gracePeriodMs: 500 }).subscribe((e) => events.push(e));
    try {
      for (let i = 0; i < 400 && !events.some((e) => e.type === 'started'); i++) await sleep(25);
      expect(events.map((e) => e.type), JSON.stringify(events, (_k, v: unknown) => (v instanceof Error ? String(v) : v))).to.include('started');
      const pid = Number(readFileSync(join(base, 'killed', 'logger.pid'), 'utf8'));
      process.kill(pid, 'SIGKILL');
      for (let i = 0; i < 200 && !events.some((e) => e.type === 'logger-lost'); i++) await sleep(25);
      expect(events.find((e) => e.type === 'logger-lost')).to.include({ pid });
      await sleep(500);
      const task = await c.task({ stdio: 'ignore' });
      expect((await task.status()).status).to.equal('running');
      expect(events.map((e) => e.type)).to.not.include('exited');
    } finally {
      sub.unsubscribe();
    }
    for (let i = 0; i < 200 && !events.some((e) => e.type === 'stopped'); i++) await sleep(25);
  });
});
