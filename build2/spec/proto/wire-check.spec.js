import { expect } from 'chai';
import { encodeEvent, eventTypeUrl, EVENT_TYPES } from '../../src/proto/any.js';
import { lookupType } from '../../src/proto/root.js';
import { wireError } from '../../src/proto/wire-check.js';
import { prng } from '../support/prng.js';
import { referenceDefect } from './wire-oracle.js';
import { SAMPLE_EVENTS } from './samples.js';
const SEED = 0xc0ffee;
/** protobufjs's own verdict: the error its decoder throws, or undefined when it decodes. */
function protobufjsError(type, bytes) {
    try {
        type.decode(bytes);
        return undefined;
    }
    catch (e) {
        return String(e);
    }
}
const int = (rand, n) => Math.floor(rand() * n);
function varintBytes(value) {
    const out = [];
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
function structured(rand, type, samples, depth = 0) {
    const ids = [...Object.keys(type.fieldsById).map(Number), 0, 15, 99, 536870911];
    const out = [];
    for (let n = int(rand, 6); n > 0; n--) {
        const id = ids[int(rand, ids.length)];
        const wireType = rand() < 0.9 ? [0, 1, 2, 5][int(rand, 4)] : int(rand, 8);
        out.push(...varintBytes(id * 8 + wireType));
        if (wireType === 0)
            out.push(...varintBytes(rand() < 0.5 ? int(rand, 300) : int(rand, 2 ** 40)));
        else if (wireType === 1)
            for (let i = 0; i < 8; i++)
                out.push(int(rand, 256));
        else if (wireType === 5)
            for (let i = 0; i < 4; i++)
                out.push(int(rand, 256));
        else if (wireType === 2) {
            const field = type.fieldsById[id];
            const nested = field?.resolvedType && 'fieldsById' in field.resolvedType ? field.resolvedType : undefined;
            const r = rand();
            const payload = nested && depth < 3 && r < 0.5 ? structured(rand, nested, [], depth + 1)
                : r < 0.6 && samples.length > 0 ? samples[int(rand, samples.length)]
                    : r < 0.8 ? Uint8Array.from(Buffer.from(['web', 'é→🙂', ''][int(rand, 3)]))
                        : Uint8Array.from({ length: int(rand, 6) }, () => int(rand, 256)); // may be invalid UTF-8
            const length = rand() < 0.95 ? payload.length : payload.length + int(rand, 5) - 2; // sometimes lies
            out.push(...varintBytes(Math.max(0, length)), ...payload);
        }
        else if (wireType === 3)
            out.push(...varintBytes(id * 8 + 4));
    }
    return Uint8Array.from(out);
}
/** A valid encoding with one small damage: a byte changed, a cut, an inserted byte, or two encodings joined. */
function mutated(rand, valid, other) {
    const bytes = Array.from(valid);
    switch (int(rand, 4)) {
        case 0:
            if (bytes.length > 0)
                bytes[int(rand, bytes.length)] = int(rand, 256);
            break;
        case 1:
            bytes.length = int(rand, bytes.length + 1);
            break;
        case 2:
            bytes.splice(int(rand, bytes.length + 1), 0, int(rand, 256));
            break;
        default: bytes.push(...other);
    }
    return Uint8Array.from(bytes);
}
/**
 * The differential property: the check accepts exactly what the reference accepts; whatever it accepts
 * protobufjs decodes, and re-encodes to bytes the check accepts and that decode to the same message.
 */
function compare(type, bytes, tally, what) {
    const check = wireError(type, bytes);
    const reference = referenceDefect(type, bytes);
    const decoder = protobufjsError(type, bytes);
    const where = `${what} ${type.name} ${Buffer.from(bytes).toString('hex')} (check: ${check}; reference: ${reference}; protobufjs: ${decoder})`;
    expect(check === undefined, `check and reference disagree on ${where}`).to.equal(reference === undefined);
    if (check !== undefined) {
        tally.rejected++;
        if (decoder === undefined)
            tally.stricter++;
        return;
    }
    tally.accepted++;
    expect(decoder, `accepted but protobufjs cannot decode ${where}`).to.equal(undefined);
    const decoded = type.toObject(type.decode(bytes), { longs: String, bytes: String, defaults: true });
    const again = type.encode(type.fromObject(decoded)).finish();
    expect(wireError(type, again), `re-encoding of ${where}`).to.equal(undefined);
    expect(type.toObject(type.decode(again), { longs: String, bytes: String, defaults: true }), `round trip of ${where}`).to.deep.equal(decoded);
}
const types = [
    ...EVENT_TYPES.map((t) => {
        const samples = SAMPLE_EVENTS.filter((e) => e.type === t).map((e) => Uint8Array.from(encodeEvent(e).value));
        return [lookupType(eventTypeUrl(t)), samples];
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
            const tally = { accepted: 0, rejected: 0, stricter: 0 };
            for (let round = 0; round < 300; round++) {
                compare(type, Uint8Array.from({ length: int(rand, 40) }, () => int(rand, 256)), tally, `seed ${SEED + i} round ${round} random`);
                compare(type, structured(rand, type, samples), tally, `seed ${SEED + i} round ${round} structured`);
                for (const valid of samples)
                    compare(type, mutated(rand, valid, samples[int(rand, samples.length)]), tally, `seed ${SEED + i} round ${round} damaged`);
            }
            for (const valid of samples)
                compare(type, valid, tally, 'sample');
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
//# sourceMappingURL=wire-check.spec.js.map