/**
 * Why the payload of a google.protobuf.Any could not be read: a value, never thrown.
 * @module
 */

/**
 * `'unknown-type'`: no decoder for the type_url; `'malformed'`: the bytes are not a well-formed payload of the
 * named type. `value` holds the raw bytes for diagnostics.
 */
export interface DecodeError {
  /** Why: a type we do not know, or bytes that do not decode as it. */
  readonly kind: 'unknown-type' | 'malformed';
  /** The payload's type URL. */
  readonly typeUrl: string;
  /** The payload's bytes, as received. */
  readonly value: Uint8Array;
  /** What went wrong, in words. */
  readonly message: string;
}
