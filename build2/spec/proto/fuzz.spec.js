import { describe, it } from 'mocha';
import { expect } from 'chai';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import { decodeEvent, encodeEvent, eventTypeUrl, EVENT_TYPES, toEnvelope } from '../../src/proto/any.js';
import { Events } from '../../src/proto/services.js';
import { SAMPLE_EVENTS } from './samples.js';
import { lookupType } from '../../src/proto/root.js';
import { prng } from '../support/prng.js';
import { referenceDefect } from './wire-oracle.js';
function randomBytes(rand, max) {
    const out = new Uint8Array(Math.floor(rand() * (max + 1)));
    for (let i = 0; i < out.length; i++)
        out[i] = Math.floor(rand() * 256);
    return out;
}
const ROUNDS = 2000;
const SEED = 0x5eed;
describe('proto/any: fuzz (seeded)', () => {
    for (const [i, type] of EVENT_TYPES.entries()) {
        it(`never throws on random bytes for ${type}, and decodes exactly the well-formed ones`, () => {
            const seed = SEED + i;
            const rand = prng(seed);
            const typeUrl = eventTypeUrl(type);
            let rights = 0;
            let lefts = 0;
            for (let round = 0; round < ROUNDS; round++) {
                const value = randomBytes(rand, 64);
                let r;
                try {
                    r = decodeEvent({ typeUrl, value });
                }
                catch (e) {
                    throw new Error(`seed ${seed} round ${round} threw on ${Buffer.from(value).toString('hex')}: ${String(e)}`);
                }
                // decoded exactly when the bytes are well formed, by a reading written apart from the decoder's check
                const defect = referenceDefect(lookupType(typeUrl), value);
                expect(isRight(r), `seed ${seed} round ${round} ${Buffer.from(value).toString('hex')}: ${defect}`).to.equal(defect === undefined);
                if (isRight(r)) {
                    rights++;
                    expect(r.right.type).to.equal(type);
                }
                else if (isLeft(r)) {
                    lefts++;
                    expect(r.left.kind, `seed ${seed} round ${round}`).to.equal('malformed');
                }
            }
            expect(rights + lefts).to.equal(ROUNDS);
            expect(lefts, 'random bytes are mostly malformed').to.be.greaterThan(0);
        });
    }
    it('decodes a mutated valid payload exactly when it is still well formed', () => {
        const rand = prng(SEED - 1);
        let rights = 0;
        for (const event of SAMPLE_EVENTS) {
            const any = encodeEvent(event);
            for (let round = 0; round < 500; round++) {
                const value = Uint8Array.from(any.value);
                if (value.length > 0)
                    value[Math.floor(rand() * value.length)] = Math.floor(rand() * 256);
                const cut = value.subarray(0, Math.floor(rand() * (value.length + 1)));
                for (const v of [value, cut]) {
                    const r = decodeEvent({ typeUrl: any.typeUrl, value: v });
                    const defect = referenceDefect(lookupType(any.typeUrl), v);
                    expect(isRight(r), `${event.type} ${Buffer.from(v).toString('hex')}: ${defect}`).to.equal(defect === undefined);
                    if (isRight(r)) {
                        rights++;
                        expect(r.right.type).to.equal(event.type);
                    }
                }
            }
        }
        expect(rights).to.be.greaterThan(0); // the decoder is exercised, not only the checker
    });
    it('never throws on random type_urls, and calls them unknown', () => {
        const rand = prng(SEED - 2);
        for (let round = 0; round < ROUNDS; round++) {
            const typeUrl = Buffer.from(randomBytes(rand, 24)).toString('latin1');
            const r = decodeEvent({ typeUrl, value: randomBytes(rand, 16) });
            expect(isLeft(r) && r.left.kind === 'unknown-type').to.equal(true);
        }
    });
    it('turns random envelopes into Left or Right, never a throw', () => {
        const rand = prng(SEED - 3);
        let decoded = 0;
        for (let round = 0; round < ROUNDS; round++) {
            const bytes = randomBytes(rand, 64);
            let raw;
            try {
                raw = Events.subscribe.response.decode(bytes);
            }
            catch {
                continue; // the gRPC layer reports an undecodable message as a call error
            }
            decoded++;
            const r = toEnvelope(raw);
            expect(isLeft(r) || isRight(r)).to.equal(true);
        }
        expect(decoded).to.be.greaterThan(0);
    });
});
//# sourceMappingURL=fuzz.spec.js.map