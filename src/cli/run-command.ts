/**
 * `rx-containerd run`: runs one container in the foreground, streams its output, turns Ctrl-C into a graceful
 * stop, and exits with the process's exit code; with a restart policy, supervises it; with `-d`, leaves it
 * running in the background.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { rmSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { busyboxRootfs } from '../testing/rootfs.js';
import { connect, type Client } from '../process/client.js';
import { normalizeReference } from '../images/reference.js';
import type { Container } from '../process/container.js';
import { maxTimerMs } from '../supervise/check.js';
import type { RestartPolicy } from '../supervise/policy.js';
import { badValue, UsageError, wholeNumber } from './args.js';
import type { Command, Parsed } from './command.js';
import { environment } from './env-args.js';
import { CommandFailure, notRunnable } from './exit-codes.js';
import { ownRootfsLabel, removeContainer, taskOf } from './existing.js';
import { foregroundOptions, runInForeground } from './foreground.js';
import { listenForInterrupts } from './interrupts.js';
import { referenceArg } from './reference-arg.js';
import { registryOptions, registryOptionTable } from './registry-args.js';
import { runSupervised } from './run-supervised.js';
import { startDetached } from './start-command.js';
import { followTransfer, transferMode, transferView } from './transfer-progress.js';

const policies = ['no', 'on-failure', 'on-failure:N', 'always', 'unless-stopped', 'permanent', 'transient', 'temporary'];
const policyPattern = /^(no|on-failure(:\d+)?|always|unless-stopped|permanent|transient|temporary)$/;

export const runCommand: Command = {
  name: 'run',
  synopsis: '[options] [IMAGE] [--] CMD [ARGS...]',
  summary: 'run a container (from an image, or on a rootfs) in the foreground, exit with its exit code',
  description: `Runs CMD in a new container, streams its output, and exits with its exit code (with a restart policy, that of
its last run; 127 when CMD is not found in the container, 126 when it cannot be executed, 1 when the container
could not be made). The container is made from IMAGE when one is named (run IMAGE [CMD...], or --image): the
image's Entrypoint, Cmd (CMD replaces it), Env, WorkingDir, User and StopSignal, as docker run and ctr run do;
the first word is taken for an image when it has a ':', '/' or '@' without starting with '/', or when an image
of that name (busybox: docker.io/library/busybox:latest) is in the namespace. An image the namespace lacks is
pulled first (its progress on stderr, as pull shows it; --plain-http as pull takes it; credentials from the Docker
config.json: --user is the container's user in docker run, so run takes none of its own). Otherwise it runs on --rootfs DIR,
or on a fresh busybox rootfs. Ctrl-C stops it gracefully (SIGTERM, then SIGKILL after the grace period); a second Ctrl-C
kills it at once. The container is removed at the end unless kept (--rm=false, --keep); -d leaves it running
in the background and prints its name (stop, rm -f and the other commands take it from there).`,
  commandLineAfter: 0,
  options: {
    image: { type: 'string', arg: 'IMAGE', help: 'the image to make the container from (the same as naming it first)' },
    rootfs: { type: 'string', arg: 'DIR', help: 'root filesystem (default: a fresh busybox rootfs, removed with the container)' },
    name: { type: 'string', arg: 'NAME', help: 'the container name (default: run-<random>)' },
    id: { type: 'string', arg: 'NAME', hidden: true, help: 'the same as --name' },
    restart: { type: 'string', arg: 'POLICY', suggest: ['no', 'on-failure', 'always', 'unless-stopped'], help: 'no | on-failure[:N] | always | unless-stopped (shows the supervisor events)' },
    init: { type: 'boolean', help: 'run tini as PID 1 before CMD: it reaps orphans and forwards signals (docker run --init)' },
    ...foregroundOptions,
    'plain-http': registryOptionTable['plain-http']!,
    rm: { type: 'boolean', help: 'remove the container at the end (default; --rm=false keeps it)' },
    keep: { type: 'boolean', help: 'keep the container at the end (the same as --rm=false)' },
    detach: { type: 'boolean', short: 'd', help: 'start it in the background and print its name (its output goes nowhere)' },
  },
  run: async (args) => {
    const client = connect(args.global);
    const o = await runOptions(args, client).catch((error: unknown) => {
      client.close();
      throw error;
    });
    if (o.image !== undefined) await pullIfMissing(client, o.image, args).catch((error: unknown) => {
      client.close();
      throw error;
    });
    const rootfs = o.image !== undefined ? undefined : o.rootfs ?? (await busyboxRootfs());
    const interrupts = listenForInterrupts(o.name, o.gracePeriodMs, o.tty);
    let container: Container | undefined;
    try {
      if (o.image !== undefined) {
        container = await client.newContainer(o.name, { image: o.image, ...(o.args.length > 0 ? { args: o.args } : {}), env: o.env, terminal: o.tty, init: o.init });
      } else {
        const labels: Record<string, string> = o.rootfs === undefined ? { [ownRootfsLabel]: 'true' } : {};
        container = await client.newContainer(o.name, { rootfs: rootfs!, args: o.args, env: o.env, terminal: o.tty, labels, init: o.init });
      }
      if (o.detach) return await detached(container, o.args[0]);
      if (o.restart !== undefined) return await runSupervised(container, { ...o, restart: o.restart, interrupts, binary: o.args[0] });
      const task = await container.newTask({ stdio: o.tty ? 'pipe' : 'inherit', stdin: o.tty || o.interactive }).catch((error: unknown) => {
        throw notRunnable(error, o.args[0]);
      });
      return await runInForeground(task, { ...o, interrupts, binary: o.args[0] });
    } finally {
      interrupts.dispose();
      if (o.remove && container !== undefined) await removeContainer(container).catch(() => undefined);
      client.close();
      if (rootfs !== undefined && o.rootfs === undefined && container === undefined) rmSync(rootfs, { recursive: true, force: true });
    }
  },
};

interface RunOptions {
  readonly args: string[];
  /** The image's name (normalised), when the container is made from one. */
  readonly image: string | undefined;
  readonly rootfs: string | undefined;
  readonly name: string;
  readonly restart: RestartPolicy | undefined;
  readonly tty: boolean;
  readonly interactive: boolean;
  readonly env: string[];
  readonly remove: boolean;
  readonly detach: boolean;
  readonly gracePeriodMs: number;
  /** tini as PID 1 (`init: true`). */
  readonly init: boolean;
}

