/**
 * Envelope typing: a raw envelope from Events.Subscribe made a typed {@link Envelope}. An event of a type
 * the registry does not know becomes an {@link UnknownEvent} value that the stream carries (diagnostics may
 * ignore it); only a malformed payload, or none, is a Left.
 * @module
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { DecodeError } from './decode-error.js';
import { decodeEvent } from './event-registry.js';
import type { Envelope, UnknownEvent } from './events.js';
import type * as M from './messages.js';
import { toDate } from './timestamp.js';

/**
 * The {@link UnknownEvent} value for an Any we could not name.
 * @example
 * ```ts
 * unknownEvent({ typeUrl: 'x.Y', value: new Uint8Array() }); // { type: 'Unknown', typeUrl: 'x.Y', value: ... }
 * ```
 */
export function unknownEvent(any: { readonly typeUrl: string; readonly value: Uint8Array }): UnknownEvent {
  return { type: 'Unknown', typeUrl: any.typeUrl, value: any.value };
}

/**
 * The typed envelope of a raw one from Events.Subscribe. An unknown type_url gives an
 * {@link UnknownEvent} inside Right; a malformed payload, or no payload, gives Left. A missing timestamp
 * (the daemon always sets one) reads as the Unix epoch.
 * @example
 * ```ts
 * Events.subscribe  // response codec yields EnvelopeMessage
 * const r = toEnvelope(raw);
 * if (isRight(r)) console.log(r.right.topic, r.right.event.type);
 * ```
 */
export function toEnvelope(raw: M.EnvelopeMessage): Either<DecodeError, Envelope> {
  const timestamp = toDate(raw.timestamp) ?? new Date(0);
  const { namespace, topic } = raw;
  if (raw.event === null || raw.event === undefined) {
    return left({ kind: 'malformed', typeUrl: '', value: new Uint8Array(0), message: `envelope on ${topic} without an event` });
  }
  const decoded = decodeEvent(raw.event);
  if (decoded._tag === 'Right') return right({ timestamp, namespace, topic, event: decoded.right });
  if (decoded.left.kind === 'unknown-type') return right({ timestamp, namespace, topic, event: unknownEvent(raw.event) });
  return decoded;
}
