/**
 * Decoding with diagnostics: a raw envelope of the shared stream becomes a typed one, and whatever the stream
 * passes over (another namespace, an unknown type, a malformed payload) becomes a diagnostic. Pure: the hub
 * decides where both go.
 * @module
 */
import { isLeft } from 'fp-ts/lib/Either.js';
import { toEnvelope } from '../proto/envelope.js';
import type { Envelope } from '../proto/events.js';
import type { EnvelopeMessage } from '../proto/messages.js';
import type { StreamDiagnostic } from './connection-state.js';

/** What one raw envelope gives: an envelope to deliver, a diagnostic to report, or both (an unknown type). */
export interface Decoded {
  readonly envelope?: Envelope;
  readonly diagnostic?: StreamDiagnostic;
}

/**
 * Decodes `raw` for a stream of `namespace`. An event of another namespace and a malformed payload give a
 * diagnostic and no envelope; an unknown type_url gives an UnknownEvent envelope and a diagnostic.
 *
 * @example
 * ```ts
 * const { envelope, diagnostic } = decodeRaw(raw, 'default');
 * if (diagnostic) diagnostics.next(diagnostic);
 * if (envelope) deliver(envelope);
 * ```
 */
export function decodeRaw(raw: EnvelopeMessage, namespace: string): Decoded {
  if (raw.namespace !== namespace) {
    return { diagnostic: { kind: 'foreign-namespace', topic: raw.topic, typeUrl: raw.event?.typeUrl ?? '', message: `event of namespace ${raw.namespace} dropped` } };
  }
  const decoded = toEnvelope(raw);
  if (isLeft(decoded)) {
    // malformed (an unknown type_url is not a Left: toEnvelope makes it an UnknownEvent)
    const e = decoded.left;
    return { diagnostic: { kind: e.kind, topic: raw.topic, typeUrl: e.typeUrl, message: e.message } };
  }
  const envelope = decoded.right;
  const { event } = envelope;
  if (event.type !== 'Unknown') return { envelope };
  return {
    envelope,
    diagnostic: { kind: 'unknown-type', topic: raw.topic, typeUrl: event.typeUrl, message: `no event type for type_url ${JSON.stringify(event.typeUrl)}: passed on as UnknownEvent` },
  };
}
