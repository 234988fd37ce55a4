import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sharedRootfs, testClient } from '../support/daemon.js';
import { UsageError } from '../../src/cli/args.js';
import { environment } from '../../src/cli/env-args.js';
import { cli, ctrlC, killLeftovers, until } from '../support/cli.js';

describe('rx-containerd run', () => {
  afterEach(killLeftovers);

  let rootfs: string;
  before(async () => {
    rootfs = await sharedRootfs();
  });

  /** `run` in a fresh namespace of the shared daemon; the client sees what it leaves. */
  async function run(args: string[], options: Parameters<typeof cli>[1] = {}) {
    const client = await testClient();
    return { client, r: cli(['run', '-a', client.address, '-n', client.namespace, '--rootfs', rootfs, ...args], options) };
  }

  it('forwards the process output and exits with its exit code, leaving nothing behind', async () => {
    const { client, r } = await run(['--', '/bin/sh', '-c', 'echo out; echo err >&2; exit 5']);
    expect(await r.exited).to.equal(5);
    expect(r.stdout).to.contain('out');
    expect(r.stderr).to.contain('err');
    expect(await client.containers()).to.deep.equal([]);
  });

  it('takes the command line without --: options after CMD are its own', async () => {
    const { r } = await run(['/bin/sh', '-c', 'echo "$0 $1"', '-x', '--y']);
    expect(await r.exited).to.equal(0);
    expect(r.stdout.trim()).to.equal('-x --y');
  });

  it('exits 127 for a command not found and 126 for one not executable, in one line, leaving nothing behind', async () => {
    for (const [binary, code, words] of [['/bin/nope', 127, '/bin/nope: no such file in the container'], ['/etc/passwd', 126, '/etc/passwd: cannot be executed (permission denied)']] as const) {
      for (const policy of [[], ['--restart', 'on-failure:1']]) {
        const { client, r } = await run([...policy, '--', binary]);
        expect(await r.exited, `${binary} ${policy.join(' ')}`).to.equal(code);
        if (policy.length === 0) expect(r.stderr.trim()).to.equal(`rx-containerd run: ${words}`);
        expect(await client.containers()).to.deep.equal([]);
      }
    }
  });

  it('turns Ctrl-C into a graceful stop: SIGTERM reaches the process, which exits with its own code', async () => {
    const script = 'trap "echo got-TERM; exit 3" TERM; echo ready; while true; do sleep 1 & wait $!; done';
    const { r } = await run(['--grace', '5000', '--', '/bin/sh', '-c', script]);
    await until(() => r.stdout.includes('ready'));
    r.child.kill('SIGINT');
    expect(await r.exited).to.equal(3);
    expect(r.stdout).to.contain('got-TERM');
  });

  it('a second Ctrl-C kills at once a process that ignores SIGTERM, with or without a restart policy', async () => {
    for (const policy of [[], ['--restart', 'always']]) {
      const { client, r } = await run([...policy, '--grace', '60000', '--', '/bin/sh', '-c', 'trap "" TERM; echo ready; while true; do sleep 1; done'], { group: true });
      await until(() => r.stdout.includes('ready'));
      ctrlC(r);
      await until(() => r.stderr.includes('Ctrl-C again to kill it now'));
      ctrlC(r);
      expect(await r.exited, policy.join(' ')).to.equal(137);
      expect(await client.containers()).to.deep.equal([]);
    }
  });

  it('with a restart policy, shows the supervisor lines labelled with the name, each after the output of its life', async () => {
    const { r } = await run(['--name', 'flaky', '--restart', 'on-failure:2', '--', '/bin/sh', '-c', 'echo working; exit 4']);
    expect(await r.exited).to.equal(4);
    expect(r.stderr.match(/flaky\s+started, pid/g)).to.have.length(3);
    expect(r.stderr).to.match(/flaky\s+backing off/);
    expect(r.stderr).to.match(/flaky\s+gave up/);
    expect(r.stdout.match(/working/g)).to.have.length(3);
  });

  it('orders the exit line after the output it follows when both go to one stream', async () => {
    const client = await testClient();
    const r = cli(['run', '-a', client.address, '-n', client.namespace, '--rootfs', rootfs, '--name', 'ordered', '--restart', 'no', '--', '/bin/sh', '-c', 'echo a; echo b >&2; exit 1']);
    const lines: string[] = [];
    r.child.stdout!.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)));
    r.child.stderr!.on('data', (c: Buffer) => lines.push(...c.toString().split('\n').filter(Boolean)));
    expect(await r.exited).to.equal(1);
    const exitLine = lines.findIndex((l) => /ordered\s+exited with code 1/.test(l));
    expect(exitLine).to.be.greaterThan(lines.indexOf('a'));
    expect(exitLine).to.be.greaterThan(lines.indexOf('b'));
  });

  it('-i forwards stdin without a terminal; its end is the end of file', async () => {
    const { r } = await run(['-i', '--', '/bin/sh', '-c', 'wc -l; echo done'], { input: 'one\ntwo\nthree\n' });
    expect(await r.exited).to.equal(0);
    expect(r.stdout.split('\n').map((l) => l.trim())).to.include.members(['3', 'done']);
  });

  it('--tty with a piped stdin does not hang: the end of input is an end of file through the terminal', async () => {
    const { r } = await run(['--tty', '--', '/bin/cat'], { input: 'x\n' });
    expect(await r.exited).to.equal(0);
    expect(r.stdout.replace(/\r/g, '')).to.match(/x\n/);
  });

  it('--tty sets TERM inside: ours, or xterm when we have none; -e TERM wins', async () => {
    const env = { ...process.env, TERM: 'vt220' };
    const withOurs = await run(['-t', '--', '/bin/sh', '-c', 'echo "term=$TERM"'], { env });
    expect(await withOurs.r.exited).to.equal(0);
    expect(withOurs.r.stdout).to.contain('term=vt220');
    const { TERM: _, ...noTerm } = process.env;
    const fallback = await run(['-t', '--', '/bin/sh', '-c', 'echo "term=$TERM"'], { env: noTerm });
    expect(await fallback.r.exited).to.equal(0);
    expect(fallback.r.stdout).to.contain('term=xterm');
    const given = await run(['-t', '-e', 'TERM=dumb', '--', '/bin/sh', '-c', 'echo "term=$TERM"'], { env });
    expect(await given.r.exited).to.equal(0);
    expect(given.r.stdout).to.contain('term=dumb');
  });

  it('--env-file reads K=V lines (K alone takes ours; comments and blank lines skipped), then -e', async () => {
    const file = join(tmpdir(), `rxc-env-${process.pid}`);
    writeFileSync(file, 'A=1\n# a comment\n\nB\nC=from-file\n');
    const { r } = await run(['--env-file', file, '-e', 'C=3', '--', '/bin/sh', '-c', 'echo "$A$B$C"'], { env: { ...process.env, B: '2' } });
    expect(await r.exited).to.equal(0);
    expect(r.stdout.trim()).to.equal('123');
    // Through the bin, Node itself reports a missing --env-file before the CLI runs (nodejs/node#54232).
    expect(() => environment(['/nonexistent-env'], [], false)).to.throw(UsageError, '--env-file /nonexistent-env: cannot read it (ENOENT)');
    expect(() => environment([], ['=x'], false)).to.throw(UsageError, '-e: "=x" is not KEY=VALUE');
  });

  it('--name names the container; --rm=false and --keep keep it (without its task), the default removes it', async () => {
    for (const keep of [['--rm=false'], ['--keep']]) {
      const { client, r } = await run([...keep, '--name', 'kept', '--', '/bin/true']);
      expect(await r.exited).to.equal(0);
      const [container, ...others] = await client.containers();
      expect(container?.id).to.equal('kept');
      expect(others).to.deep.equal([]);
      await container!.delete(); // no task is left
    }
    const { client, r } = await run(['--name', 'gone', '--', '/bin/true']);
    expect(await r.exited).to.equal(0);
    expect(await client.containers()).to.deep.equal([]);
  });

  it('-d starts it in the background and prints its name; its task runs on after the command', async () => {
    const { client, r } = await run(['-d', '--name', 'bg', '--', '/bin/sleep', '60']);
    expect(await r.exited).to.equal(0);
    expect(r.stdout.trim()).to.equal('bg');
    const task = await (await client.loadContainer('bg')).task({ stdio: 'ignore' });
    expect((await task.status()).status).to.equal('running');
    await task.delete({ kill: true });
    await (await client.loadContainer('bg')).delete();
  });
});
