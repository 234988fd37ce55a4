import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Client } from '../../src/process/client.js';
import type { Task } from '../../src/process/task.js';
import { sharedRootfs, testClient, unique } from '../support/daemon.js';
import { cli, killLeftovers, until } from '../support/cli.js';

const mainJs = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** A tmux server of this spec's own (its own socket), with one detached session of `command` in a 120x30 terminal. */
class Tmux {
  readonly socket = unique('rxc-top');
  constructor(command: string) {
    this.tmux('new-session', '-d', '-x', '120', '-y', '30', command);
  }
  tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`tmux ${args[0]}: ${r.stderr}`);
    return r.stdout;
  }
  /** The screen as the terminal shows it now. */
  screen(): string {
    return this.tmux('capture-pane', '-p');
  }
  keys(...keys: string[]): void {
    this.tmux('send-keys', ...keys);
  }
  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

/** A started task of container `id` running `sleep 60`, with `labels`. */
async function sleeping(client: Client, id: string, labels: Record<string, string> = {}): Promise<Task> {
  const container = await client.newContainer(id, { rootfs: await sharedRootfs(), args: ['/bin/sleep', '60'], labels });
  const task = await container.newTask({ stdio: 'ignore' });
  await task.start();
  return task;
}

async function removed(client: Client, task: Task): Promise<void> {
  await task.delete({ kill: true }).catch(() => undefined);
  await (await client.loadContainer(task.containerId)).delete();
}

describe('rx-containerd top', function () {
  this.timeout(120_000);
  afterEach(killLeftovers);

  it('in a real terminal: a running container appears with its pid, CPU % and memory, then its exit shows; q quits and gives the screen back', async () => {
    const client = await testClient();
    const tmux = new Tmux(`node ${mainJs} top --interval 500 -a ${client.address} -n ${client.namespace}; echo TOP-EXIT=$?; sleep 120`);
    try {
      await until(() => tmux.screen().includes(`namespace ${client.namespace}`), 60_000);
      const task = await sleeping(client, unique('web'), { 'rx-containerd/child': 'svc', 'rx-containerd/restarts': '3' });
      try {
        const row = (): string[] | undefined => tmux.screen().split('\n').find((l) => l.startsWith('svc '))?.trim().split(/\s{2,}/);
        await until(() => row()?.[1] === 'running', 30_000);
        expect(row()!.slice(0, 3)).to.deep.equal(['svc', 'running', String(task.pid)]);
        expect(row()![3]).to.match(/^\d+\.\ds$/); // uptime
        expect(row()![4]).to.equal('3'); // restarts, from the supervisor's label
        // CPU % from the second sample on, memory from the first
        await until(() => /^\d+\.\d%$/.test(row()?.[5] ?? ''), 30_000);
        expect(row()![6]).to.match(/^\d+(\.\d)? (B|KiB|MiB)$/);
        expect(tmux.screen()).to.match(/NAME\s+STATUS\s+PID\s+UPTIME\s+RESTARTS\s+CPU %\s+MEMORY/);
        await task.kill('SIGKILL');
        await until(() => row()?.[1] === 'exited 137', 30_000);
        expect(row()![2]).to.equal('-');
      } finally {
        await removed(client, task);
      }
      tmux.keys('q');
      await until(() => tmux.screen().includes('TOP-EXIT=0'), 30_000);
      expect(tmux.screen()).to.not.include('NAME'); // the alternate screen is gone: the shell's screen is back
    } finally {
      tmux.close();
    }
  });

  it('--json writes one JSON object per refresh: the running task with its pid, CPU % and memory, then its exit code', async () => {
    const client = await testClient();
    const r = cli(['top', '--json', '--interval', '500', '-a', client.address, '-n', client.namespace]);
    const frames = (): Array<{ time: string; namespace: string; rows: Array<Record<string, unknown>> }> =>
      r.stdout.split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as never);
    await until(() => frames().length > 0, 60_000);
    const id = unique('web');
    const task = await sleeping(client, id);
    try {
      const row = (): Record<string, unknown> | undefined => frames().at(-1)?.rows.find((x) => x.id === id);
      await until(() => row()?.status === 'running', 30_000);
      expect(row()).to.include({ id, name: id, status: 'running', pid: task.pid, restarts: null, exitCode: null, oomKilled: false });
      expect(row()!.uptimeMs).to.be.a('number');
      await until(() => typeof row()?.cpuPercent === 'number', 30_000);
      expect(row()!.memoryBytes).to.be.a('number').above(0);
      await task.kill('SIGKILL');
      await until(() => row()?.status === 'stopped', 30_000);
      expect(row()).to.include({ pid: null, uptimeMs: null, exitCode: 137 });
    } finally {
      await removed(client, task);
    }
    r.child.kill('SIGINT');
    expect(await r.exited).to.equal(0);
    expect(frames().every((f) => f.namespace === client.namespace && !Number.isNaN(Date.parse(f.time)))).to.equal(true);
  });

  it('without a terminal and without --json, says to give --json', async () => {
    const client = await testClient();
    const r = cli(['top', '-a', client.address, '-n', client.namespace]);
    expect(await r.exited).to.equal(2);
    expect(r.stderr).to.contain('top draws on a terminal; give --json');
  });
});
