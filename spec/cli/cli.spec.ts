import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { firstValueFrom } from 'rxjs';
import { sharedDaemon, sharedRootfs, testClient } from '../support/daemon.js';

const mainJs = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  readonly exited: Promise<number | null>;
}

const children = new Set<ChildProcess>();

/** Runs the CLI; `group`: in a process group of its own, as a terminal runs a command (see {@link ctrlC}). */
function cli(args: string[], options: { group?: boolean } = {}): Run {
  const child = spawn(process.execPath, [mainJs, ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: options.group === true });
  children.add(child);
  child.on('exit', () => children.delete(child));
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stdout!.on('data', (c: Buffer) => (run.stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (run.stderr += c.toString()));
  return run;
}

/** A terminal's Ctrl-C: SIGINT to the whole foreground process group of a command run with `group`. */
function ctrlC(run: Run): void {
  process.kill(-run.child.pid!, 'SIGINT');
}

async function until(check: () => boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('the rx-containerd command line', () => {
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL'); // a failed test leaves no CLI running
  });

  let address: string;
  let rootfs: string;
  before(async () => {
    address = (await sharedDaemon()).address;
    rootfs = await sharedRootfs();
  });

  it('run forwards the process output and exits with its exit code', async () => {
    const r = cli(['run', '--address', address, '--namespace', 'cli-run', '--rootfs', rootfs, '--', '/bin/sh', '-c', 'echo out; echo err >&2; exit 5']);
    expect(await r.exited).to.equal(5);
    expect(r.stdout).to.contain('out');
    expect(r.stderr).to.contain('err');
  });

  it('run turns Ctrl-C into a graceful stop: SIGTERM reaches the process, which exits with its own code', async () => {
    const script = 'trap "echo got-TERM; exit 3" TERM; echo ready; while true; do sleep 1 & wait $!; done';
    const r = cli(['run', '--address', address, '--namespace', 'cli-stop', '--rootfs', rootfs, '--grace', '5000', '--', '/bin/sh', '-c', script]);
    await until(() => r.stdout.includes('ready'));
    r.child.kill('SIGINT');
    expect(await r.exited).to.equal(3);
    expect(r.stdout).to.contain('got-TERM');
  });

  it('run with a restart policy shows the supervisor events and gives up after the limit', async () => {
    const r = cli(['run', '--address', address, '--namespace', 'cli-restart', '--rootfs', rootfs, '--restart', 'on-failure:2', '--', '/bin/sh', '-c', 'exit 4']);
    expect(await r.exited).to.equal(4);
    expect(r.stderr.match(/started, pid/g)).to.have.length(3);
    expect(r.stderr).to.match(/backing off/);
    expect(r.stderr).to.match(/gave up/);
  });

  it('run exits 1 when the process never ran (a missing binary), with a restart policy or without', async () => {
    const client = await testClient();
    for (const policy of [['--restart', 'on-failure:1'], ['--restart', 'no'], []]) {
      const r = cli(['run', '--address', address, '--namespace', client.namespace, '--rootfs', rootfs, ...policy, '--', '/bin/nope']);
      expect(await r.exited, policy.join(' ') || 'no policy').to.equal(1);
      expect(r.stderr, policy.join(' ') || 'no policy').to.match(/nope/);
    }
    expect(await client.containers()).to.deep.equal([]); // nothing left behind either
  });

  it('events says on stderr when its stream is live', async () => {
    const client = await testClient();
    const r = cli(['events', '--json', '--address', address, '--namespace', client.namespace]);
    await until(() => r.stderr.includes('(listening: the event stream is live)'));
    r.child.kill('SIGINT');
    expect(await r.exited).to.equal(0);
    expect(r.stdout).to.equal('');
  });

  it('events --json prints one JSON object per line for the live events', async () => {
    const client = await testClient();
    const r = cli(['events', '--json', '--address', address, '--namespace', client.namespace]);
    await until(() => r.stderr.includes('(listening: the event stream is live)'));
    const c = await client.newContainer('seen', { rootfs, args: ['/bin/true'] });
    await c.delete();
    await until(() => r.stdout.includes('/containers/delete'));
    r.child.kill('SIGINT');
    expect(await r.exited).to.equal(0);
    const events = r.stdout.trim().split('\n').map((line) => JSON.parse(line) as { topic: string; namespace: string; event: { type: string; id?: string } });
    expect(events.map((e) => e.topic)).to.deep.equal(['/containers/create', '/containers/delete']);
    expect(events[0]?.event).to.include({ type: 'ContainerCreate', id: 'seen' });
    expect(events.every((e) => e.namespace === client.namespace)).to.equal(true);
  });

  it('events shows readable lines with topic, container and exit code', async () => {
    const client = await testClient();
    const r = cli(['events', '--address', address, '--namespace', client.namespace, '--topic', '/tasks/exit']);
    await until(() => r.stderr.includes('(listening: the event stream is live)'));
    const c = await client.newContainer('readable', { rootfs, args: ['/bin/sh', '-c', 'exit 9'] });
    const task = await c.newTask({ stdio: 'ignore' });
    const exit = firstValueFrom(task.wait$());
    await task.start();
    await exit;
    await until(() => r.stdout.includes('code=9'));
    r.child.kill('SIGINT');
    await r.exited;
    expect(r.stdout).to.match(/\/tasks\/exit\s+readable code=9/);
    await task.delete();
  });

  it('ps shows a running task with its status and pid', async () => {
    const client = await testClient();
    const c = await client.newContainer('listed', { rootfs, args: ['/bin/sleep', '60'] });
    const task = await c.newTask({ stdio: 'ignore' });
    const pid = await task.start();
    const r = cli(['ps', '--address', address, '--namespace', client.namespace]);
    expect(await r.exited).to.equal(0);
    const row = r.stdout.split('\n').find((l) => l.startsWith('listed'));
    expect(row).to.match(new RegExp(`^listed\\s+running\\s+${pid}\\s+-\\s+\\S+\\s+/bin/sleep 60$`));
    await task.delete({ kill: true });
  });

  it('demo runs a supervised set on its own private containerd and exits 0 with nothing left', async function () {
    this.timeout(60_000);
    const r = cli(['demo', '--seconds', '3']);
    expect(await r.exited).to.equal(0);
    expect(r.stdout).to.match(/crashy\s+backing off 200 ms/);
    expect(r.stdout).to.match(/crashy\s+backing off 400 ms/);
    expect(r.stdout).to.match(/web\s+healthy/);
    expect(r.stdout).to.match(/exec hello exited with code 3/);
    expect(r.stdout).to.contain('containers left: 0');
    const socket = /socket (\S+)/.exec(r.stdout)?.[1];
    expect(socket).to.be.a('string');
    expect(existsSync(socket!)).to.equal(false); // its daemon and temp directory are gone
  });

  it('demo interrupted with Ctrl-C stops gracefully, cleans up and exits 130', async function () {
    this.timeout(60_000);
    const r = cli(['demo', '--seconds', '60'], { group: true });
    await until(() => r.stdout.includes('started, pid'));
    ctrlC(r); // the whole group: its private containerd must not get it, or the graceful stop has no daemon
    expect(await r.exited).to.equal(130);
    expect(r.stdout).to.match(/supervisor stopped \(requested\)/);
    expect(r.stdout).to.contain('containers left: 0');
    const socket = /socket (\S+)/.exec(r.stdout)?.[1];
    expect(existsSync(socket!)).to.equal(false);
  });

  it('every command has --help, and errors are one clear line with a non-zero exit', async () => {
    for (const command of ['run', 'events', 'ps', 'demo']) {
      const r = cli([command, '--help']);
      expect(await r.exited, command).to.equal(0);
      expect(r.stdout, command).to.match(/^Usage: rx-containerd/);
      expect(r.stdout, command).to.contain('--namespace');
    }
    const unknown = cli(['frobnicate']);
    expect(await unknown.exited).to.equal(2);
    expect(unknown.stderr.trim().split('\n')).to.have.length(1);
    const dead = cli(['ps', '--address', '/tmp/rx-containerd-nobody.sock']);
    expect(await dead.exited).to.equal(1);
    expect(dead.stderr.trim().split('\n')).to.have.length(1);
    expect(dead.stderr).to.contain('/tmp/rx-containerd-nobody.sock');
    const bad = cli(['run', '--bogus']);
    expect(await bad.exited).to.equal(2);
  });
});
