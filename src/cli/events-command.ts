/**
 * `rx-containerd events`: the live event stream of a namespace.
 * @module
 */
import { connect } from '../process/client.js';
import { ofTopic } from '../streams/of-topic.js';
import { globalHelp, parse } from './args.js';
import { eventJson, eventLine } from './format.js';

export const eventsHelp = `Usage: rx-containerd events [--topic T]... [--json]

Prints the namespace's events as they happen: time, topic, container, exec, exit code. Says on stderr
'(listening: the event stream is live)' once every event from then on is shown.
  -t, --topic T   only this topic, or a prefix ending in '/' (repeatable)
      --json      one JSON object per line
${globalHelp}`;

/** Runs until interrupted (SIGINT/SIGTERM) or the stream fails. */
export async function eventsCommand(argv: string[]): Promise<number> {
  const { values, global, help } = parse(argv, { topic: { type: 'string', short: 't', multiple: true }, json: { type: 'boolean' } });
  if (help) {
    console.log(eventsHelp);
    return 0;
  }
  const topics = (values.topic as string[] | undefined) ?? [];
  const client = connect(global);
  await client.version(); // a dead address fails here, as one clear line
  return new Promise<number>((resolve) => {
    const stream = topics.length > 0 ? client.events$.pipe(ofTopic(...topics)) : client.events$;
    const sub = stream.subscribe({
      next: (e) => console.log(values.json ? eventJson(e) : eventLine(e)),
      error: (error: Error) => {
        console.error(`rx-containerd: ${error.message}`);
        finish(1);
      },
    });
    let listening = false;
    // On stderr in both modes, so that a script (or a test) knows from when on no event is missed.
    const states = client.hub.state$.subscribe((s) => {
      if (s === 'live' && !listening) console.error('(listening: the event stream is live)');
      if (s === 'live') listening = true;
    });
    let away = false;
    const downs = values.json ? undefined : client.hub.state$.subscribe((s) => {
      if (s === 'down' && listening && !away) console.error('(the daemon went away: reconnecting...)');
      if (s === 'down') away = true;
      if (s === 'live') away = false;
    });
    const gaps = client.hub.outages$.subscribe(({ from, to }) => {
      console.error(`(event stream live again: events from ${from.toISOString()} to ${to.toISOString()} were not seen)`);
    });
    const finish = (code: number): void => {
      sub.unsubscribe();
      states.unsubscribe();
      downs?.unsubscribe();
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
}
