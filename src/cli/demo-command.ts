/**
 * `rx-containerd demo`: the main job. Starts a private containerd, builds a busybox image and pulls it from a
 * private registry (or imports it when none is installed),
 * runs a small supervised set of containers made from that image live — a process that crash-loops with visible backoff, a healthy service with a health
 * check, an exec into it — prints a timeline, and cleans everything up.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { catchError, concatMap, defer, EMPTY, first, firstValueFrom, lastValueFrom, merge, ReplaySubject, switchMap, tap, timeout, timer } from 'rxjs';
import { DaemonStartError, startDaemon, type Daemon } from '../testing/daemon.js';
import { buildFixtureImage } from '../testing/image-builder.js';
import { connect } from '../process/client.js';
import type { Container } from '../process/container.js';
import { maxTimerMs } from '../supervise/check.js';
import { supervisor } from '../supervise/supervisor.js';
import { describeExit } from '../supervise/exit.js';
import { UsageError } from './args.js';
import { demoImage } from './demo-image.js';
import type { Command } from './command.js';
import { missingPackages } from './host-packages.js';
import { canInstall, installDebianPackages } from './install.js';
import { clock, eventLine } from './format.js';
import { progress } from './progress.js';
import { supervisorLine } from './timeline.js';

export const demoCommand: Command = {
  name: 'demo',
  synopsis: '[--seconds N] [--events] [--install]',
  summary: 'a private containerd running a small supervised set, live',
  description: `Starts a private containerd (as root; with --install, installing Debian's containerd runc busybox-static
first when they are missing), builds a small busybox image (made offline) and, when Debian's docker-registry is
installed, pushes it into a private registry and pulls it from there (showing the pull's progress), else
imports it as an OCI archive; then supervises three processes of containers made from that image live for N seconds (default 8) once they are up: one that crash-loops with
visible backoff, a healthy service with an exec health check, and an exec into the service. Cleans everything
up. Exits 0 when the whole show ran, 1 when a part of it could not (or the set did not come up in 60 s).`,
  options: {
    seconds: { type: 'string', arg: 'N', help: 'how long to run once every process started (default 8)' },
    events: { type: 'boolean', help: "also print the daemon's raw task events" },
    install: { type: 'boolean', help: 'install the missing Debian packages with apt-get (as root); without it, the demo only says which are missing' },
  },
  run: (args) => demoRun(args.string('seconds'), args.flag('events') === true, args.flag('install') === true),
};

async function demoRun(secondsArg: string | undefined, showEvents: boolean, install: boolean): Promise<number> {
  const seconds = secondsArg === undefined ? 8 : Number(secondsArg);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds * 1000 > maxTimerMs) {
    throw new UsageError(`--seconds takes a positive number of seconds up to ${Math.floor(maxTimerMs / 1000)}`);
  }

  // Ctrl-C, a closed terminal or a kill: stop the supervised set gracefully and clean up as at the end.
  const stop = new ReplaySubject<void>(1); // replayed: a stop asked for early still counts
  let interrupted = false;
  const onSignal = (): void => {
    interrupted = true;
    stop.next();
  };
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  try {
    return await demo(seconds, showEvents, stop, () => interrupted, install);
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}

/** The name the demo's image is imported under. */
const DEMO_IMAGE = 'rx-containerd.demo/busybox:1';

/** How long the supervised set may take to come up before the demo gives up on it. */
const upLimitMs = 60_000;

