/**
 * The stream's lag, measured from the envelopes' own timestamps: behind when an envelope comes more than the
 * threshold later than the smallest lag seen since the stream connected.
 */
import { expect } from 'chai';
import { LagMeter } from '../../src/streams/lag.js';

describe('LagMeter', () => {
  let now = 0;
  let seen: boolean[] = [];
  function meter(thresholdMs: number): LagMeter {
    const m = new LagMeter(thresholdMs, () => now);
    seen = [];
    m.lagging$.subscribe((v) => seen.push(v));
    return m;
  }
  /** An envelope stamped `sentMs` arriving at `atMs`. */
  function arrives(m: LagMeter, sentMs: number, atMs: number): void {
    now = atMs;
    m.sample(new Date(sentMs));
  }

  it('turns behind when an envelope comes more than the threshold later than the usual lag, and back when one keeps up', () => {
    const m = meter(1_000);
    arrives(m, 10_000, 10_050); // the fence: the usual lag is 50 ms
    arrives(m, 18_900, 20_000); // 1100 ms: 1050 over the usual
    expect(m.lagging).to.equal(true);
    arrives(m, 20_900, 21_000); // 100 ms: 50 over
    expect(seen).to.deep.equal([false, true, false]);
  });

  it('is not behind at exactly the threshold, nor for a constant offset between the clocks (a remote daemon 5 s behind)', () => {
    const m = meter(1_000);
    arrives(m, 5_000, 10_000);
    arrives(m, 6_000, 12_000); // exactly 1000 over
    arrives(m, 8_000, 13_000);
    expect(seen).to.deep.equal([false]);
  });

  it('is not behind once the stream is lost, and learns the usual lag anew from the next connection', () => {
    const m = meter(1_000);
    arrives(m, 1_000, 1_000);
    arrives(m, 2_000, 5_000);
    expect(m.lagging).to.equal(true);
    m.reset();
    expect(m.lagging).to.equal(false);
    arrives(m, 6_000, 9_000); // the new connection's fence: 3000 is its usual lag
    arrives(m, 6_400, 9_500);
    expect(seen).to.deep.equal([false, true, false]);
  });

  it('never turns behind with a threshold of 0, and passes over an envelope without a timestamp', () => {
    const off = meter(0);
    arrives(off, 1, 100_000);
    arrives(off, 90_000, 100_000);
    expect(seen).to.deep.equal([false]);
    const m = meter(1_000);
    arrives(m, 99_990, 100_000);
    arrives(m, 0, 100_000); // Go's zero time, decoded as the epoch
    now = 100_000;
    m.sample(undefined);
    expect(seen).to.deep.equal([false]);
  });
});
