/**
 * The escape hatch: a Subscribe with the caller's own containerd filters, for topics the library does not
 * model (images, snapshots, namespaces...).
 * @module
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { filter, map, type Observable } from 'rxjs';
import { FENCE_TOPIC } from './fence.js';
import type { Connection } from '../client/connection.js';
import { toEnvelope, unknownEvent } from '../proto/envelope.js';
import type { Envelope } from '../proto/events.js';
import { Events } from '../proto/services.js';
import { toDate } from '../proto/timestamp.js';

/**
 * A cold stream of the events matching `filters` (ORed; a comma ANDs inside one), the fences of rx-containerd
 * clients excluded. Payloads the registry does not know arrive as UnknownEvent. A bad filter errors the stream with a typed error.
 *
 * @example
 * ```ts
 * rawEvents$(conn, ['topic~="^/images/"']).subscribe(e => console.log(e.topic));
 * ```
 */
export function rawEvents$(conn: Connection, filters: readonly string[]): Observable<Envelope> {
  return conn.stream$(Events.subscribe, { filters }).pipe(
    filter((raw) => raw.topic !== FENCE_TOPIC),
    map((raw) => {
      const decoded = toEnvelope(raw);
      if (!isLeft(decoded)) return decoded.right;
      return {
        timestamp: toDate(raw.timestamp) ?? new Date(0),
        namespace: raw.namespace,
        topic: raw.topic,
        event: unknownEvent(raw.event ?? { typeUrl: '', value: new Uint8Array() }),
      };
    }),
  );
}
