import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import type { Client } from '../../src/process/client.js';
import type { Container } from '../../src/process/container.js';
import { sinceArg } from '../../src/cli/logs-command.js';
import { sharedRootfs, testClient } from '../support/daemon.js';
import { cli, cliDone, killLeftovers } from '../support/cli.js';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('rx-containerd logs', function () {
  this.timeout(60_000);
  afterEach(killLeftovers);
  let client: Client;
  let rootfs: string;
  let base: string;
  let container: Container | undefined;
  beforeEach(async () => {
    client = await testClient();
    rootfs = await sharedRootfs();
    base = mkdtempSync(join(tmpdir(), 'rxc-cli-logs-'));
  });
  afterEach(async () => {
    await container?.[Symbol.asyncDispose]().catch(() => undefined);
    container = undefined;
    rmSync(base, { recursive: true, force: true });
  });

  const on = (...args: string[]) => ['-a', client.address, '-n', client.namespace, ...args];

  it('prints stdout lines on stdout and stderr lines on stderr; --tail, --stream and -t select and stamp', async () => {
    container = await client.newContainer('done', { rootfs, args: ['/bin/sh', '-c', 'echo a; echo b >&2; echo c'], log: { dir: base } });
    const task = await container.newTask();
    const exit$ = task.wait$();
    await task.start();
    await firstValueFrom(exit$);
    const all = await cliDone(on('logs', 'done'));
    expect([all.code, all.stdout, all.stderr]).to.deep.equal([0, 'a\nc\n', 'b\n']);
    const tail = await cliDone(on('logs', '--tail', '1', '--stream', 'stdout', '-t', 'done'));
    expect(tail.stdout).to.match(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{9}Z c\n$/);
    const bad = await cliDone(on('logs', '--since', 'yesterday', 'done'));
    expect(bad.code).to.equal(2);
  });

  it('-f follows new lines of a running task and ends after its exit', async () => {
    // tick1, then tick2 only once the task gets SIGUSR1: the second line is written while the command follows
    const script = 'trap "go=1" USR1; echo tick1; while [ -z "$go" ]; do sleep 0.1; done; echo tick2 >&2; echo tick3';
    container = await client.newContainer('live', { rootfs, args: ['/bin/sh', '-c', script], log: { dir: base } });
    const task = await container.newTask();
    await task.start();
    const follow = cli(on('logs', '-f', 'live'));
    for (let i = 0; i < 600 && !follow.stdout.includes('tick1'); i++) await sleep(50);
    expect(follow.stdout).to.equal('tick1\n');
    await task.kill('SIGUSR1');
    expect(await follow.exited).to.equal(0);
    expect([follow.stdout, follow.stderr]).to.deep.equal(['tick1\ntick3\n', 'tick2\n']);
  });

  it('takes --since as RFC 3339 or as a duration back from now', () => {
    expect(sinceArg('2026-11-30T12:00:00Z')).to.equal(Date.parse('2026-11-30T12:00:00Z'));
    expect(sinceArg('10m', 1_000_000)).to.equal(400_000);
    expect(() => sinceArg('soon')).to.throw(/--since must be/);
  });
});
