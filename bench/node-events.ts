/**
 * A witness for bench/wait-at-scale.ts, the twin of bench/go-events: this library's client subscribed to the
 * daemon's events of one namespace, in a Node process of its own that does nothing else, printing each TaskExit
 * of an init process as it arrives. Beside the Go witness it tells the receiving runtime (one Node thread against
 * Go's scheduler) from the bench process's own load (500 kills and waits in flight).
 * Prints "ready" once the stream is live, then one JSON line per exit:
 * {"id": container id, "exitedAt": ms, "published": ms (the envelope's timestamp), "arrived": ms}, all Unix ms.
 *
 *   node build/bench/node-events.js SOCKET NAMESPACE
 */
import { filter, firstValueFrom } from 'rxjs';
import { connect } from '../src/index.js';

const [address, namespace] = process.argv.slice(2);
const client = connect({ address: address!, namespace: namespace! });
client.events$.pipe(filter((e) => e.event.type === 'TaskExit')).subscribe((e) => {
  const arrived = Date.now();
  if (e.event.type !== 'TaskExit' || e.event.id !== e.event.containerId || !e.event.exitedAt) return;
  process.stdout.write(`${JSON.stringify({ id: e.event.containerId, exitedAt: e.event.exitedAt.getTime(), published: e.timestamp.getTime(), arrived })}\n`);
});
await firstValueFrom(client.hub.live$);
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  client.close();
  process.exit(0);
});
