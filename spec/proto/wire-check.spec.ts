import { expect } from 'chai';
import type { Type } from 'protobufjs';
import { encodeEvent, eventTypeUrl, EVENT_TYPES } from '../../src/proto/any.js';
import { lookupType } from '../../src/proto/root.js';
import { wireError } from '../../src/proto/wire-check.js';
import { prng } from '../support/prng.js';
import { referenceDefect } from './wire-oracle.js';
import { SAMPLE_EVENTS } from './samples.js';

const SEED = 0xc0ffee;

/** protobufjs's own verdict: the error its decoder throws, or undefined when it decodes. */
function protobufjsError(type: Type, bytes: Uint8Array): string | undefined {
  try {
    type.decode(bytes);
    return undefined;
  } catch (e) {
    return String(e);
  }
}

type Rand = () => number;
const int = (rand: Rand, n: number): number => Math.floor(rand() * n);

function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  out.push(v);
  return out;
}

/**
 * Bytes shaped like a message: fields with known and unknown numbers, with the right wire type or another, payloads
 * of fitting or random size, sometimes a valid encoding nested, sometimes invalid UTF-8; mostly framed, sometimes not.
 */
function structured(rand: Rand, type: Type, samples: readonly Uint8Array[], depth = 0): Uint8Array {
  const ids = [...Object.keys(type.fieldsById).map(Number), 0, 15, 99, 536870911];
  const out: number[] = [];
  for (let n = int(rand, 6); n > 0; n--) {
    const id = ids[int(rand, ids.length)]!;
    const wireType = rand() < 0.9 ? [0, 1, 2, 5][int(rand, 4)]! : int(rand, 8);
    out.push(...varintBytes(id * 8 + wireType));
    if (wireType === 0) out.push(...varintBytes(rand() < 0.5 ? int(rand, 300) : int(rand, 2 ** 40)));
    else if (wireType === 1) for (let i = 0; i < 8; i++) out.push(int(rand, 256));
    else if (wireType === 5) for (let i = 0; i < 4; i++) out.push(int(rand, 256));
    else if (wireType === 2) {
      const field = type.fieldsById[id];
      const nested = field?.resolvedType && 'fieldsById' in field.resolvedType ? (field.resolvedType as Type) : undefined;
      const r = rand();
      const payload =
        nested && depth < 3 && r < 0.5 ? structured(rand, nested, [], depth + 1)
        : r < 0.6 && samples.length > 0 ? samples[int(rand, samples.length)]!
        : r < 0.8 ? Uint8Array.from(Buffer.from(['web', 'é→🙂', ''][int(rand, 3)]!))
        : Uint8Array.from({ length: int(rand, 6) }, () => int(rand, 256)); // may be invalid UTF-8
      const length = rand() < 0.95 ? payload.length : payload.length + int(rand, 5) - 2; // sometimes lies
      out.push(...varintBytes(Math.max(0, length)), ...payload);
    } else if (wireType === 3) out.push(...varintBytes((rand() < 0.8 ? id : ids[int(rand, ids.length)]!) * 8 + 4)); // sometimes the wrong end
  }
  return Uint8Array.from(out);
}

/** A valid encoding with one small damage: a byte changed, a cut, an inserted byte, or two encodings joined. */
function mutated(rand: Rand, valid: Uint8Array, other: Uint8Array): Uint8Array {
  const bytes = Array.from(valid);
  switch (int(rand, 4)) {
    case 0: if (bytes.length > 0) bytes[int(rand, bytes.length)] = int(rand, 256); break;
    case 1: bytes.length = int(rand, bytes.length + 1); break;
    case 2: bytes.splice(int(rand, bytes.length + 1), 0, int(rand, 256)); break;
    default: bytes.push(...other);
  }
  return Uint8Array.from(bytes);
}

interface Tally {
  accepted: number;
  rejected: number;
  /** protobufjs decoded them, the check refused them: its strictness at work. */
  stricter: number;
}

/**
 * The differential property: the check accepts exactly what the reference accepts; whatever it accepts
 * protobufjs decodes, and re-encodes to bytes the check accepts and that decode to the same message.
 */
function compare(type: Type, bytes: Uint8Array, tally: Tally, what: string): void {
  const check = wireError(type, bytes);
  const reference = referenceDefect(type, bytes);
  const decoder = protobufjsError(type, bytes);
  const where = `${what} ${type.name} ${Buffer.from(bytes).toString('hex')} (check: ${check}; reference: ${reference}; protobufjs: ${decoder})`;
  expect(check === undefined, `check and reference disagree on ${where}`).to.equal(reference === undefined);
  if (check !== undefined) {
    tally.rejected++;
    if (decoder === undefined) tally.stricter++;
    return;
  }
  tally.accepted++;
  expect(decoder, `accepted but protobufjs cannot decode ${where}`).to.equal(undefined);
  const decoded = type.toObject(type.decode(bytes), { longs: String, bytes: String, defaults: true });
  const again = type.encode(type.fromObject(decoded)).finish();
  expect(wireError(type, again), `re-encoding of ${where}`).to.equal(undefined);
  expect(type.toObject(type.decode(again), { longs: String, bytes: String, defaults: true }), `round trip of ${where}`).to.deep.equal(decoded);
}

