import { expect } from 'chai';
import { firstValueFrom } from 'rxjs';
import type { Client } from '../../src/process/client.js';
import { sharedRootfs, testClient } from '../support/daemon.js';
import { cliDone, killLeftovers } from '../support/cli.js';

describe('rx-containerd exec, stop, kill, start, pause, resume, rm, inspect and ps', () => {
  afterEach(killLeftovers);

  let rootfs: string;
  before(async () => {
    rootfs = await sharedRootfs();
  });

  /** The CLI against `client`'s namespace. */
  const on = (client: Client, ...args: string[]) => cliDone(['-a', client.address, '-n', client.namespace, ...args]);

  /** A container of `client` whose task runs `script` (exits 7 on SIGTERM), started in the background by `run -d`. */
  async function background(client: Client, name: string, script = 'trap "exit 7" TERM; while true; do sleep 1 & wait $!; done') {
    const r = await cliDone(['run', '-d', '-a', client.address, '-n', client.namespace, '--rootfs', rootfs, '--name', name, '--', '/bin/sh', '-c', script]);
    expect(r.code, r.stderr).to.equal(0);
  }

  const status = async (client: Client, name: string) => (await (await client.loadContainer(name)).task({ stdio: 'ignore' })).status();

  it('exec runs a command in the running task and exits with its code; 127 for a missing binary', async () => {
    const client = await testClient();
    await background(client, 'web');
    const r = await on(client, 'exec', '-e', 'WHO=exec', 'web', '/bin/sh', '-c', 'echo "hello $WHO"; exit 6');
    expect(r.code).to.equal(6);
    expect(r.stdout.trim()).to.equal('hello exec');
    const missing = await on(client, 'exec', 'web', '/bin/nope');
    expect(missing.code).to.equal(127);
    expect(missing.stderr.trim()).to.equal('rx-containerd exec: /bin/nope: no such file in the container');
    const piped = await cliDone(['exec', '-i', '-a', client.address, '-n', client.namespace, 'web', '--', '/bin/sh', '-c', 'wc -l'], { input: 'a\nb\n' });
    expect(piped.stdout.trim()).to.equal('2');
    expect((await on(client, 'rm', '-f', 'web')).code).to.equal(0);
  });

  it('stop sends SIGTERM and keeps the stopped task with its exit code; start runs it again; kill sends SIGKILL', async () => {
    const client = await testClient();
    await background(client, 'svc');
    const stopped = await on(client, 'stop', 'svc');
    expect(stopped.code).to.equal(0);
    expect(stopped.stdout.trim()).to.equal('svc');
    expect(await status(client, 'svc')).to.include({ status: 'stopped', exitStatus: 7 });
    expect((await on(client, 'start', 'svc')).code).to.equal(0);
    expect((await status(client, 'svc')).status).to.equal('running');
    expect((await on(client, 'kill', 'svc')).code).to.equal(0);
    const task = await (await client.loadContainer('svc')).task({ stdio: 'ignore' });
    expect((await firstValueFrom(task.wait$())).code).to.equal(137);
    expect((await on(client, 'rm', 'svc')).code).to.equal(0);
    expect(await client.containers()).to.deep.equal([]);
  });

  it('stop sends SIGKILL after the grace period to a process that ignores SIGTERM', async () => {
    const client = await testClient();
    await background(client, 'stubborn', 'trap "" TERM; while true; do sleep 1; done');
    const t0 = Date.now();
    expect((await on(client, 'stop', '--grace', '300', 'stubborn')).code).to.equal(0);
    expect(Date.now() - t0).to.be.at.least(300);
    expect(await status(client, 'stubborn')).to.include({ status: 'stopped', exitStatus: 137 });
    await on(client, 'rm', 'stubborn');
  });

  it('pause and resume freeze and thaw the task; rm refuses a running container without -f', async () => {
    const client = await testClient();
    await background(client, 'frozen');
    expect((await on(client, 'pause', 'frozen')).code).to.equal(0);
    expect((await status(client, 'frozen')).status).to.equal('paused');
    expect((await on(client, 'resume', 'frozen')).code).to.equal(0);
    expect((await status(client, 'frozen')).status).to.equal('running');
    const refused = await on(client, 'rm', 'frozen');
    expect(refused.code).to.equal(1);
    expect(refused.stderr.trim()).to.equal('rx-containerd rm: container frozen is running: stop it first, or rm -f to kill it');
    expect((await on(client, 'rm', '-f', 'frozen')).code).to.equal(0);
    expect(await client.containers()).to.deep.equal([]);
  });

  it('inspect prints a JSON array of the containers with their process and task', async () => {
    const client = await testClient();
    await background(client, 'seen');
    const r = await on(client, 'inspect', 'seen');
    expect(r.code).to.equal(0);
    const [info] = JSON.parse(r.stdout) as Array<{ id: string; rootfs: string; process: { args: string[] }; task: { status: string; pid: number } }>;
    expect(info).to.include({ id: 'seen', rootfs });
    expect(info!.process.args[0]).to.equal('/bin/sh');
    expect(info!.task.status).to.equal('running');
    expect(info!.task.pid).to.be.a('number');
    await on(client, 'rm', '-f', 'seen');
  });

  it('ps shows a running task with its status, pid and uptime, a created one without uptime; --json as data', async () => {
    const client = await testClient();
    const running = await client.newContainer('listed', { rootfs, args: ['/bin/sleep', '60'] });
    const task = await running.newTask({ stdio: 'ignore' });
    const pid = await task.start();
    const created = await client.newContainer('waiting', { rootfs, args: ['/bin/sleep', '60'] });
    const waiting = await created.newTask({ stdio: 'ignore' });
    const r = await on(client, 'ps');
    expect(r.code).to.equal(0);
    expect(r.stdout.split('\n').find((l) => l.startsWith('listed'))).to.match(new RegExp(`^listed\\s+running\\s+${pid}\\s+-\\s+\\d\\S*s\\s+/bin/sleep 60$`));
    expect(r.stdout.split('\n').find((l) => l.startsWith('waiting'))).to.match(/^waiting\s+created\s+\d+\s+-\s+-\s+\/bin\/sleep 60$/);
    const json = JSON.parse((await on(client, 'ps', '--json')).stdout) as Array<{ id: string; status: string; pid: number | null; uptimeMs: number | null }>;
    expect(json.find((row) => row.id === 'listed')).to.include({ status: 'running', pid });
    expect(json.find((row) => row.id === 'listed')?.uptimeMs).to.be.a('number');
    expect(json.find((row) => row.id === 'waiting')).to.include({ status: 'created', uptimeMs: null });
    await task.delete({ kill: true });
    await waiting.delete({ kill: true });
  });

  it('a command on a container that is not there fails in one line, exit 1', async () => {
    const client = await testClient();
    for (const command of ['stop', 'pause', 'inspect']) {
      const r = await on(client, command, 'ghost');
      expect(r.code, command).to.equal(1);
      expect(r.stderr.trim(), command).to.equal(`rx-containerd ${command}: no container "ghost" in namespace ${client.namespace}`);
    }
  });
});
