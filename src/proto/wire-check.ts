/**
 * A strict well-formedness check of protobuf bytes against a reflected message type, stricter than
 * protobufjs's decoder: every known field must arrive with its declared wire type, lengths must stay
 * inside their message, strings must be valid UTF-8 (as Go's protobuf requires of proto3 strings).
 * protobufjs alone would read a string field sent as a varint, or the reverse, and return garbage.
 *
 * Varints: never more than 10 bytes (Go's limit). Those protobufjs reads as 32 bits take at most 5 bytes, as Go
 * and every encoder write them: tags and lengths (whose value must also fit in 32 bits), and 32-bit fields (int32,
 * uint32, sint32, bool, enums), which may also take 10 (a negative int32). protobufjs reads 5 bytes of such a
 * varint and then skips 5 more, so a longer one would shift every field after it.
 * @module
 */
import protobuf from 'protobufjs';
import type { Field, MapField, Reader, Type } from 'protobufjs';

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
const GROUP = 3;
const END_GROUP = 4;
const FIXED32 = 5;
const MAX_DEPTH = 32;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function scalarWireType(type: string): number | undefined {
  switch (type) {
    case 'double': case 'fixed64': case 'sfixed64': return FIXED64;
    case 'float': case 'fixed32': case 'sfixed32': return FIXED32;
    case 'string': case 'bytes': return LEN;
    case 'int32': case 'int64': case 'uint32': case 'uint64':
    case 'sint32': case 'sint64': case 'bool': return VARINT;
    default: return undefined;
  }
}

/** A field's value type: its scalar name, or the message type it refers to. */
type ValueKind = { readonly scalar: string } | { readonly message: Type };

function kindOf(scalar: string, resolved: unknown): ValueKind {
  if (resolved instanceof protobuf.Type) return { message: resolved };
  if (resolved instanceof protobuf.Enum) return { scalar: 'int32' };
  return { scalar };
}

/** The byte count of the varint at `r.pos` (at most 10), without moving. */
function varintSize(r: Reader, end: number): number {
  for (let i = 0; i < 10; i++) {
    if (r.pos + i >= end) throw new Error(`varint at offset ${r.pos} runs off its message`);
    if (r.buf[r.pos + i]! < 0x80) return i + 1;
  }
  throw new Error(`varint at offset ${r.pos} is longer than 10 bytes`);
}

/** A tag or a length: a varint of at most 5 bytes whose value fits in 32 bits. */
function uint32(r: Reader, end: number, what: string): number {
  const size = varintSize(r, end);
  if (size > 5 || (size === 5 && r.buf[r.pos + 4]! > 0x0f)) throw new Error(`${what} at offset ${r.pos}: a varint of ${size} bytes over 32 bits`);
  return r.uint32();
}

/** Skips a varint value; a 32-bit field's takes at most 5 bytes, or 10. */
function skipVarint(r: Reader, end: number, bits32: boolean, what: string): void {
  const size = varintSize(r, end);
  if (bits32 && size > 5 && size !== 10) throw new Error(`${what}: a 32-bit varint of ${size} bytes`);
  r.pos += size;
}

const is32BitVarint = (scalar: string): boolean => ['int32', 'uint32', 'sint32', 'bool'].includes(scalar);

function skipFixed(r: Reader, end: number, n: number): void {
  if (r.pos + n > end) throw new Error(`index out of range: ${r.pos} + ${n} > ${end}`);
  r.pos += n;
}

/**
 * Skips the value of the unknown field `id`. A group is skipped whole, up to the end tag of the same number (as Go's
 * protobuf requires; protobufjs takes any end tag), and no field inside it may be numbered 0.
 */
function skipUnknown(r: Reader, wireType: number, id: number, end: number, depth: number): void {
  switch (wireType) {
    case VARINT: skipVarint(r, end, false, 'unknown field'); return;
    case FIXED64: skipFixed(r, end, 8); return;
    case FIXED32: skipFixed(r, end, 4); return;
    case LEN: r.pos = lengthEnd(r, end); return;
    case GROUP:
      if (depth > MAX_DEPTH) throw new Error('nesting too deep');
      for (;;) {
        const tag = uint32(r, end, 'tag');
        const inner = tag >>> 3;
        if (inner === 0) throw new Error(`field number 0 in group ${id} at offset ${r.pos}`);
        if ((tag & 7) === END_GROUP) {
          if (inner !== id) throw new Error(`group ${id} ends with the end tag of ${inner} at offset ${r.pos}`);
          return;
        }
        skipUnknown(r, tag & 7, inner, end, depth + 1);
      }
    default: throw new Error(`invalid wire type ${wireType} at offset ${r.pos}`);
  }
}

