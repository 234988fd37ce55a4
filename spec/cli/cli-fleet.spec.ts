import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Client } from '../../src/process/client.js';
import { startDaemon, type Daemon } from '../../src/testing/daemon.js';
import { privateDaemon, sharedRootfs, track, unique } from '../support/daemon.js';
import { cli, cliDone, killLeftovers, until } from '../support/cli.js';

describe('rx-containerd ps and events over a fleet', function () {
  this.timeout(90_000);
  afterEach(killLeftovers);
  const ns = unique('cli-fleet');
  let a: Client;
  let b: Client;
  let dir: string;
  let tlsDaemon: Daemon;

  before(async () => {
    const [da, db] = await Promise.all([privateDaemon(), privateDaemon()]);
    tlsDaemon = await startDaemon({ tls: true });
    await track(connect({ address: tlsDaemon.address, namespace: ns })).newContainer('far', { rootfs: await sharedRootfs(), args: ['/bin/true'] });
    a = track(connect({ address: da.address, namespace: ns }));
    b = track(connect({ address: db.address, namespace: ns }));
    const rootfs = await sharedRootfs();
    await a.newContainer('web', { rootfs, args: ['/bin/sleep', '30'] });
    await b.newContainer('db', { rootfs, args: ['/bin/true'] });
    dir = mkdtempSync(join(tmpdir(), 'rxc-fleet-'));
  });
  after(async () => {
    rmSync(dir, { recursive: true, force: true });
    await tlsDaemon?.stop();
  });

  it('ps --node NAME=ADDRESS lists every node\'s containers with a NODE column', async () => {
    const r = await cliDone(['ps', '-n', ns, '--node', `a=${a.address}`, '--node', `b=${b.address}`]);
    expect(r.code, r.stderr).to.equal(0);
    const lines = r.stdout.trim().split('\n').map((l) => l.split(/\s+/).slice(0, 3));
    expect(lines).to.deep.equal([['NODE', 'CONTAINER', 'STATUS'], ['a', 'web', 'no'], ['b', 'db', 'no']]);
  });

  it('ps --fleet FILE reads the nodes from JSON (one over TCP with TLS); a node that does not answer is named on stderr and the others listed (exit 1)', async () => {
    const file = join(dir, 'fleet.json');
    const tcp = tlsDaemon.tcp!;
    writeFileSync(file, JSON.stringify({ nodes: { a: a.address, remote: { address: tcp.address, tls: tcp.tls }, gone: { address: join(dir, 'nothing.sock'), connectTimeoutMs: 300 } } }));
    const r = await cliDone(['ps', '--json', '-n', ns, '--fleet', file]);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.match(/node gone: containerd is not reachable at .*nothing\.sock/);
    const rows = JSON.parse(r.stdout) as Array<{ node: string; id: string; status: string }>;
    expect(rows.map((x) => [x.node, x.id, x.status])).to.deep.equal([['a', 'web', 'no task'], ['remote', 'far', 'no task']]);
  });

  it('top --json --node shows every node\'s containers, each row with its node', async () => {
    const r = cli(['top', '--json', '--interval', '500', '-n', ns, '--node', `a=${a.address}`, '--node', `b=${b.address}`]);
    const last = (): Array<{ node?: string; id: string; status: string }> => {
      const lines = r.stdout.split('\n').filter((l) => l !== '');
      return lines.length === 0 ? [] : (JSON.parse(lines.at(-1)!) as { rows: Array<{ node?: string; id: string; status: string }> }).rows;
    };
    await until(() => last().length >= 2);
    r.child.kill('SIGINT');
    expect(await r.exited).to.equal(0);
    expect(last().map((x) => [x.node, x.id, x.status])).to.deep.include.members([['a', 'web', 'no task'], ['b', 'db', 'no task']]);
  });

  it('events --node shows each event with its node; --json carries "node"', async () => {
    const nodes = ['--node', `a=${a.address}`, '--node', `b=${b.address}`];
    const lines = cli(['events', '-n', ns, ...nodes]);
    const json = cli(['events', '--json', '-n', ns, ...nodes]);
    const live = "(listening: every node's event stream is live)";
    await until(() => lines.stderr.includes(live) && json.stderr.includes(live));
    expect(lines.stderr).to.include('(node a: listening: the event stream is live)');
    const rootfs = await sharedRootfs();
    await (await a.newContainer('seen-a', { rootfs, args: ['/bin/true'] })).delete();
    await (await b.newContainer('seen-b', { rootfs, args: ['/bin/true'] })).delete();
    await until(() => (lines.stdout.match(/\/containers\/delete/g) ?? []).length === 2 && (json.stdout.match(/\/containers\/delete/g) ?? []).length === 2);
    for (const r of [lines, json]) r.child.kill('SIGINT');
    expect(await lines.exited).to.equal(0);
    expect(await json.exited).to.equal(0);
    const shown = lines.stdout.trim().split('\n').map((l) => l.split(/\s+/));
    expect(shown.map((w) => [w[0], w[2], w[3]])).to.deep.equal([
      ['a', '/containers/create', 'seen-a'],
      ['a', '/containers/delete', 'seen-a'],
      ['b', '/containers/create', 'seen-b'],
      ['b', '/containers/delete', 'seen-b'],
    ]);
    const events = json.stdout.trim().split('\n').map((l) => JSON.parse(l) as { node: string; topic: string });
    expect(events.map((e) => [e.node, e.topic])).to.deep.equal([['a', '/containers/create'], ['a', '/containers/delete'], ['b', '/containers/create'], ['b', '/containers/delete']]);
  });

  it('bad fleet options are usage errors (exit 2): a name given twice, NAME=ADDRESS missing, an address that does not parse, --node with --fleet', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--node', `a=${a.address}`, '--node', `a=${b.address}`], /node name a is given twice/],
      [['--node', 'a'], /--node takes NAME=ADDRESS, not "a"/],
      [['--node', 'a=tcp://nohost'], /node a: options\.address "tcp:\/\/nohost" is not tcp:\/\/HOST:PORT/],
      [['--node', `a=${a.address}`, '--fleet', join(dir, 'x.json')], /give one of them/],
      [['--fleet', join(dir, 'missing.json')], /--fleet .*missing\.json: ENOENT/],
    ];
    for (const [args, message] of cases) {
      const r = await cliDone(['ps', ...args]);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr).to.match(message);
    }
  });
});
