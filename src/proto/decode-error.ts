/**
 * Why the payload of a google.protobuf.Any could not be read: a value, never thrown.
 * @module
 */

/**
 * `'unknown-type'`: no decoder for the type_url; `'malformed'`: the bytes are not a well-formed payload of the
 * named type. `value` holds the raw bytes for diagnostics.
 */
export interface DecodeError {
  readonly kind: 'unknown-type' | 'malformed';
  readonly typeUrl: string;
  readonly value: Uint8Array;
  readonly message: string;
}
