import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { helpText, parse, UsageError } from '../../src/cli/args.js';
import { commandNamed, commands } from '../../src/cli/commands.js';
import { runCommand } from '../../src/cli/run-command.js';
import { bashScript } from '../../src/cli/completion-command.js';
import { sharedDaemon, testClient } from '../support/daemon.js';
import { cliDone, killLeftovers } from '../support/cli.js';

const version = (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('the rx-containerd command line: options, help, errors and completion', () => {
  afterEach(killLeftovers);

  it('--version prints the package version', async () => {
    const r = await cliDone(['--version']);
    expect(r.code).to.equal(0);
    expect(r.stdout.trim()).to.equal(`rx-containerd ${version}`);
  });

  it('every command has --help and help CMD, made from its table entry; the bare command prints the list and exits 2', async () => {
    for (const command of commands) {
      const text = helpText(command);
      expect(text, command.name).to.match(new RegExp(`^Usage: rx-containerd ${command.name}`));
      expect(text, command.name).to.contain('--namespace');
      for (const [name, o] of Object.entries(command.options)) expect(text.includes(`--${name}`), `${command.name} --${name}`).to.equal(o.hidden !== true);
    }
    const [byOption, byHelp] = await Promise.all([cliDone(['run', '--help']), cliDone(['help', 'run'])]);
    expect(byOption.code).to.equal(0);
    expect(byOption.stdout.trim()).to.equal(helpText(runCommand));
    expect(byHelp.stdout).to.equal(byOption.stdout);
    const bare = await cliDone([]);
    expect(bare.code).to.equal(2);
    for (const command of commands) expect(bare.stdout).to.contain(`  ${command.name} `);
  });

  it('global options work before the command as after it', async () => {
    const { address } = await sharedDaemon();
    const client = await testClient();
    await client.newContainer('g', { rootfs: '/', args: ['/bin/true'] });
    for (const args of [['-a', address, '-n', client.namespace, 'ps'], ['ps', '--address', address, `--namespace=${client.namespace}`], [`--address=${address}`, 'ps', '-n', client.namespace]]) {
      const r = await cliDone(args);
      expect(r.code, args.join(' ')).to.equal(0);
      expect(r.stdout, args.join(' ')).to.match(/^g\s+no task/m);
    }
    await (await client.loadContainer('g')).delete();
  });

  it('usage errors are one line of ours that lists what is valid, exit 2', async () => {
    const spawned: Array<[string[], RegExp]> = [
      [['frobnicate'], /^rx-containerd: unknown command "frobnicate" \(valid: run, exec, .*help\)$/],
      [['--bogus', 'ps'], /^rx-containerd: unknown global option --bogus \(valid: --address, --tls-ca, --tls-cert, --tls-key, --tls-server-name, --insecure, --namespace, --help, --version\)$/],
      [['run', '--bogus', '--', 'true'], /^rx-containerd run: unknown option --bogus for run \(valid: .*--rootfs.*--detach\)$/],
    ];
    for (const [args, message] of spawned) {
      const r = await cliDone(args);
      expect(r.code, args.join(' ')).to.equal(2);
      expect(r.stderr.trim(), args.join(' ')).to.match(message);
    }
    // The same parser and checks, in this process (each spawn of the CLI costs a second under load).
    const inProcess: Array<[string, string[], RegExp]> = [
      ['run', ['--restart', 'sometimes', '--', 'true'], /^unknown restart policy "sometimes" \(valid: no, on-failure, on-failure:N, always, unless-stopped/],
      ['run', ['--rm=maybe', '--', 'true'], /^unknown value for --rm "maybe" \(valid: true, false\)$/],
      ['run', ['--grace', 'soon', '--', 'true'], /^--grace takes a whole number from 0 to \d+, not "soon"$/],
      ['kill', ['--signal', 'SIGFOO', 'x'], /^unknown signal "SIGFOO" \(valid: SIGHUP, SIGINT, .*SIGKILL/],
      ['events', ['--filter', 'colour=red'], /^unknown filter "colour=red" \(valid: topic=\.\.\., container=\.\.\.\)$/],
      ['completion', ['fish'], /^unknown shell "fish" \(valid: bash, zsh\)$/],
      ['run', ['--name'], /^--name needs a value \(NAME\)$/],
      ['run', [], /^run needs an image or a command/],
      ['stop', [], /^stop needs a container id/],
      ['exec', ['web'], /^exec needs a container and a command/],
      ['run', ['-d', '--rm', '--', 'true'], /^-d leaves the container to itself/],
      ['run', ['--keep', '--rm', '--', 'true'], /^--rm and --keep say opposite things/],
      ['run', ['--rootfs', '/nonexistent-rootfs', '--', 'true'], /^no rootfs at \/nonexistent-rootfs: --rootfs takes a directory/],
    ];
    for (const [name, args, message] of inProcess) {
      const command = commandNamed(name)!;
      const error = await Promise.resolve().then(() => command.run(parse(args, command))).then(() => undefined, (e: unknown) => e);
      expect(error, `${name} ${args.join(' ')}`).to.be.instanceOf(UsageError);
      expect((error as Error).message, `${name} ${args.join(' ')}`).to.match(message);
    }
  });

  it('a failure is one line and exits 1: a dead address, a missing container', async () => {
    const dead = await cliDone(['ps', '--address', '/tmp/rx-containerd-nobody.sock']);
    expect(dead.code).to.equal(1);
    expect(dead.stderr.trim().split('\n')).to.have.length(1);
    expect(dead.stderr).to.contain('/tmp/rx-containerd-nobody.sock');
    const client = await testClient();
    const missing = await cliDone(['stop', '-a', client.address, '-n', client.namespace, 'ghost']);
    expect(missing.code).to.equal(1);
    expect(missing.stderr.trim()).to.equal(`rx-containerd stop: no container "ghost" in namespace ${client.namespace}`);
  });

  it('completion bash offers the commands and, for each, the options of its table entry and their values', async () => {
    const script = (await cliDone(['completion', 'bash'])).stdout;
    expect(script.trim()).to.equal(bashScript(commands));
    const complete = (...words: string[]): string[] =>
      execFileSync('bash', ['-c', `${script}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _rx_containerd; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' })
        .split('\n')
        .filter((w) => w !== '');
    expect(complete('rx-containerd', '')).to.include.members([...commands.map((c) => c.name), 'help']);
    expect(complete('rx-containerd', '-n', 'ns', 'st')).to.have.members(['stop', 'start']);
    for (const command of commands) {
      const offered = complete('rx-containerd', command.name, '--');
      for (const [name, o] of Object.entries(command.options)) if (!o.hidden) expect(offered, `${command.name} --${name}`).to.include(`--${name}`);
      expect(offered, command.name).to.include.members(['--address', '--namespace', '--help']);
    }
    expect(complete('rx-containerd', 'run', '--restart', '')).to.have.members(['no', 'on-failure', 'always', 'unless-stopped']);
    expect(complete('rx-containerd', 'kill', '-s', 'SIGK')).to.deep.equal(['SIGKILL']);
    expect(complete('rx-containerd', 'completion', '')).to.have.members(['bash', 'zsh']);
  });

  it('completion zsh declares every command and option for _arguments, in a script zsh reads', async () => {
    const r = await cliDone(['completion', 'zsh']);
    const zsh = spawnSync('zsh', ['-n'], { input: r.stdout, encoding: 'utf8' });
    if (zsh.error === undefined) expect(zsh.status, zsh.stderr).to.equal(0); // checked where zsh is installed
    expect(r.code).to.equal(0);
    expect(r.stdout).to.match(/^#compdef rx-containerd/);
    for (const command of commands) {
      expect(r.stdout).to.contain(`'${command.name}:`);
      for (const [name, o] of Object.entries(command.options)) if (!o.hidden) expect(r.stdout, `${command.name} --${name}`).to.contain(`--${name}`);
    }
    expect(r.stdout).to.contain(':POLICY:(no on-failure always unless-stopped)');
  });
});
