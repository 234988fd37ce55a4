/**
 * A strict well-formedness check of protobuf bytes against a reflected message type, stricter than
 * protobufjs's decoder: every known field must arrive with its declared wire type, lengths must stay
 * inside their message, strings must be valid UTF-8 (as Go's protobuf requires of proto3 strings).
 * protobufjs alone would read a string field sent as a varint, or the reverse, and return garbage.
 * @module
 */
import protobuf from 'protobufjs';
import type { Field, MapField, Reader, Type } from 'protobufjs';

const VARINT = 0;
const FIXED64 = 1;
const LEN = 2;
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

function lengthEnd(r: Reader, end: number): number {
  const len = r.uint32();
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
  } else {
    r.skipType(wireType);
  }
}

function checkPacked(scalar: string, r: Reader, end: number, what: string): void {
  const each = scalarWireType(scalar);
  if (each === undefined || each === LEN) throw new Error(`${what}: wire type ${LEN} on a non-packable field`);
  const stop = lengthEnd(r, end);
  while (r.pos < stop) r.skipType(each);
  if (r.pos !== stop) throw new Error(`${what}: packed values overrun`);
}

function checkMapEntry(field: MapField, r: Reader, end: number, depth: number): void {
  const stop = lengthEnd(r, end);
  const key = kindOf(field.keyType, null);
  const value = kindOf(field.type, field.resolvedType);
  while (r.pos < stop) {
    const tag = r.uint32();
    const id = tag >>> 3;
    if (id === 1) checkValue(key, tag & 7, r, stop, depth, `${field.name} key`);
    else if (id === 2) checkValue(value, tag & 7, r, stop, depth, `${field.name} value`);
    else r.skipType(tag & 7);
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
    const tag = r.uint32();
    const id = tag >>> 3;
    const wireType = tag & 7;
    if (id === 0) throw new Error(`field number 0 at offset ${r.pos}`);
    const field = type.fieldsById[id];
    if (field === undefined) r.skipType(wireType);
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
