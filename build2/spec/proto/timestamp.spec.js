import { describe, it } from 'mocha';
import { expect } from 'chai';
import { fromDate, GO_ZERO_SECONDS, toDate } from '../../src/proto/timestamp.js';
describe('proto/timestamp', () => {
    it("reads Go's zero time and a missing timestamp as undefined", () => {
        expect(toDate({ seconds: -62135596800, nanos: 0 })).to.equal(undefined);
        expect(toDate({ seconds: GO_ZERO_SECONDS, nanos: 0 })).to.equal(undefined);
        expect(toDate(null)).to.equal(undefined);
        expect(toDate(undefined)).to.equal(undefined);
        expect(toDate({ seconds: 1e300, nanos: 0 })).to.equal(undefined);
    });
    it('converts seconds and nanos', () => {
        expect(toDate({ seconds: 1700000000, nanos: 500_999_999 })?.toISOString()).to.equal('2023-11-14T22:13:20.500Z');
        expect(toDate({ seconds: 0, nanos: 0 })?.getTime()).to.equal(0);
    });
    it('round-trips a Date, before and after 1970', () => {
        for (const ms of [0, 1, 1500, 1714557600123, -1, -1500]) {
            const ts = fromDate(new Date(ms));
            expect(ts.nanos).to.be.within(0, 999_999_999);
            expect(toDate(ts)?.getTime()).to.equal(ms);
        }
        expect(fromDate(new Date(1500))).to.deep.equal({ seconds: 1, nanos: 500_000_000 });
        expect(fromDate(new Date(-1500))).to.deep.equal({ seconds: -2, nanos: 500_000_000 });
    });
});
//# sourceMappingURL=timestamp.spec.js.map