async function demo(seconds: number, showEvents: boolean, stop: ReplaySubject<void>, interrupted: () => boolean, install: boolean): Promise<number> {
  const daemon = await startDaemonOrExplain(install);
  const work = mkdtempSync(join(tmpdir(), 'rxc-demo-'));
  const fixture = await progress('building a busybox image', () =>
    buildFixtureImage({ dir: join(work, 'image'), names: [DEMO_IMAGE], platforms: 'host' }),
  ).catch(async (e: unknown) => {
    await daemon.stop();
    rmSync(work, { recursive: true, force: true });
    throw e;
  });
  // A namespace of its own: runc keeps its state in /run/containerd/runc/<namespace>/<id> whatever the daemon,
  // so two demos at once in one namespace would take each other's 'web' and 'crashy'.
  const namespace = `demo-${randomBytes(3).toString('hex')}`;
  const client = connect({ address: daemon.address, namespace });
  try {
    const version = await client.version();
    console.log(`containerd ${version.version}, namespace ${namespace}, socket ${daemon.address}\n`);
    if (interrupted()) return 130;
    // Ctrl-C during the pull ends the registry too (it is in our process group): that failure is the interrupt.
    const image = await demoImage(client, fixture, join(work, 'demo-image.tar')).catch((error: unknown) => {
      if (interrupted()) return undefined;
      throw error;
    });
    fixture.remove();
    if (interrupted() || image === undefined) return 130;
    // The image's Entrypoint is /bin/sh -c: `args` replace its Cmd with a script. It runs as the image's user
    // (app), in its WorkingDir, and a graceful stop sends the image's StopSignal (SIGINT).
    const crashy = await client.newContainer('crashy', { image: image.name, args: ['echo "crashy: working as $(id -un) in $PWD"; sleep 0.3; echo "crashy: oops" >&2; exit 1'] });
    const web = await client.newContainer('web', {
      image: image.name,
      args: ['trap \'echo "web: got SIGINT, bye"; exit 0\' INT; trap \'echo "web: got SIGTERM, bye"; exit 0\' TERM; echo "web: warming up"; sleep 1.5; touch /tmp/ready; echo "web: ready"; while true; do sleep 1 & wait $!; done'],
    });
    const rawEvents = showEvents ? client.events$.subscribe((e) => console.log(`           ${eventLine(e)}`)) : undefined;
    const children = ['web', 'crashy'];
    const tree$ = supervisor({
      strategy: 'one-for-one',
      intensity: { intensity: 100, periodMs: 60_000 },
      stop,
      children: [
        {
          id: 'web',
          start: () => web.newTask({ stdio: 'inherit' }),
          restart: 'always',
          gracePeriodMs: 2_000,
          // A probe can take seconds on a loaded machine: a short timeout would restart a healthy web.
          health: { command: ['/bin/test', '-e', '/tmp/ready'], intervalMs: 500, timeoutMs: 10_000, retries: 3, startPeriodMs: 2_500 },
          cleanup: () => web.delete(),
        },
        {
          id: 'crashy',
          start: () => crashy.newTask({ stdio: 'inherit' }),
          restart: 'always',
          backoff: { initialMs: 200, factor: 2, maxMs: 3_200, resetAfterMs: 10_000 },
          gracePeriodMs: 1_000,
          cleanup: () => crashy.delete(),
        },
      ],
    });
    const t0 = Date.now();
    let execFailed = false;
    let notUp = false;
    const exec$ = timer(Math.min(3_000, (seconds * 1000) / 2)).pipe(
      concatMap(() => execHello(web)),
      catchError((error: unknown) => {
        execFailed = true;
        console.log(`${clock(new Date())}  exec hello failed: ${(error as Error).message}`);
        return EMPTY;
      }),
    );
    const runFor$ = timer(seconds * 1000).pipe(tap(() => {
      console.log(`${clock(new Date())}  -- ${seconds} s are up: stopping everything gracefully --`);
      stop.next();
    }));
    // The show's N seconds count from the moment every process has started once. Getting there (the daemon
    // creating tasks, web warming up until healthy, since crashy starts after it) takes a time that grows with
    // the machine's load, and must not eat into the show.
    const up = new ReplaySubject<void>(1);
    const started = new Set<string>();
    const side = up.pipe(
      first(),
      timeout({ first: upLimitMs, with: () => defer(() => {
        notUp = true;
        console.log(`${clock(new Date())}  -- not every process started within ${upLimitMs / 1000} s: stopping --`);
        stop.next();
        return EMPTY;
      }) }),
      switchMap(() => merge(exec$, runFor$)),
    ).subscribe();
    let gaveUp = false;
    await lastValueFrom(tree$.pipe(tap((e) => {
      if (e.type === 'gave-up') gaveUp = true;
      console.log(supervisorLine(e, new Date()));
      if (e.type === 'started' && e.child !== undefined && started.add(e.child).size === children.length) up.next();
    })), { defaultValue: undefined });
    side.unsubscribe();
    rawEvents?.unsubscribe();
    const left = await client.containers();
    console.log(`\ndone in ${((Date.now() - t0) / 1000).toFixed(1)} s; containers left: ${left.length}`);
    if (interrupted()) return 130;
    return gaveUp || notUp || execFailed || left.length > 0 ? 1 : 0;
  } finally {
    client.close();
    await progress('stopping containerd', () => daemon.stop());
    rmSync(work, { recursive: true, force: true });
  }
}

/** Runs an exec in web's task that says hello and exits 3, and prints how it ended. */
async function execHello(web: Container): Promise<void> {
  const task = await web.task({ stdio: 'inherit' });
  const proc = await task.exec('hello', { args: ['/bin/sh', '-c', 'echo "exec: hello from inside web"; exit 3'] }, { stdio: 'inherit' });
  const exited = firstValueFrom(proc.wait$());
  exited.catch(() => undefined); // awaited below, unless the start fails
  await proc.start();
  const status = await exited;
  await proc.delete(); // takes the rest of its output first
  console.log(`${clock(new Date())}  exec hello ${describeExit(status)}`);
}

/**
 * Starts a private daemon. Debian's packages it needs are installed only when the user asked for it with
 * `--install` (and we can): the CLI never changes the host's packages unasked.
 */
async function startDaemonOrExplain(install: boolean): Promise<Daemon> {
  const missing = missingPackages();
  if (missing.length > 0) {
    if (!install || !canInstall()) {
      const how = `as root, run apt-get install -y ${missing.join(' ')}`;
      throw new UsageError(`the demo needs ${missing.join(', ')}: ${install ? how : `${how}, or run the demo with --install as root`}`);
    }
    await progress(`installing ${missing.join(' ')}`, () => installDebianPackages(missing), 0);
  }
  try {
    return await progress('starting a private containerd', () => startDaemon());
  } catch (error) {
    if (error instanceof DaemonStartError) throw new UsageError(`the demo needs a containerd it can start: ${error.message}`);
    throw error;
  }
}
