/**
 * Type-level comparison of a hand-written message interface with the declarations protobufjs-cli generates from
 * our .proto files (src/proto/generated/wire.d.ts): the same field names, and field types that agree, all the
 * way down. The result is a union of readable problems, `never` when they match. Nothing here exists at run time.
 *
 * Plain objects as our codecs give them are compared with the generated shape: camelCase names; whether a field
 * may be left out or `null` is not compared (requests leave out what containerd does not require, responses are
 * decoded with defaults); an enum is a union of its names (codec.ts decodes enums as strings); an int64 is a
 * number; google.protobuf.Any reads `typeUrl` (see root.ts).
 * @module
 */
import type { rpc } from 'protobufjs';
import type * as Wire from './generated/wire.js';

/** The generated namespaces as values: classes for messages and services, objects for enums. */
type Generated = typeof Wire;

type Defined<T> = Exclude<T, null | undefined>;
type Fn = (...args: never) => unknown;

/** The value at a dotted path of the generated namespaces, e.g. `'containerd.events.TaskExit'`. */
export type At<T, Path extends string> = Path extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T ? At<T[Head], Rest> : never
  : Path extends keyof T ? T[Path] : never;

type Walk<T, Prefix extends string, Want extends 'message' | 'enum' | 'service'> = {
  [K in Exclude<keyof T & string, 'prototype'>]: T[K] extends Fn ? never
    : T[K] extends { decode: Fn } ? (Want extends 'message' ? `${Prefix}${K}` : never) | Walk<T[K], `${Prefix}${K}.`, Want>
    : T[K] extends abstract new (...args: never) => unknown ? (Want extends 'service' ? `${Prefix}${K}` : never)
    : T[K][keyof T[K]] extends number ? (Want extends 'enum' ? `${Prefix}${K}` : never)
    : T[K] extends object ? Walk<T[K], `${Prefix}${K}.`, Want>
    : never;
}[Exclude<keyof T & string, 'prototype'>];

/** The full name of every message the .proto files declare (protobufjs's bundled google types included). */
export type MessageName = Walk<Generated, '', 'message'>;
/** The full name of every enum. */
export type EnumName = Walk<Generated, '', 'enum'>;
/** The full name of every service. */
export type ServiceName = Walk<Generated, '', 'service'>;

/** A message as the generated class declares it: every field, sub-messages as their generated interfaces. */
export type MessageAt<N extends string> = At<Generated, N> extends abstract new (...args: never) => infer I ? I : never;
/** The names of an enum's values. */
export type EnumNames<N extends string> = keyof At<Generated, N> & string;
/** A service's methods by their lower-camel names, as the generated class declares them. */
export type ServiceAt<N extends string> = At<Generated, N> extends abstract new (...args: never) => infer I
  ? Omit<I, keyof rpc.Service> : never;

/** google.protobuf.Any as our root reads it: protobufjs bundles it with `type_url`, root.ts renames it. */
interface AnyAsRead {
  typeUrl?: string | null;
  value?: Uint8Array | null;
}

/** The names of the generated enum whose type is `G`. */
type NamesOfEnum<G> = { [N in EnumName]: [G] extends [At<Generated, N>[keyof At<Generated, N>]] ? EnumNames<N> : never }[EnumName];

type IsEnum<G> = [G] extends [number] ? (`${number}` extends `${G}` ? false : true) : false;

type Describe<T> = [T] extends [string] ? 'a string' : [T] extends [number] ? 'a number' : [T] extends [boolean] ? 'a boolean'
  : [T] extends [Uint8Array] ? 'bytes' : [T] extends [readonly unknown[]] ? 'a list' : 'another type';

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;

/**
 * What differs between the plain-object type `H` and the generated type `G` at `Path`, as a union of texts such
 * as `'containerd.events.TaskExit.pid: a string here, a number in the .proto'`; `never` when nothing.
 */
export type Problems<H, G, Path extends string> = Compare<Defined<H>, Defined<G>, Path>;

type Compare<H, G, Path extends string> =
  [G] extends [readonly (infer GE)[]]
    ? [H] extends [readonly (infer HE)[]] ? Problems<HE, GE, `${Path}[]`> : `${Path}: ${Describe<H>} here, a list in the .proto`
  : [G] extends [Uint8Array] ? ([H] extends [Uint8Array] ? never : `${Path}: ${Describe<H>} here, bytes in the .proto`)
  : [G] extends [object]
    ? string extends keyof G
      ? string extends keyof H ? Problems<H[string & keyof H], G[string & keyof G], `${Path}{}`> : `${Path}: a map in the .proto`
    : 'type_url' extends keyof G ? Fields<H, AnyAsRead, Path>
    : Fields<H, G, Path>
  : IsEnum<G> extends true
    ? Same<H, NamesOfEnum<G>> extends true ? never : `${Path}: not the names of the .proto's enum`
  : [H] extends [G] ? never : `${Path}: ${Describe<H>} here, ${Describe<G>} in the .proto`;

type Fields<H, G, Path extends string> =
  [H] extends [object]
    ? [keyof G] extends [never]
      ? [H] extends [Record<string, never>] ? never : `${Path}: the .proto message has no fields`
      : {
        [K in (keyof H | keyof G) & string]-?: K extends keyof G
          ? K extends keyof H ? Problems<H[K], G[K], `${Path}.${K}`> : `${Path}.${K}: in the .proto, missing here`
          : `${Path}.${K}: not in the .proto`;
      }[(keyof H | keyof G) & string]
    : `${Path}: ${Describe<H>} here, a message in the .proto`;
