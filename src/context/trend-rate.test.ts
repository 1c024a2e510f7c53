import { describe, expect, it } from 'vitest';
import { computeTrend } from './observation-series.ts';
import { formatRatePerYear, formatSignificant, isNegligibleChange, reportingStepOf } from './trend-rate.ts';

const YEAR_MS = 365.25 * 86_400_000;

describe('formatSignificant', () => {
  it.each<[number, number | undefined, string]>([
    [-2.7e-30, undefined, '0'],
    [9.5e-30, 1, '0'],
    [-4.123, 1, '-4.1'],
    [0.0345, 0.01, '0.035'],
    [-123.4, 1, '-120'],
    [0.78, 1, '0.8'],
    [0.063, 0.1, '0.06'],
    [0.063, undefined, '0.063'],
    [0.00031, 0.01, '0'],
    [1e21, undefined, '1000000000000000000000'],
    [-0.04, 1, '0'],
    [4, 1, '4'],
  ])('%s (step %s) → %s', (value, step, expected) => {
    expect(formatSignificant(value, 2, step)).toBe(expected);
  });

  it('never prints an exponent', () => {
    for (const value of [-2.7e-30, 1.4e-17, 3.3e-7, 6.02e23])
      expect(formatSignificant(value, 2, undefined)).not.toMatch(/e/i);
  });
});

describe('isNegligibleChange', () => {
  it.each<[string, number, number, number | undefined, boolean]>([
    ['floating residue on a flat height, no step known', -1.3e-29, 170, undefined, true],
    ['floating residue on values around 0', 1e-31, 0.5, undefined, true],
    ['under 5 % of the mean', 4.9, 100, undefined, true],
    ['5 % of the mean', 5, 100, undefined, false],
    ['under one reporting step (eGFR 0.6 in whole units)', 0.6, 8, 1, true],
    ['one reporting step, above 5 % of the mean', 1, 8, 1, false],
    ['a real change around a zero mean', 0.3, 0, undefined, false],
  ])('%s', (_, change, mean, step, expected) => {
    expect(isNegligibleChange(change, { mean, largestMagnitude: Math.abs(mean) + 1 }, step)).toBe(expected);
  });
});

describe('reportingStepOf', () => {
  it.each<[string | undefined, string, number | undefined]>([
    ['33914-3', 'mL/min/{1.73_m2}', 1],
    ['98979-8', 'mL/min/{1.73_m2}', 1],
    ['2160-0', 'mg/dL', 0.01],
    ['4548-4', '%', 0.1],
    ['8480-6', 'mm[Hg]', 1],
    ['2160-0', 'umol/L', undefined],
    ['1234-5', 'mg/dL', undefined],
    [undefined, 'mg/dL', undefined],
  ])('%s in %s → %s', (loinc, unit, expected) => {
    expect(reportingStepOf(loinc, unit)).toBe(expected);
  });
});

describe('formatRatePerYear over fitted trends', () => {
  const series = (values: readonly number[], stepYears = 0.4) =>
    values.map((value, index) => ({ timeMs: index * stepYears * YEAR_MS, value }));

  it.each<[string, readonly number[], number | undefined, string]>([
    // Values that do not change leave a residue in the fit: 11 heights of 170 cm gave -2.7e-30/y.
    ['eleven identical heights', Array<number>(11).fill(170.2), 0.1, 'stable'],
    ['identical weights, no step known', Array<number>(11).fill(80.1), undefined, 'stable'],
    ['identical zeros', [0, 0, 0, 0], undefined, 'stable'],
    ['eGFR falling 4 a year', [60, 56, 52, 48, 44], 1, '-4/y'],
    [
      'creatinine rising 0.035 a year',
      [1, 1.0175, 1.035, 1.0525, 1.07, 1.0875, 1.105, 1.1225, 1.14],
      0.01,
      '+0.035/y',
    ],
    ['HbA1c 6.0 → 6.2 over 4 years: under 5 % of the mean', [6, 6.05, 6.1, 6.15, 6.2], 0.1, 'stable'],
    ['eGFR of 8 → 7.4 over a year: under one whole unit', [8, 7.85, 7.7, 7.55, 7.4], 1, 'stable'],
    ['values around zero that do change', [-0.4, -0.2, 0, 0.2, 0.4], undefined, '+0.2/y'],
  ])('%s → %s', (_, values, step, expected) => {
    const trend = computeTrend(series(values, values.length > 5 ? 0.5 : 1), step);
    expect(trend).toBeDefined();
    if (trend === undefined) return;
    expect(formatRatePerYear(trend, step)).toBe(expected);
    expect(trend.direction === 'stable').toBe(expected === 'stable');
  });

  it('says stable for a rate that rounds to nothing at the step, even if called rising', () => {
    expect(formatRatePerYear({ perYear: 0.0004, direction: 'rising' }, 0.01)).toBe('stable');
  });
});
