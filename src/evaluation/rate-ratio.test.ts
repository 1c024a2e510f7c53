import { describe, expect, it } from 'vitest';
import { isOutsideParity, rateRatio } from './rate-ratio.ts';

describe('rateRatio', () => {
  it('computes the ratio and the Katz log interval (hand-computed)', () => {
    // 30 of 100 in the group, 60 of 400 overall: RR = 0.3 / 0.15 = 2.
    // SE = sqrt(1/30 - 1/100 + 1/60 - 1/400) = sqrt(0.0375) = 0.193649...
    // 95%: exp(ln 2 ± 1.95996 × 0.193649) = 1.3683 … 2.9233
    const result = rateRatio(30, 100, 60, 400);
    expect(result.rateRatio).toBeCloseTo(2, 10);
    expect(result.ci95?.[0]).toBeCloseTo(1.3683, 3);
    expect(result.ci95?.[1]).toBeCloseTo(2.9233, 3);
    expect(result.flagged).toBe(true);
  });

  it('has no ratio or interval when the group or the cohort count is zero', () => {
    expect(rateRatio(0, 50, 10, 300)).toEqual({ rateRatio: null, ci95: null, flagged: false });
    expect(rateRatio(0, 50, 0, 300)).toEqual({ rateRatio: null, ci95: null, flagged: false });
  });

  it('does not flag a group at parity', () => {
    const result = rateRatio(15, 100, 60, 400);
    expect(result.rateRatio).toBeCloseTo(1, 10);
    expect(result.flagged).toBe(false);
  });

  it('flags only intervals wholly outside 0.8–1.25', () => {
    expect(isOutsideParity(0.5, 0.79)).toBe(true);
    expect(isOutsideParity(0.5, 0.8)).toBe(false);
    expect(isOutsideParity(1.26, 2)).toBe(true);
    expect(isOutsideParity(1.25, 2)).toBe(false);
    expect(isOutsideParity(0.7, 1.3)).toBe(false);
  });

  it('does not flag a group too small to conclude, however narrow its interval', () => {
    const single = rateRatio(1, 1, 150, 300);
    expect(single.ci95?.[0]).toBeGreaterThan(1.25);
    expect(single.flagged).toBe(false);
    expect(rateRatio(10, 10, 150, 300).flagged).toBe(true);
  });
});
