import { expect } from 'chai';
import { backoffDelay, backoffOf, backoffSchedule, defaultBackoff, nextAttempt } from '../../src/streams/backoff.js';
describe('backoff', () => {
    it("defaults to Docker's restart delay: 100 ms doubling, capped at 1 minute, reset after 10 s up, no jitter", () => {
        expect(defaultBackoff).to.deep.equal({ initialMs: 100, factor: 2, maxMs: 60_000, jitter: 0, resetAfterMs: 10_000 });
        expect(backoffSchedule(defaultBackoff, 6)).to.deep.equal([100, 200, 400, 800, 1600, 3200]);
    });
    it('grows by the factor from the initial delay and stays at the cap', () => {
        const b = backoffOf({ initialMs: 10_000, factor: 2, maxMs: 300_000 });
        expect(backoffSchedule(b, 7)).to.deep.equal([10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
    });
    it('supports fractional factors (pm2 multiplies by 1.5)', () => {
        const b = backoffOf({ initialMs: 100, factor: 1.5, maxMs: 15_000 });
        expect(backoffSchedule(b, 4)).to.deep.equal([100, 150, 225, 338]);
    });
    it('saturates at the cap for huge attempt numbers instead of overflowing', () => {
        expect(backoffDelay(defaultBackoff, 1_000_000)).to.equal(60_000);
        expect(backoffDelay(defaultBackoff, Number.MAX_SAFE_INTEGER)).to.equal(60_000);
        expect(backoffDelay(backoffOf({ initialMs: 0 }), Number.MAX_SAFE_INTEGER)).to.equal(0);
        expect(backoffDelay(backoffOf({ factor: 1 }), Number.MAX_SAFE_INTEGER)).to.equal(100);
    });
    it('treats attempts below 1 as the first attempt', () => {
        expect(backoffDelay(defaultBackoff, 0)).to.equal(100);
        expect(backoffDelay(defaultBackoff, -3)).to.equal(100);
    });
    it('with jitter, the delay stays within [delay * (1 - jitter), delay], and the cap is never exceeded', () => {
        const b = backoffOf({ initialMs: 1_000, factor: 2, maxMs: 8_000, jitter: 0.3 });
        for (const attempt of [1, 2, 3, 4, 5, 10]) {
            const exact = backoffDelay({ ...b, jitter: 0 }, attempt);
            expect(backoffDelay(b, attempt, () => 0)).to.equal(exact);
            expect(backoffDelay(b, attempt, () => 0.999_999)).to.equal(Math.round(exact * 0.7));
            for (let i = 0; i < 200; i++) {
                const d = backoffDelay(b, attempt);
                expect(d).to.be.within(Math.round(exact * 0.7), exact);
                expect(d).to.be.at.most(b.maxMs);
            }
        }
    });
    it('full jitter (1) spreads the delay over [0, delay]', () => {
        const b = backoffOf({ jitter: 1 });
        expect(backoffDelay(b, 1, () => 0.5)).to.equal(50);
        const seen = Array.from({ length: 500 }, () => backoffDelay(b, 3));
        expect(Math.min(...seen)).to.be.at.least(0);
        expect(Math.max(...seen)).to.be.at.most(400);
        expect(new Set(seen).size).to.be.greaterThan(10);
    });
    it('clamps a random source that strays outside [0, 1)', () => {
        const b = backoffOf({ jitter: 0.5 });
        expect(backoffDelay(b, 1, () => -1)).to.equal(100);
        expect(backoffDelay(b, 1, () => 7)).to.equal(50);
    });
    it('resets the attempt count after a stable run, and counts up after a short one', () => {
        expect(nextAttempt(defaultBackoff, 0, 0)).to.equal(1);
        expect(nextAttempt(defaultBackoff, 5, 9_999)).to.equal(6);
        expect(nextAttempt(defaultBackoff, 5, 10_000)).to.equal(1);
    });
    it('fills missing fields from the base and ignores undefined ones', () => {
        expect(backoffOf({ maxMs: 1_000, initialMs: undefined })).to.deep.equal({ ...defaultBackoff, maxMs: 1_000 });
        const base = backoffOf({ initialMs: 5 });
        expect(backoffOf({ factor: 3 }, base)).to.deep.equal({ ...defaultBackoff, initialMs: 5, factor: 3 });
    });
    it('rejects nonsense at configuration time', () => {
        expect(() => backoffOf({ initialMs: -1 })).to.throw(RangeError, /initialMs/);
        expect(() => backoffOf({ factor: 0.5 })).to.throw(RangeError, /factor/);
        expect(() => backoffOf({ initialMs: 100, maxMs: 10 })).to.throw(RangeError, /maxMs/);
        expect(() => backoffOf({ jitter: 1.5 })).to.throw(RangeError, /jitter/);
        expect(() => backoffOf({ resetAfterMs: Number.NaN })).to.throw(RangeError, /resetAfterMs/);
    });
});
//# sourceMappingURL=backoff.spec.js.map