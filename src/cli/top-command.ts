/**
 * `rx-containerd top`: a live view of the namespace's containers and tasks, from the shared event stream and
 * resource samples; a terminal screen, or one JSON line per refresh with `--json`.
 * @module
 */
import { combineLatest, forkJoin, map, NEVER, type Observable, retry, startWith, Subscription } from 'rxjs';
import type { Fleet } from '../fleet/fleet.js';
import { connect, type Client } from '../process/client.js';
import { taskMetrics$ } from '../process/metrics/read-metrics.js';
import { toSnapshot } from '../process/status.js';
import { Tasks } from '../proto/services.js';
import { UsageError, wholeNumber } from './args.js';
import type { Command } from './command.js';
import { fleetHelp, fleetOf, fleetOptions } from './fleet-args.js';
import { processUptimeMs } from './proc-start.js';
import { topView$, type SampleSource, type TopSources } from './top-feed.js';
import { containerRow, type TopRow } from './top-rows.js';
import { topFrames, topJson, topScreen, type TopFrame } from './top-screen.js';
import { openTopTerminal } from './top-terminal.js';

export const topCommand: Command = {
  name: 'top',
  synopsis: '[--json] [--interval MS] [--node NAME=ADDRESS ... | --fleet FILE]',
  summary: 'a live view of the containers: status, pid, uptime, restarts, CPU %, memory',
  description: `Shows the namespace's containers and their tasks, kept up to date from the event stream: name (a supervised
child's name, else the container id), status (or how the last task exited), pid, uptime, restarts (counted by
its supervisor), CPU % (of one CPU, between two samples, as docker stats) and memory of each running task,
sampled every --interval. q or Ctrl-C quits and gives the terminal back. With --json, writes one JSON object per
refresh instead (after each change, and every --interval): { time, namespace, rows: [{ id, name, status, pid,
uptimeMs, restarts, cpuPercent, memoryBytes, exitCode, oomKilled }] }, null where a value is not known.
${fleetHelp} A node that does not answer has no rows until it does.`,
  options: {
    json: { type: 'boolean', help: 'one JSON object per line per refresh, for machines' },
    interval: { type: 'string', arg: 'MS', help: 'how often resources are sampled and the view refreshed (default 1000)' },
    ...fleetOptions,
  },
  run: async (args) => {
    const json = args.flag('json') === true;
    const intervalMs = wholeNumber('interval', args.string('interval'), 1000, 100, 3_600_000);
    if (!json && process.stdout.isTTY !== true) throw new UsageError('top draws on a terminal; give --json for a stream of lines');
    const fleet = fleetOf(args);
    if (fleet !== undefined) {
      const frames$ = fleetRows$(fleet, intervalMs).pipe(topFrames(intervalMs));
      const close = (): void => fleet.close();
      const namespace = fleet.node(fleet.nodes[0] as string).namespace; // every node's unless a fleet file says otherwise
      return json ? jsonLines(frames$, namespace, close) : screen(frames$, namespace, close);
    }
    const client = connect(args.global);
    try {
      await client.version(); // a dead address fails here, as one clear line
    } catch (error) {
      client.close();
      throw error;
    }
    const frames$ = topView$(daemonSources(client, metricsSamples(client)), intervalMs).pipe(topFrames(intervalMs));
    const close = (): void => client.close();
    return json ? jsonLines(frames$, client.namespace, close) : screen(frames$, client.namespace, close);
  },
};

/** Every node's rows as one list, each row with its node; a node's rows appear once it has answered. */
function fleetRows$(fleet: Fleet, intervalMs: number): Observable<readonly TopRow[]> {
  return combineLatest(fleet.nodes.map((node) => {
    const client = fleet.node(node);
    return topView$(daemonSources(client, metricsSamples(client)), intervalMs).pipe(
      map((rows) => rows.map((row): TopRow => ({ ...row, node }))),
      startWith([] as readonly TopRow[]),
    );
  })).pipe(map((lists) => lists.flat()));
}

