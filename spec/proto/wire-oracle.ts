/**
 * A reference reading of protobuf bytes for the differential fuzz of the strict wire check, written apart from
 * it (own varint reader, fields tokenized first, then judged): what Go's protobuf, the daemon's, accepts, plus
 * the check's stated rules (known fields with their declared wire type, valid UTF-8 strings, varints protobufjs
 * reads as 32 bits in at most 5 bytes, or 10 for a 32-bit field's value).
 */
import protobuf from 'protobufjs';
import type { Field, MapField, Type } from 'protobufjs';

interface Token {
  readonly id: number;
  readonly wireType: number;
  /** The byte count of a varint field's value. */
  readonly size?: number;
  /** The payload of a length-delimited field. */
  readonly bytes?: Uint8Array;
}

class Defect extends Error {}

function varint(buf: Uint8Array, at: { pos: number }, maxSize = 10): number {
  let value = 0;
  for (let i = 0; i < 10; i++) {
    if (at.pos >= buf.length) throw new Defect('varint runs off the end');
    const b = buf[at.pos++]!;
    value += (b & 0x7f) * 2 ** (7 * i);
    if (b < 0x80) {
      if (i + 1 > maxSize) throw new Defect(`varint of ${i + 1} bytes where ${maxSize} at most`);
      return value;
    }
  }
  throw new Defect('varint longer than 10 bytes');
}

/** A tag or a length: 5 bytes at most, a value under 2^32. */
function uint32(buf: Uint8Array, at: { pos: number }): number {
  const value = varint(buf, at, 5);
  if (value >= 2 ** 32) throw new Defect(`${value} is over 32 bits`);
  return value;
}

function take(buf: Uint8Array, at: { pos: number }, n: number): Uint8Array {
  if (n > buf.length - at.pos) throw new Defect(`${n} bytes run off the end`);
  const out = buf.subarray(at.pos, at.pos + n);
  at.pos += n;
  return out;
}

/**
 * Splits bytes into fields; throws a Defect when they are not framed. Groups (3 ... 4) are skipped whole; the end
 * tag must carry the start's number, and no field is numbered 0.
 */
function tokenize(buf: Uint8Array): Token[] {
  const at = { pos: 0 };
  const tokens: Token[] = [];
  const skipGroup = (start: number, depth: number): void => {
    if (depth > 32) throw new Defect('groups nested too deep');
    for (;;) {
      const tag = uint32(buf, at);
      const [id, wt] = [Math.floor(tag / 8), tag % 8];
      if (id === 0) throw new Defect('field number 0 in a group');
      if (wt === 4) {
        if (id !== start) throw new Defect(`group ${start} closed by ${id}`);
        return;
      }
      skipValue(id, wt, depth);
    }
  };
  let size = 0;
  const skipValue = (id: number, wt: number, depth: number): Uint8Array | undefined => {
    switch (wt) {
      case 0: { const from = at.pos; varint(buf, at); size = at.pos - from; return undefined; }
      case 1: take(buf, at, 8); return undefined;
      case 2: return take(buf, at, uint32(buf, at));
      case 3: skipGroup(id, depth + 1); return undefined;
      case 5: take(buf, at, 4); return undefined;
      default: throw new Defect(`wire type ${wt}`);
    }
  };
  while (at.pos < buf.length) {
    const tag = uint32(buf, at);
    const id = Math.floor(tag / 8);
    const wireType = tag % 8;
    if (id === 0) throw new Defect('field number 0');
    const bytes = skipValue(id, wireType, 0);
    tokens.push(bytes !== undefined ? { id, wireType, bytes } : wireType === 0 ? { id, wireType, size } : { id, wireType });
  }
  return tokens;
}

function wireTypeOf(scalar: string): number | undefined {
  if (['double', 'fixed64', 'sfixed64'].includes(scalar)) return 1;
  if (['float', 'fixed32', 'sfixed32'].includes(scalar)) return 5;
  if (['string', 'bytes'].includes(scalar)) return 2;
  if (['int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64', 'bool'].includes(scalar)) return 0;
  return undefined;
}

const is32Bit = (scalar: string): boolean => ['int32', 'uint32', 'sint32', 'bool'].includes(scalar);
const size32Ok = (size: number): boolean => size <= 5 || size === 10;

const utf8 = new TextDecoder('utf-8', { fatal: true });

function judgeValue(typeName: string, resolved: unknown, token: Token, depth: number): void {
  if (resolved instanceof protobuf.Type) {
    if (token.wireType !== 2) throw new Defect(`message field ${token.id} as wire type ${token.wireType}`);
    judge(resolved, token.bytes!, depth + 1);
    return;
  }
  const scalar = resolved instanceof protobuf.Enum ? 'int32' : typeName;
  if (token.wireType !== wireTypeOf(scalar)) throw new Defect(`${scalar} field ${token.id} as wire type ${token.wireType}`);
  if (is32Bit(scalar) && !size32Ok(token.size!)) throw new Defect(`${scalar} field ${token.id}: a varint of ${token.size} bytes`);
  if (scalar === 'string') {
    try {
      utf8.decode(token.bytes!);
    } catch {
      throw new Defect(`field ${token.id}: invalid UTF-8`);
    }
  }
}

function judgeField(field: Field, token: Token, depth: number): void {
  if (field instanceof protobuf.MapField) {
    const map = field as MapField;
    if (token.wireType !== 2) throw new Defect(`map field ${token.id} as wire type ${token.wireType}`);
    for (const t of tokenize(token.bytes!)) {
      if (t.id === 1) judgeValue(map.keyType, null, t, depth);
      else if (t.id === 2) judgeValue(map.type, map.resolvedType, t, depth);
    }
    return;
  }
  const scalar = field.resolvedType instanceof protobuf.Enum ? 'int32' : field.type;
  const each = field.resolvedType instanceof protobuf.Type ? undefined : wireTypeOf(scalar);
  if (field.repeated && token.wireType === 2 && each !== undefined && each !== 2) {
    // packed: values of `each` back to back, exactly filling the payload
    const inner = token.bytes!;
    const at = { pos: 0 };
    while (at.pos < inner.length) {
      const from = at.pos;
      if (each === 0) {
        varint(inner, at);
        if (is32Bit(scalar) && !size32Ok(at.pos - from)) throw new Defect(`packed ${scalar}: a varint of ${at.pos - from} bytes`);
      } else take(inner, at, each === 1 ? 8 : 4);
    }
    return;
  }
  judgeValue(field.type, field.resolvedType, token, depth);
}

function judge(type: Type, bytes: Uint8Array, depth: number): void {
  if (depth > 32) throw new Defect('nesting too deep');
  for (const token of tokenize(bytes)) {
    const field = type.fieldsById[token.id];
    if (field !== undefined) judgeField(field, token, depth);
  }
}

/** Why the reference rejects `bytes` as a `type` message, or undefined when it accepts them. */
export function referenceDefect(type: Type, bytes: Uint8Array): string | undefined {
  try {
    judge(type, bytes, 0);
    return undefined;
  } catch (e) {
    if (e instanceof Defect) return e.message;
    throw e;
  }
}
