/**
 * The states of the shared event stream, and the notices it gives its listeners.
 * @module
 */
import type { ContainerdError } from '../client/errors.js';
import type { Envelope } from '../proto/events.js';

/**
 * - `connecting`: a Subscribe is open but not yet proven live by the fence;
 * - `live`: our fence came back: every event from now on reaches us;
 * - `down`: the Subscribe failed; a retry is scheduled.
 */
export type ConnectionState = 'connecting' | 'live' | 'down';

/** What the shared stream tells its listeners: a state change or an event. */
export type StreamNotice =
  | {
      /** A change of the stream's state. */
      readonly kind: 'state';
      /** The state it is in now. */
      readonly state: ConnectionState;
      /** Why it went down, for `down`. */
      readonly error?: ContainerdError;
    }
  | {
      /** An event of the daemon. */
      readonly kind: 'event';
      /** The event, decoded. */
      readonly envelope: Envelope;
    };

/** @deprecated Use {@link StreamNotice}. */
export type StreamSignal = StreamNotice;

/** Something the stream noticed and passed over (an unknown or malformed payload), for diagnostics. */
export interface StreamDiagnostic {
  /** Why it was dropped: a type we do not know, bytes that do not decode, or another namespace's event. */
  readonly kind: 'unknown-type' | 'malformed' | 'foreign-namespace';
  /** The envelope's topic. */
  readonly topic: string;
  /** The payload's type URL. */
  readonly typeUrl: string;
  /** What went wrong, in words. */
  readonly message: string;
}
