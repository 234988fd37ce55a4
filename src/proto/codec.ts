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

function fromType<T extends object>(type: Type): MessageCodec<T> {
  return {
    typeName: type.fullName.replace(/^\./, ''),
    encode(value: T): Buffer {
      const message = type.fromObject(value as unknown as Record<string, unknown>);
      const out = type.encode(message).finish();
      return Buffer.isBuffer(out) ? out : Buffer.from(out.buffer, out.byteOffset, out.byteLength);
    },
    decode(bytes: Uint8Array): T {
      return type.toObject(type.decode(bytes), TO_OBJECT) as unknown as T;
    },
    check(bytes: Uint8Array): string | undefined {
      return wireError(type, bytes);
    },
  };
}

const cache = new Map<string, MessageCodec<object>>();

/**
 * The codec of a message declared in our .proto files. `T` is the caller's promise that the interface
 * matches the message (see messages.ts); throws at once if the name is unknown.
 * @example
 * ```ts
 * const kill = codec<KillRequest>('containerd.services.tasks.v1.KillRequest');
 * kill.decode(kill.encode({ containerId: 'web', signal: 9 })); // { containerId: 'web', execId: '', signal: 9, all: false }
 * ```
 */
export function codec<T extends object>(typeName: string): MessageCodec<T> {
  let c = cache.get(typeName);
  if (c === undefined) {
    c = fromType<object>(lookupType(typeName));
    cache.set(typeName, c);
  }
  return c as MessageCodec<T>;
}