/** The options checked, each mistake a UsageError before anything is made. */
async function runOptions(args: Parsed, client: Client): Promise<RunOptions> {
  const rootfsGiven = args.string('rootfs') !== undefined;
  if (rootfsGiven && args.string('image') !== undefined) throw new UsageError('--image and --rootfs say opposite things: give one');
  const restart = args.string('restart');
  if (restart !== undefined && !policyPattern.test(restart)) badValue('restart policy', restart, policies);
  const detach = args.flag('detach') === true;
  const tty = args.flag('tty') === true;
  const interactive = args.flag('interactive') === true;
  const keep = args.flag('keep') === true || args.flag('rm') === false;
  if (keep && args.flag('rm') === true) throw new UsageError('--rm and --keep say opposite things: give one');
  if (detach && (args.flag('rm') === true || restart !== undefined || tty || interactive)) {
    throw new UsageError('-d leaves the container to itself: it takes neither --rm, --restart, --tty nor -i');
  }
  const rootfs = args.string('rootfs');
  if (rootfs !== undefined && !isDirectory(rootfs)) {
    throw new UsageError(`no rootfs at ${rootfs}: --rootfs takes a directory holding the container's files`);
  }
  const gracePeriodMs = wholeNumber('grace', args.string('grace'), 10_000, 0, maxTimerMs);
  // The image lookup asks the daemon: the checks of the command line come first.
  const image = args.string('image') ?? (rootfsGiven ? undefined : await imageNamed(client, args.positionals[0]));
  const words = image !== undefined && args.string('image') === undefined ? args.positionals.slice(1) : [...args.positionals];
  if (image === undefined && words.length === 0) throw new UsageError('run needs an image or a command: rx-containerd run [options] [IMAGE] [--] CMD [ARGS...]');
  return {
    args: words,
    image: image === undefined ? undefined : normalizeReference(image, 'run'),
    rootfs: rootfs === undefined ? undefined : resolve(rootfs),
    name: args.string('name') ?? args.string('id') ?? `run-${randomBytes(4).toString('hex')}`,
    restart: restart as RestartPolicy | undefined,
    tty,
    interactive,
    env: environment(args.strings('env-file'), args.strings('env'), tty),
    remove: !keep && !detach,
    detach,
    gracePeriodMs,
    init: args.flag('init') === true,
  };
}

/**
 * Pulls `image` when the namespace lacks it, its progress on stderr as `pull` shows it; a failure names the
 * image (`cannot pull example.test/none:1: ...`).
 */
async function pullIfMissing(client: Client, image: string, args: Parsed): Promise<void> {
  if ((await client.images([`name==${image}`])).length > 0) return;
  const registry = await registryOptions(args, referenceArg(image, 'run').domain);
  await followTransfer(client.pull$(image, registry), transferView(transferMode(false))).catch((error: unknown) => {
    throw new CommandFailure(`cannot pull ${image}: ${error instanceof Error ? error.message : String(error)}`, 1, { cause: error });
  });
}

/**
 * `word` when it names an image rather than a command: it looks like a reference (a ':', '/' or '@', and no
 * leading '/'), or an image of that name (normalised as docker does) is in the namespace.
 */
async function imageNamed(client: Client, word: string | undefined): Promise<string | undefined> {
  if (word === undefined || word.startsWith('/') || word.startsWith('-')) return undefined;
  if (/[:/@]/.test(word)) return word;
  let name: string;
  try {
    name = normalizeReference(word, 'run');
  } catch {
    return undefined; // not a reference (upper case, say): a command
  }
  return (await client.images([`name==${name}`])).length > 0 ? word : undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** `-d`: starts the task and prints the name; a container whose task cannot start is removed. */
async function detached(container: Container, binary: string | undefined): Promise<number> {
  try {
    await startDetached(container);
  } catch (error) {
    await (await taskOf(container).catch(() => undefined))?.delete({ kill: true }).catch(() => undefined);
    await removeContainer(container).catch(() => undefined);
    throw notRunnable(error, binary);
  }
  console.log(container.id);
  return 0;
}