const types: ReadonlyArray<readonly [Type, readonly Uint8Array[]]> = [
  ...EVENT_TYPES.map((t) => {
    const samples = SAMPLE_EVENTS.filter((e) => e.type === t).map((e) => Uint8Array.from(encodeEvent(e).value));
    return [lookupType(eventTypeUrl(t)), samples] as const;
  }),
  [lookupType('containerd.types.Envelope'), SAMPLE_EVENTS.map((e) => {
    const any = encodeEvent(e);
    return Uint8Array.from(lookupType('containerd.types.Envelope').encode({ topic: '/x', namespace: 'ns', event: { typeUrl: any.typeUrl, value: any.value } }).finish());
  })],
];

describe('proto/wire-check: differential fuzz against a reference reading and protobufjs (seeded)', () => {
  for (const [i, [type, samples]] of types.entries()) {
    it(`agrees on random, structured and damaged ${type.name} bytes`, () => {
      const rand = prng(SEED + i);
      const tally: Tally = { accepted: 0, rejected: 0, stricter: 0 };
      for (let round = 0; round < 300; round++) {
        compare(type, Uint8Array.from({ length: int(rand, 40) }, () => int(rand, 256)), tally, `seed ${SEED + i} round ${round} random`);
        compare(type, structured(rand, type, samples), tally, `seed ${SEED + i} round ${round} structured`);
        for (const valid of samples) compare(type, mutated(rand, valid, samples[int(rand, samples.length)]!), tally, `seed ${SEED + i} round ${round} damaged`);
      }
      for (const valid of samples) compare(type, valid, tally, 'sample');
      // the three outcomes all occur, so the comparison is exercised
      expect(tally.accepted, 'accepted').to.be.greaterThan(30);
      expect(tally.rejected, 'rejected').to.be.greaterThan(30);
      expect(tally.stricter, 'decoded by protobufjs, refused by the check').to.be.greaterThan(5);
    });
  }

  it('refuses a known field sent with another wire type, which protobufjs reads as garbage', () => {
    const type = lookupType('containerd.events.TaskExit');
    const idAsVarint = Uint8Array.from([0x10, 0x03, 0x61, 0x62, 0x63]); // id (2, string) as varint 3, then 'abc'
    expect(type.toObject(type.decode(idAsVarint))).to.deep.equal({ id: 'abc' }); // protobufjs: a string from nowhere
    expect(wireError(type, idAsVarint)).to.match(/wire type 0, expected 2/);
    expect(referenceDefect(type, idAsVarint)).to.not.equal(undefined);
  });

  it('refuses a group closed by the end tag of another number, and a field numbered 0 inside a group, as Go does', () => {
    const type = lookupType('containerd.events.TaskExit');
    const group = (...inside: number[]): Uint8Array => Uint8Array.from([0x7b, ...inside, 0x12, 0x01, 0x78]); // group 15, then id 'x'
    const closed = group(0x08, 0x01, 0x7c); // field 1 = 1 inside, closed by 15
    expect(wireError(type, closed)).to.equal(undefined);
    expect(referenceDefect(type, closed)).to.equal(undefined);
    const wrongEnd = group(0x84, 0x01); // closed by 16
    expect(protobufjsError(type, wrongEnd)).to.equal(undefined); // protobufjs takes any end tag
    expect(wireError(type, wrongEnd)).to.match(/group 15 ends with the end tag of 16/);
    expect(referenceDefect(type, wrongEnd)).to.not.equal(undefined);
    const fieldZero = group(0x00, 0x01, 0x7c); // field 0 = 1 inside
    expect(wireError(type, fieldZero)).to.match(/field number 0 in group 15/);
    expect(referenceDefect(type, fieldZero)).to.not.equal(undefined);
  });

  it('refuses a 32-bit varint of 6 to 9 bytes, after which protobufjs reads from the wrong offset', () => {
    const type = lookupType('containerd.events.TaskExit');
    const longPid = Uint8Array.from([0x18, 0x81, 0x80, 0x80, 0x80, 0x80, 0x00, 0x12, 0x01, 0x78]); // pid 1 in 6 bytes, id 'x'
    const misread = protobufjsError(type, longPid) ?? JSON.stringify(type.toObject(type.decode(longPid)));
    expect(misread).to.not.equal(JSON.stringify({ id: 'x', pid: 1 }));
    expect(wireError(type, longPid)).to.match(/32-bit varint of 6 bytes/);
    const tenBytePid = Uint8Array.from([0x18, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0x12, 0x01, 0x78]); // -1, as Go writes it
    expect(wireError(type, tenBytePid)).to.equal(undefined);
    expect(type.toObject(type.decode(tenBytePid))).to.deep.equal({ id: 'x', pid: 4294967295 });
  });
});
