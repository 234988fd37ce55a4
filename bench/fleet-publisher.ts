/**
 * The publisher of bench/fleet-events, in a process of its own so that its cost is not the measured one:
 * publishes COUNT events (`/bench/tick`) on each daemon ADDRESS in namespace NS, 16 calls in flight per daemon,
 * then exits.
 *
 *   node build/bench/fleet-publisher.js NS COUNT ADDRESS...
 */
import { firstValueFrom } from 'rxjs';
import { Connection } from '../src/client/connection.js';
import { encodeEvent } from '../src/proto/any.js';
import { Events } from '../src/proto/services.js';

const [namespace, countText, ...addresses] = process.argv.slice(2);
const count = Number(countText);
const event = encodeEvent({ type: 'TaskOOM', containerId: 'tick' });

await Promise.all(
  addresses.map(async (address) => {
    const conn = new Connection({ address, namespace: namespace! });
    let next = 0;
    const lane = async (): Promise<void> => {
      while (next < count) {
        next++;
        await firstValueFrom(conn.call$(Events.publish, { topic: '/bench/tick', event }));
      }
    };
    await Promise.all(Array.from({ length: 16 }, lane));
    conn.close();
  }),
);
