// The statistics of the cohort report: a group's rate of a finding against the whole cohort's, as a rate ratio
// with its 95% interval by the log method (Katz et al., Biometrics 1978), and whether the interval lies wholly
// outside the parity band. Pure.

/** The band of rate ratios read as parity: a group at 0.8–1.25 times the overall rate is not flagged. */
export const PARITY_BAND = { low: 0.8, high: 1.25 } as const;

/**
 * Groups smaller than this are reported but never flagged: when every patient of a small group fired, the Katz
 * interval is narrow however small the group (one patient of one was flagged on the 300-patient cohort).
 */
export const MIN_GROUP_PATIENTS_TO_FLAG = 10;

/** z for a two-sided 95% interval. */
const Z_95 = 1.959963984540054;

export interface RateRatio {
  /** Group rate / overall rate, or null when either count is 0 (no ratio on a log scale). */
  readonly rateRatio: number | null;
  /** 95% interval of the ratio, or null when the ratio is. */
  readonly ci95: readonly [number, number] | null;
  /** The interval lies wholly below or wholly above the parity band. */
  readonly flagged: boolean;
}

/**
 * `a` of `n1` patients of a group against `c` of `n2` patients overall. SE(ln RR) = √(1/a − 1/n1 + 1/c − 1/n2).
 * The group is part of the cohort, so the two rates are not independent: the interval is the customary
 * screening one, not an exact test. When every patient of a group fired (a = n1) the group term vanishes and
 * the interval is narrow however small the group, so groups under MIN_GROUP_PATIENTS_TO_FLAG are not flagged.
 */
export function rateRatio(a: number, n1: number, c: number, n2: number): RateRatio {
  if (a <= 0 || c <= 0 || n1 <= 0 || n2 <= 0) return { rateRatio: null, ci95: null, flagged: false };
  const ratio = a / n1 / (c / n2);
  const se = Math.sqrt(Math.max(0, 1 / a - 1 / n1 + 1 / c - 1 / n2));
  const lo = Math.exp(Math.log(ratio) - Z_95 * se);
  const hi = Math.exp(Math.log(ratio) + Z_95 * se);
  return {
    rateRatio: ratio,
    ci95: [lo, hi],
    flagged: n1 >= MIN_GROUP_PATIENTS_TO_FLAG && isOutsideParity(lo, hi),
  };
}

/** Whether an interval excludes the parity band entirely. */
export function isOutsideParity(lo: number, hi: number): boolean {
  return hi < PARITY_BAND.low || lo > PARITY_BAND.high;
}
