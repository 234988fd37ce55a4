import { expect } from 'chai';
import { countRestart, intensityOf, otpIntensity } from '../../src/supervise/intensity.js';

describe('restart intensity', () => {
  it("is OTP's by default: 1 restart within 5 s", () => {
    expect(otpIntensity).to.deep.equal({ intensity: 1, periodMs: 5_000 });
  });

  it('still reads the deprecated maxRestarts and withinMs of the default', () => {
    expect([otpIntensity.maxRestarts, otpIntensity.withinMs]).to.deep.equal([1, 5_000]);
  });

  it('takes the deprecated { maxRestarts, withinMs } as { intensity, periodMs }', () => {
    expect(intensityOf({ maxRestarts: 3, withinMs: 60_000 })).to.deep.equal({ intensity: 3, periodMs: 60_000 });
    expect(countRestart([0], 4_000, { maxRestarts: 1, withinMs: 5_000 })).to.deep.equal({ history: [0, 4_000], exceeded: true });
  });

  it('counts only the restarts inside the period', () => {
    expect(countRestart([0, 1_000], 5_500, { intensity: 1, periodMs: 5_000 })).to.deep.equal({ history: [1_000, 5_500], exceeded: true });
    expect(countRestart([0], 5_000, { intensity: 1, periodMs: 5_000 })).to.deep.equal({ history: [5_000], exceeded: false });
  });
});
