/**
 * Typed codecs over the reflected message types: plain objects in, protobuf bytes out, and back.
 * Decoding fills defaults (empty strings, zeros, [] and {}); an absent sub-message decodes as `null`.
 * @module
 */
import type { IConversionOptions, Type } from 'protobufjs';
import { lookupType } from './root.js';
import { wireError } from './wire-check.js';

/** Encodes a value to protobuf bytes and decodes bytes back (decode throws on bytes it cannot read). */
export interface Codec<T> {
  encode(value: T): Buffer;
  decode(bytes: Uint8Array): T;
}

/** A {@link Codec} that also names its message and can check bytes strictly before decoding. */
export interface MessageCodec<T> extends Codec<T> {
  /** The full protobuf name, e.g. `'containerd.events.TaskExit'`. */
  readonly typeName: string;
  /** Why `bytes` are not a well-formed message of this type, or `undefined`; never throws. */
  check(bytes: Uint8Array): string | undefined;
}

/** How decoded messages are turned into plain objects. */
export const TO_OBJECT: IConversionOptions = {
  longs: Number,
  enums: String,
  defaults: true,
  arrays: true,
  objects: true,
};

/**
 * The codec of the message `typeName`, resolved at its first use: the .proto files are read then, not before.
 */
function lazyCodec<T extends object>(typeName: string): MessageCodec<T> {
  let resolved: Type | undefined;
  const type = (): Type => (resolved ??= lookupType(typeName));
  return {
    typeName,
    encode(value: T): Buffer {
      const t = type();
      const out = t.encode(t.fromObject(value as unknown as Record<string, unknown>)).finish();
      return Buffer.isBuffer(out) ? out : Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
    decode(bytes: Uint8Array): T {
      const t = type();
      return t.toObject(t.decode(bytes), TO_OBJECT) as unknown as T;
    },
    check(bytes: Uint8Array): string | undefined {
      return wireError(type(), bytes);
    },
  };
}

const cache = new Map<string, MessageCodec<object>>();

/**
 * The codec of a message declared in our .proto files, by its full name. Nothing is read until the codec is
 * first used: its first encode, decode or check loads the .proto files (once per process) and throws if they
 * cannot be read or do not declare `typeName`. `T` is the plain-object shape of the message (see messages.ts,
 * whose interfaces the build checks against the .proto files).
 * @example
 * ```ts
 * const kill = codec<KillRequest>('containerd.services.tasks.v1.KillRequest');
 * kill.decode(kill.encode({ containerId: 'web', signal: 9 })); // { containerId: 'web', execId: '', signal: 9, all: false }
 * ```
 */
export function codec<T extends object>(typeName: string): MessageCodec<T> {
  let c = cache.get(typeName);
  if (c === undefined) {
    c = lazyCodec<object>(typeName);
    cache.set(typeName, c);
  }
  return c as MessageCodec<T>;
}