/**
 * Samples of a task's metrics (Tasks.Metrics, decoded), polled without a Task handle (no Tasks.Get, no IO): CPU
 * % between two samples as `docker stats`, memory as its working set (what `docker stats` shows as MEM USAGE).
 * The sampler ends when the view sees the task stop; a read that finds the task gone waits for that (`NEVER` as
 * the poll's exit) instead of asking again.
 */
function metricsSamples(client: Client): SampleSource {
  return (containerId, intervalMs) =>
    taskMetrics$(client.conn, containerId, () => NEVER, { intervalMs }).pipe(
      map((m) => ({ containerId, cpuPercent: m.cpuPercent ?? null, memoryBytes: m.memory.workingSetBytes })),
    );
}

/** The view's sources on a client of the daemon. */
function daemonSources(client: Client, sample: SampleSource): TopSources {
  return {
    events$: client.events$,
    live$: client.hub.live$,
    listing$: () =>
      forkJoin([client.containers$(), client.conn.call$(Tasks.list, {})]).pipe(
        map(([containers, { tasks }]) => {
          const byId = new Map(tasks.map((t) => [t.containerId || t.id, toSnapshot(t)]));
          return containers.map((c): TopRow => {
            const row = containerRow(c.id, c.labels);
            const task = byId.get(c.id);
            if (task === undefined) return row;
            if (task.status === 'stopped') return { ...row, status: 'stopped', exitCode: task.exitStatus ?? null };
            const up = task.status === 'running' || task.status === 'paused' ? processUptimeMs(task.pid) : undefined;
            return { ...row, status: task.status, pid: task.pid, startedAt: up === undefined ? null : Date.now() - up };
          });
        }),
        retry({ delay: 1000 }), // the stream is live: the daemon answers again soon
      ),
    labels$: (id) => client.loadContainer$(id).pipe(map((c) => c.labels)),
    sample,
  };
}

function jsonLines(frames$: Observable<TopFrame>, namespace: string, close: () => void): Promise<number> {
  return until(frames$, (frame) => console.log(topJson(frame, namespace)), undefined, close).then(report);
}

function screen(frames$: Observable<TopFrame>, namespace: string, close: () => void): Promise<number> {
  const terminal = openTopTerminal();
  let last: TopFrame | undefined;
  const draw = (frame: TopFrame): void => {
    last = frame;
    terminal.draw(topScreen(frame, namespace, terminal.width, terminal.height));
  };
  const redraws = terminal.resized$.subscribe(() => last !== undefined && draw(last));
  return until(frames$, draw, terminal.quit$, close).then((end) => {
    redraws.unsubscribe();
    terminal.restore();
    return report(end); // on the shell's screen, once it is back
  });
}

/** How the view ended: quit (undefined) or an error. */
type End = Error | undefined;

function report(end: End): number {
  if (end === undefined) return 0;
  console.error(`rx-containerd: ${end.message}`);
  return 1;
}

/** Shows each frame until `quit$` (or SIGINT/SIGTERM without it), a broken stdout, or an error; then closes the client (or fleet). */
function until(frames$: Observable<TopFrame>, show: (frame: TopFrame) => void, quit$: Observable<void> | undefined, close: () => void): Promise<End> {
  return new Promise<End>((resolve) => {
    const signals = ['SIGINT', 'SIGTERM'] as const;
    const subs = new Subscription();
    const finish = (end: End): void => {
      subs.unsubscribe();
      for (const s of signals) process.off(s, onSignal);
      process.stdout.off('error', onBrokenPipe);
      close();
      resolve(end);
    };
    const onSignal = (): void => finish(undefined);
    const onBrokenPipe = (): void => finish(undefined); // `top --json | head`: the reader left
    if (quit$ === undefined) for (const s of signals) process.on(s, onSignal);
    process.stdout.on('error', onBrokenPipe);
    subs.add(frames$.subscribe({ next: show, error: (error: Error) => finish(error) }));
    if (quit$ !== undefined) subs.add(quit$.subscribe(() => finish(undefined)));
  });
}