function lengthEnd(r: Reader, end: number): number {
  const len = uint32(r, end, 'length');
  const stop = r.pos + len;
  if (stop > end) throw new Error(`length ${len} at offset ${r.pos} overruns its message`);
  return stop;
}

function checkValue(kind: ValueKind, wireType: number, r: Reader, end: number, depth: number, what: string): void {
  if ('message' in kind) {
    if (wireType !== LEN) throw new Error(`${what}: wire type ${wireType}, expected ${LEN}`);
    const stop = lengthEnd(r, end);
    checkMessage(kind.message, r, stop, depth + 1);
    return;
  }
  const expected = scalarWireType(kind.scalar);
  if (expected === undefined) throw new Error(`${what}: unsupported type ${kind.scalar}`);
  if (wireType !== expected) throw new Error(`${what}: wire type ${wireType}, expected ${expected}`);
  if (expected === LEN) {
    const stop = lengthEnd(r, end);
    if (kind.scalar === 'string') utf8.decode(r.buf.subarray(r.pos, stop));
    r.pos = stop;
  } else if (expected === VARINT) {
    skipVarint(r, end, is32BitVarint(kind.scalar), what);
  } else {
    skipFixed(r, end, expected === FIXED64 ? 8 : 4);
  }
}

function checkPacked(scalar: string, r: Reader, end: number, what: string): void {
  const each = scalarWireType(scalar);
  if (each === undefined || each === LEN) throw new Error(`${what}: wire type ${LEN} on a non-packable field`);
  const stop = lengthEnd(r, end);
  while (r.pos < stop) {
    if (each === VARINT) skipVarint(r, stop, is32BitVarint(scalar), what);
    else skipFixed(r, stop, each === FIXED64 ? 8 : 4);
  }
}

function checkMapEntry(field: MapField, r: Reader, end: number, depth: number): void {
  const stop = lengthEnd(r, end);
  const key = kindOf(field.keyType, null);
  const value = kindOf(field.type, field.resolvedType);
  while (r.pos < stop) {
    const tag = uint32(r, stop, 'tag');
    const id = tag >>> 3;
    if (id === 0) throw new Error(`${field.name}: field number 0 in a map entry`);
    if (id === 1) checkValue(key, tag & 7, r, stop, depth, `${field.name} key`);
    else if (id === 2) checkValue(value, tag & 7, r, stop, depth, `${field.name} value`);
    else skipUnknown(r, tag & 7, id, stop, depth);
  }
  if (r.pos !== stop) throw new Error(`${field.name}: map entry overruns`);
}

function checkField(field: Field, wireType: number, r: Reader, end: number, depth: number): void {
  if (field instanceof protobuf.MapField) {
    if (wireType !== LEN) throw new Error(`${field.name}: wire type ${wireType}, expected ${LEN}`);
    checkMapEntry(field, r, end, depth);
    return;
  }
  const kind = kindOf(field.type, field.resolvedType);
  if (field.repeated && 'scalar' in kind && wireType === LEN && scalarWireType(kind.scalar) !== LEN) {
    checkPacked(kind.scalar, r, end, field.name);
    return;
  }
  checkValue(kind, wireType, r, end, depth, field.name);
}

function checkMessage(type: Type, r: Reader, end: number, depth: number): void {
  if (depth > MAX_DEPTH) throw new Error('nesting too deep');
  while (r.pos < end) {
    const tag = uint32(r, end, 'tag');
    const id = tag >>> 3;
    const wireType = tag & 7;
    if (id === 0) throw new Error(`field number 0 at offset ${r.pos}`);
    const field = type.fieldsById[id];
    if (field === undefined) skipUnknown(r, wireType, id, end, depth);
    else checkField(field, wireType, r, end, depth);
    if (r.pos > end) throw new Error(`field ${id} overruns its message`);
  }
  if (r.pos !== end) throw new Error('message overruns its length');
}

/**
 * Why `bytes` are not a well-formed `type` message, or `undefined` when they are. Never throws.
 * @example
 * ```ts
 * wireError(lookupType('containerd.events.TaskExit'), Uint8Array.of(0x0a, 0x05)); // 'index out of range: ...'
 * ```
 */
export function wireError(type: Type, bytes: Uint8Array): string | undefined {
  try {
    const r = protobuf.Reader.create(bytes);
    checkMessage(type, r, r.len, 0);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}
