import { describe, expect, it } from 'vitest';
import { EGFR_CKD_EPI_2021_SOURCE, egfrCkdEpi2021, type EgfrCkdEpi2021Inputs } from './egfr-ckd-epi-2021.ts';

/**
 * Inker 2021, written out again here from the paper so the test does not share code with what it tests:
 * 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 [female]; κ 0.7 F / 0.9 M; α −0.241 F / −0.302 M.
 */
function inker2021(creatinineMgDl: number, ageYears: number, sex: 'female' | 'male'): number {
  const female = sex === 'female';
  const ratio = creatinineMgDl / (female ? 0.7 : 0.9);
  const alpha = female ? -0.241 : -0.302;
  return (
    142 * Math.min(ratio, 1) ** alpha * Math.max(ratio, 1) ** -1.2 * 0.9938 ** ageYears * (female ? 1.012 : 1)
  );
}

describe('egfrCkdEpi2021 (Inker 2021)', () => {
  // Worked by hand from the equation (no published worked example was found to cite): e.g. 1.2 mg/dL, 55 y, male:
  // 142 × (1.2/0.9)^−1.2 × 0.9938^55 = 142 × 0.7081 × 0.7104 = 71.4 → 71.
  it.each<[number, number, 'female' | 'male', number]>([
    [1.2, 55, 'male', 71],
    [1.0, 50, 'male', 92],
    [1.0, 50, 'female', 69],
    [2.3, 67, 'male', 30],
    [0.9, 68, 'male', 93],
    [0.7, 40, 'female', 112],
    [0.5, 30, 'female', 129],
    [3.0, 70, 'female', 16],
  ])('creatinine %s mg/dL, %s y, %s → %s', (creatinineMgDl, ageYears, sex, expected) => {
    const result = egfrCkdEpi2021({ creatinineMgDl, ageYears, sex });
    expect(result).toMatchObject({
      id: 'egfr-ckd-epi-2021',
      value: expected,
      unit: 'mL/min/1.73m2',
      missing: [],
    });
    expect(result.source).toBe(EGFR_CKD_EPI_2021_SOURCE);
    expect(result.value).toBe(Math.round(inker2021(creatinineMgDl, ageYears, sex)));
  });

  it('agrees with the equation on both sides of κ, for both sexes, across ages', () => {
    for (const sex of ['female', 'male'] as const) {
      for (const creatinineMgDl of [0.4, 0.69, 0.7, 0.71, 0.89, 0.9, 0.91, 1.5, 4, 8]) {
        for (const ageYears of [18, 45, 90]) {
          expect(egfrCkdEpi2021({ creatinineMgDl, ageYears, sex }).value).toBe(
            Math.round(inker2021(creatinineMgDl, ageYears, sex)),
          );
        }
      }
    }
  });

  it.each<[number, boolean]>([
    [17, false],
    [18, true],
  ])('age %s computable: %s (adults only)', (ageYears, computable) => {
    const result = egfrCkdEpi2021({ creatinineMgDl: 1, ageYears, sex: 'female' });
    expect(result.value !== null).toBe(computable);
    expect(result.outOfRange).toEqual(computable ? [] : ['ageYears 17 y: valid 18–120 y']);
  });

  it('a creatinine of 0 is refused', () => {
    expect(egfrCkdEpi2021({ creatinineMgDl: 0, ageYears: 50, sex: 'male' })).toMatchObject({
      value: null,
      outOfRange: ['creatinineMgDl 0: must be above 0'],
    });
  });

  const COMPLETE: Required<EgfrCkdEpi2021Inputs> = { creatinineMgDl: 1, ageYears: 50, sex: 'male' };
  it.each(Object.keys(COMPLETE))('without %s: no value, and it says what is missing', (name) => {
    const result = egfrCkdEpi2021({ ...COMPLETE, [name]: undefined });
    expect(result.value).toBeNull();
    expect(result.missing).toEqual([name]);
  });
});
