/**
 * `rx-containerd events`: the live event stream of a namespace.
 * @module
 */
import { filter, first, map, merge, pairwise, scan, startWith, type Observable } from 'rxjs';
import type { Envelope } from '../proto/events.js';
import { containerOf } from '../streams/event-keys.js';
import { ofTopic } from '../streams/of-topic.js';
import { connect, type Client } from '../process/client.js';
import type { Fleet } from '../fleet/fleet.js';
import { fleetHelp, fleetOf, fleetOptions } from './fleet-args.js';
import { badValue } from './args.js';
import type { Command } from './command.js';
import { clock, eventJson, eventLine } from './format.js';

const filterKeys = ['topic', 'container'] as const;

export const eventsCommand: Command = {
  name: 'events',
  synopsis: '[--filter KEY=VALUE]... [--json] [--node NAME=ADDRESS]... [--fleet FILE]',
  summary: 'the live event stream of the namespace',
  description: `Prints the namespace's events as they happen: time, topic, container, exec, exit code. Says on stderr, with
the time, '(listening: the event stream is live)' once every event from then on is shown, and when the daemon
goes away and comes back. Filters as docker's: values of one key are alternatives, different keys must all match.

${fleetHelp} Each node's stream is said live on its own, then the whole fleet's; a node that goes away reconnects
while the others' events go on.`,
  options: {
    filter: { type: 'string', short: 'f', multiple: true, arg: 'KEY=VALUE', suggest: filterKeys.map((k) => `${k}=`), help: "topic=T (a prefix when it ends in '/') or container=ID" },
    topic: { type: 'string', short: 't', multiple: true, arg: 'T', help: 'the same as --filter topic=T' },
    json: { type: 'boolean', help: 'one JSON object per line (with "node" in a fleet)' },
    ...fleetOptions,
  },
  run: async (args) => {
    const filters = readFilters([...args.strings('filter'), ...args.strings('topic').map((t) => `topic=${t}`)]);
    const json = args.flag('json') === true;
    const fleet = fleetOf(args);
    if (fleet !== undefined) return follow(fleetWatch(fleet, json), filters, json);
    const client = connect(args.global);
    try {
      await client.version(); // a dead address fails here, as one clear line
    } catch (error) {
      client.close();
      throw error;
    }
    return follow(clientWatch(client, json), filters, json);
  },
};

/** What `events` follows: the events, the notes it writes on stderr, and how it ends. */
interface Watch {
  readonly events$: Observable<Envelope & { readonly node?: string }>;
  /** The notes on stderr (listening, away, gaps), as texts. */
  readonly notes$: Observable<string>;
  close(): void;
}

function clientWatch(client: Client, json: boolean): Watch {
  const notes$ = merge(
    client.hub.state$.pipe(
      scan((w: { listening: boolean; away: boolean; note?: string }, s) => {
        const note = s === 'live' && !w.listening ? 'listening: the event stream is live' : s === 'down' && w.listening && !w.away && !json ? 'the daemon went away: reconnecting...' : undefined;
        return { listening: w.listening || s === 'live', away: s === 'down', ...(note ? { note } : {}) };
      }, { listening: false, away: false }),
      map((w) => w.note),
    ),
    client.hub.outages$.pipe(map(({ from, to }) => `event stream live again: events from ${from.toISOString()} to ${to.toISOString()} were not seen`)),
  ).pipe(filter((n): n is string => n !== undefined));
  return { events$: client.events$, notes$, close: () => client.close() };
}

function fleetWatch(fleet: Fleet, json: boolean): Watch {
  const nodeNotes$ = merge(...fleet.nodes.map((node) =>
    fleet.nodeState$(node).pipe(
      pairwise(),
      map(([was, now]) => (now === 'live' && was !== 'live' ? `node ${node}: listening: the event stream is live` : now === 'down' && was !== 'down' && !json ? `node ${node}: the daemon went away: reconnecting...` : undefined)),
      startWith(undefined),
    ),
  ));
  const notes$ = merge(
    nodeNotes$,
    fleet.state$.pipe(first((s) => s.health === 'live'), map(() => "listening: every node's event stream is live")),
    fleet.outages$.pipe(map(({ node, from, to }) => `node ${node}: event stream live again: events from ${from.toISOString()} to ${to.toISOString()} were not seen`)),
  ).pipe(filter((n): n is string => n !== undefined));
  return { events$: fleet.events$, notes$, close: () => fleet.close() };
}

/** Prints the watch's events (and its notes on stderr, with the time) until SIGINT or SIGTERM; resolves the exit code. */
function follow(watch: Watch, filters: Filters, json: boolean): Promise<number> {
  const note = (text: string): void => console.error(`${clock(new Date())}  (${text})`);
  return new Promise<number>((resolve) => {
    const sub = filtered(watch.events$, filters).subscribe({
      next: (e) => console.log(json ? eventJson(e) : e.node === undefined ? eventLine(e) : `${e.node.padEnd(8)} ${eventLine(e)}`),
      error: (error: Error) => {
        console.error(`rx-containerd: ${error.message}`);
        finish(1);
      },
    });
    // On stderr in both modes, so that a script (or a test) knows from when on no event is missed.
    const notes = watch.notes$.subscribe(note);
    const finish = (code: number): void => {
      sub.unsubscribe();
      notes.unsubscribe();
      watch.close();
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      resolve(code);
    };
    const onSignal = (): void => finish(0);
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

type Filters = Readonly<Record<(typeof filterKeys)[number], string[]>>;

/** `topic=/tasks/exit` and the like, by key; an unknown key or a missing '=' is a UsageError listing the keys. */
function readFilters(specs: readonly string[]): Filters {
  const filters: Filters = { topic: [], container: [] };
  for (const spec of specs) {
    const at = spec.indexOf('=');
    const key = at < 0 ? spec : spec.slice(0, at);
    if (at < 0 || !(filterKeys as readonly string[]).includes(key)) badValue('filter', spec, filterKeys.map((k) => `${k}=...`));
    filters[key as keyof Filters].push(spec.slice(at + 1));
  }
  return filters;
}

function filtered<T extends Envelope>(events$: Observable<T>, filters: Filters): Observable<T> {
  const byTopic = filters.topic.length > 0 ? events$.pipe(ofTopic(...filters.topic)) : events$;
  if (filters.container.length === 0) return byTopic;
  return byTopic.pipe(filter((e) => filters.container.includes(containerOf(e.event) ?? '')));
}
