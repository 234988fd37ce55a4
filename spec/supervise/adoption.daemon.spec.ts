/**
 * Adoption against the real daemon: a supervisor in a child Node process is SIGKILLed and a new one, of the same
 * name, takes over its containers: running services keep their pids, an exit that happened meanwhile is
 * restarted by the policy, the restart count goes on from the labels, 10 MB a service wrote meanwhile is all in
 * its logs; a second supervisor of the name is refused;
 * a container with labels it cannot read is left alone.
 */
import { expect } from 'chai';
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Client } from '../../src/process/client.js';
import { sharedDaemon, sharedRootfs, testClient, unique } from '../support/daemon.js';

const helper = join(dirname(fileURLToPath(import.meta.url)), 'helpers', 'adopting-supervisor.js');
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface Line { readonly type: string; readonly child?: string; readonly pid?: number; readonly state?: string; readonly restarts?: number; readonly attempt?: number; readonly code?: number | string; readonly name?: string; readonly reason?: string; readonly cause?: string }

/** A supervising process: its printed events, and a way to wait for one. */
class Supervising {
  readonly lines: Line[] = [];
  readonly exited: Promise<number | null>;
  private waiters: Array<() => void> = [];
  constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (text) => {
      try {
        this.lines.push(JSON.parse(text) as Line);
      } catch {
        this.lines.push({ type: 'text', reason: text });
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.exited = new Promise((resolve) => child.on('exit', (code) => { resolve(code); for (const w of this.waiters.splice(0)) w(); }));
  }

  async until(match: (l: Line) => boolean, what: string, limitMs = 20_000): Promise<Line> {
    const deadline = Date.now() + limitMs;
    for (;;) {
      const found = this.lines.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no ${what} within ${limitMs} ms; saw ${JSON.stringify(this.lines)}`);
      await Promise.race([new Promise<void>((r) => this.waiters.push(r)), sleep(200)]);
    }
  }
}

async function supervising(client: Client, name: string, children: object[]): Promise<Supervising> {
  const daemon = await sharedDaemon();
  const child = spawn(process.execPath, [helper, daemon.address, client.namespace, name, JSON.stringify(children)], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Supervising(child);
}

/** 100,000 lines of 100 bytes, numbered from 1 (8 digits, a space, then x's). */
const TEN_MB_AWK = `awk 'BEGIN { pad = sprintf("%91s", ""); gsub(/ /, "x", pad); for (i = 1; i <= 100000; i++) printf "%08d %s\\n", i, pad }'`;
const LOG_MAX_BYTES = 1 << 20;

const is = (child: string, type: string, extra: (l: Line) => boolean = () => true) => (l: Line): boolean => l.child === child && l.type === type && extra(l);

describe('adoption (daemon)', function () {
  this.timeout(120_000);
  let client: Client;
  let rootfs: string;
  const started: Supervising[] = [];
  const cleanups: Array<() => void> = [];

  before(async () => {
    rootfs = await sharedRootfs();
  });
  beforeEach(async () => {
    client = await testClient();
  });
  afterEach(async () => {
    for (const s of started.splice(0)) {
      if (s.child.exitCode === null && s.child.signalCode === null) {
        s.child.kill('SIGTERM');
        await Promise.race([s.exited, sleep(20_000)]);
        if (s.child.exitCode === null) s.child.kill('SIGKILL');
      }
    }
    for (const c of await client.containers()) await c[Symbol.asyncDispose]();
    for (const f of cleanups.splice(0)) f();
  });

  /** Service a logs to `logDir`: once /dev/shm/go exists in its container, 100,000 numbered lines of 100 bytes (10 MB), then it sleeps. */
  const services = (prefix: string, logDir?: string): object[] => ['a', 'b', 'c'].map((id) => ({
    id, restart: 'permanent', gracePeriodMs: 500,
    container: id === 'a' && logDir !== undefined
      ? { id: `${prefix}-${id}`, rootfs, args: ['/bin/sh', '-c', `while [ ! -e /dev/shm/go ]; do sleep 0.1; done; ${TEN_MB_AWK}; exec sleep 3600`], log: { dir: logDir, maxBytes: LOG_MAX_BYTES, keep: 20 } }
      : { id: `${prefix}-${id}`, rootfs, args: ['/bin/sleep', '3600'] },
  }));

  it('a new supervisor takes over: running services keep their pids, an exit meanwhile is restarted, restart counts go on', async () => {
    const prefix = unique('svc');
    const logDir = mkdtempSync(join(tmpdir(), 'rxc-adopt-logs-'));
    cleanups.push(() => rmSync(logDir, { recursive: true, force: true }));
    const first = await supervising(client, 'shop', services(prefix, logDir));
    started.push(first);
    const pidOf = async (s: Supervising, id: string, after = 0): Promise<number> =>
      (await s.until((l) => l.child === id && (l.type === 'started' || (l.type === 'adopted' && l.state === 'running')) && (l.pid ?? 0) > after, `${id} started`)).pid!;
    const [a1, b1, c1] = [await pidOf(first, 'a'), await pidOf(first, 'b'), await pidOf(first, 'c')];

    // one restart of c under the first supervisor
    process.kill(c1, 'SIGKILL');
    await first.until(is('c', 'restarting', (l) => l.attempt === 1), 'c restarting #1');
    const c2 = (await first.until(is('c', 'started', (l) => l.pid !== c1), 'c started again')).pid!;
    const labelled = async (): Promise<string | undefined> => (await client.loadContainer(`${prefix}-c`)).labels['rx-containerd/restarts'];
    expect(await labelled()).to.equal('1');

    // the supervising process dies; c exits while nobody supervises it
    first.child.kill('SIGKILL');
    await first.exited;
    process.kill(c2, 'SIGKILL');
    const cTask = await (await client.loadContainer(`${prefix}-c`)).task({ stdio: 'ignore' });
    for (let i = 0; i < 200 && (await cTask.status()).status !== 'stopped'; i++) await sleep(25);
    await cTask.io.detach();
    // a writes 10 MB while nobody supervises it: the shim's logger keeps every line
    const aContainer = await client.loadContainer(`${prefix}-a`);
    const aTask = await aContainer.task({ stdio: 'ignore' });
    const go = await aTask.exec('go', { args: ['/bin/touch', '/dev/shm/go'], stdio: 'ignore' });
    const touched = go.wait();
    await go.start();
    expect((await touched).code).to.equal(0);
    await go.delete();
    await aTask.io.detach();
    const lastLine = async (): Promise<string | undefined> => (await aContainer.logs({ tail: 1 })).at(0)?.text.slice(0, 8);
    for (let i = 0; i < 300 && (await lastLine()) !== '00100000'; i++) await sleep(100);

    const second = await supervising(client, 'shop', services(prefix));
    started.push(second);
    const a = await second.until(is('a', 'adopted'), 'a adopted');
    const b = await second.until(is('b', 'adopted'), 'b adopted');
    expect([a.state, a.pid, b.state, b.pid]).to.deep.equal(['running', a1, 'running', b1]);
    const c = await second.until(is('c', 'adopted'), 'c adopted');
    expect([c.state, c.restarts]).to.deep.equal(['stopped', 1]);
    expect((await second.until(is('c', 'exited'), 'c exited')).code).to.equal(137);
    expect((await second.until(is('c', 'restarting'), 'c restarting')).attempt).to.equal(2);
    const c3 = await pidOf(second, 'c', 0);
    expect(c3).to.not.equal(c2);
    expect(second.lines.filter((l) => l.type === 'starting' && l.child !== 'c')).to.deep.equal([]); // a and b were not restarted
    expect(await labelled()).to.equal('2');
    // every line a wrote while no supervisor ran is in its logs, in order, rotated at the size set
    const lines = await aContainer.logs();
    expect(lines.length).to.equal(100_000);
    lines.forEach((line, i) => {
      if (line.text.slice(0, 8) !== String(i + 1).padStart(8, '0') || line.stream !== 'stdout') expect.fail(`line ${i + 1} is ${JSON.stringify(line)}`);
    });
    const rotated = readdirSync(logDir).filter((f) => /^output\.log\.\d+$/.test(f));
    expect(rotated.length).to.be.within(8, 19);
    for (const f of rotated) expect(statSync(join(logDir, f)).size).to.be.within(LOG_MAX_BYTES - 200, LOG_MAX_BYTES);
    for (const [id, pid] of [['a', a1], ['b', b1]] as const) {
      const task = await (await client.loadContainer(`${prefix}-${id}`)).task({ stdio: 'ignore' });
      expect([task.pid, (await task.status()).status]).to.deep.equal([pid, 'running']);
      await task.io.detach();
    }

    // a second supervisor of the same name is refused, and touches nothing
    const third = await supervising(client, 'shop', services(prefix));
    started.push(third);
    const refused = await third.until((l) => l.type === 'error', 'the claim refused', 60_000);
    expect([refused.name, refused.code]).to.deep.equal(['SupervisorClaimedError', 'ERR_CONTAINERD_SUPERVISOR_CLAIMED']);
    expect(await third.exited).to.equal(2);
    expect(third.lines.filter((l) => l.type !== 'error')).to.deep.equal([]);

    // a graceful stop of the adopting supervisor removes everything
    second.child.kill('SIGTERM');
    expect(await second.exited).to.equal(0);
    expect((await second.until((l) => l.type === 'stopped' && l.child === undefined, 'the end')).cause).to.equal('requested');
    expect(await client.containers()).to.deep.equal([]);
  });

  it('leaves a container whose labels are of a newer schema alone, with a diagnostic, and never kills it', async () => {
    const prefix = unique('foreign');
    const foreign = await client.newContainer(`${prefix}-a`, {
      rootfs, args: ['/bin/sleep', '3600'],
      labels: { 'rx-containerd/schema': '2', 'rx-containerd/supervisor': 'shop', 'rx-containerd/child': 'a' },
    });
    const task = await foreign.newTask({ stdio: 'ignore' });
    const pid = await task.start();

    const s = await supervising(client, 'shop', [{ id: 'a', restart: 'transient', container: { id: `${prefix}-a`, rootfs, args: ['/bin/sleep', '1'] } }]);
    started.push(s);
    const left = await s.until(is('a', 'left-alone'), 'left-alone');
    expect(left.reason).to.match(/rx-containerd\/schema is 2, newer than this supervisor reads \(1\)/);
    await s.until(is('a', 'failed'), 'a failed to create');
    await s.until((l) => l.child === undefined && (l.type === 'gave-up' || l.type === 'stopped'), 'the end');
    expect(await s.exited).to.equal(0);
    expect([task.pid, (await task.status()).status]).to.deep.equal([pid, 'running']);
    expect((await client.loadContainer(`${prefix}-a`)).labels['rx-containerd/schema']).to.equal('2');
    await task.delete({ kill: true });
  });
});
