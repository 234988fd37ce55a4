/**
 * Idle clients hold the shared event stream open on one private containerd for a while (default 150 s):
 * does the stream stay up? Two clients side by side in the same run: ours with the default channel options,
 * and one that sends gRPC keepalive pings every 30 s (what the client did before). containerd's gRPC server
 * keeps Go's default keepalive enforcement (pings less than 5 min apart are strikes; two strikes and it
 * closes the connection with GOAWAY "too_many_pings"), so the second one's stream breaks.
 *
 *   npm run build:test && node build/bench/idle-stream.js [seconds=150]
 */
import { firstValueFrom } from 'rxjs';
import { connect, startDaemon, type Client, type Outage } from '../src/index.js';

const SECONDS = Number(process.argv[2] ?? 150);
const daemon = await startDaemon();
const clients: Array<[string, Client]> = [
  ['default options', connect({ address: daemon.address, namespace: 'idle-default' })],
  ['keepalive every 30 s', connect({ address: daemon.address, namespace: 'idle-keepalive', channelOptions: { 'grpc.keepalive_time_ms': 30_000, 'grpc.keepalive_timeout_ms': 10_000 } })],
];
try {
  const outages = new Map<string, Outage[]>();
  for (const [name, client] of clients) {
    outages.set(name, []);
    client.hub.outages$.subscribe((o) => outages.get(name)!.push(o));
    await firstValueFrom(client.hub.live$);
  }
  await new Promise((r) => setTimeout(r, SECONDS * 1000));
  console.log(`idle shared streams held for ${SECONDS} s on one daemon`);
  for (const [name, list] of outages) {
    const details = list.map((o) => `${((o.from.getTime() - Date.now()) / 1000 + SECONDS).toFixed(0)} s: ${o.error?.daemonMessage}`).join('; ');
    console.log(`${name.padEnd(22)} outages: ${list.length}${details ? ` (${details})` : ''}`);
  }
} finally {
  for (const [, c] of clients) c.close();
  await daemon.stop();
}
