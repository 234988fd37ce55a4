/**
 * `rx-containerd events`: the live event stream of a namespace.
 * @module
 */
import { filter, type Observable } from 'rxjs';
import type { Envelope } from '../proto/events.js';
import { containerOf } from '../streams/event-keys.js';
import { ofTopic } from '../streams/of-topic.js';
import { connect } from '../process/client.js';
import { badValue } from './args.js';
import type { Command } from './command.js';
import { clock, eventJson, eventLine } from './format.js';

const filterKeys = ['topic', 'container'] as const;

export const eventsCommand: Command = {
  name: 'events',
  synopsis: '[--filter KEY=VALUE]... [--json]',
  summary: 'the live event stream of the namespace',
  description: `Prints the namespace's events as they happen: time, topic, container, exec, exit code. Says on stderr, with
the time, '(listening: the event stream is live)' once every event from then on is shown, and when the daemon
goes away and comes back. Filters as docker's: values of one key are alternatives, different keys must all match.`,
  options: {
    filter: { type: 'string', short: 'f', multiple: true, arg: 'KEY=VALUE', suggest: filterKeys.map((k) => `${k}=`), help: "topic=T (a prefix when it ends in '/') or container=ID" },
    topic: { type: 'string', short: 't', multiple: true, arg: 'T', help: 'the same as --filter topic=T' },
    json: { type: 'boolean', help: 'one JSON object per line' },
  },
  run: async (args) => {
    const filters = readFilters([...args.strings('filter'), ...args.strings('topic').map((t) => `topic=${t}`)]);
    const client = connect(args.global);
    try {
      await client.version(); // a dead address fails here, as one clear line
    } catch (error) {
      client.close();
      throw error;
    }
    const json = args.flag('json') === true;
    const note = (text: string): void => console.error(`${clock(new Date())}  (${text})`);
    return new Promise<number>((resolve) => {
      const sub = filtered(client.events$, filters).subscribe({
        next: (e) => console.log(json ? eventJson(e) : eventLine(e)),
        error: (error: Error) => {
          console.error(`rx-containerd: ${error.message}`);
          finish(1);
        },
      });
      let listening = false;
      let away = false;
      // On stderr in both modes, so that a script (or a test) knows from when on no event is missed.
      const states = client.hub.state$.subscribe((s) => {
        if (s === 'live' && !listening) note('listening: the event stream is live');
        if (s === 'down' && listening && !away && !json) note('the daemon went away: reconnecting...');
        if (s === 'live') listening = true;
        away = s === 'down';
      });
      const gaps = client.hub.outages$.subscribe(({ from, to }) => {
        note(`event stream live again: events from ${from.toISOString()} to ${to.toISOString()} were not seen`);
      });
      const finish = (code: number): void => {
        sub.unsubscribe();
        states.unsubscribe();
        gaps.unsubscribe();
        client.close();
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve(code);
      };
      const onSignal = (): void => finish(0);
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
    });
  },
};

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

function filtered(events$: Observable<Envelope>, filters: Filters): Observable<Envelope> {
  const byTopic = filters.topic.length > 0 ? events$.pipe(ofTopic(...filters.topic)) : events$;
  if (filters.container.length === 0) return byTopic;
  return byTopic.pipe(filter((e) => filters.container.includes(containerOf(e.event) ?? '')));
}
