import { describe, expect, it } from 'vitest';
import { ckdEpi2021Egfr, ckdStageOf, gfrCategory } from './data-quality.ts';
import { condition } from './test-records.ts';

describe('ckdEpi2021Egfr', () => {
  it.each<[number, number, 'female' | 'male', number]>([
    // Reference values from the NKF CKD-EPI 2021 calculator.
    [1.0, 50, 'male', 91],
    [1.0, 50, 'female', 68],
    [2.3, 67, 'male', 30],
    [0.9, 68, 'male', 92],
  ])('creatinine %s mg/dL, %s y, %s → about %s', (creatinine, age, sex, expected) => {
    expect(ckdEpi2021Egfr(creatinine, age, sex)).toBeCloseTo(expected, -0.5);
  });

  it('is undefined for children and impossible values', () => {
    expect(ckdEpi2021Egfr(0.5, 10, 'female')).toBeUndefined();
    expect(ckdEpi2021Egfr(0, 40, 'female')).toBeUndefined();
  });
});

describe('gfrCategory', () => {
  it.each<[number, string]>([
    [120, 'G1'],
    [90, 'G1'],
    [72.9, 'G2'],
    [50, 'G3a'],
    [41.6, 'G3b'],
    [20, 'G4'],
    [4.3, 'G5'],
  ])('%s → %s (KDIGO 2012)', (egfr, expected) => {
    expect(gfrCategory(egfr)).toBe(expected);
  });
});

describe('ckdStageOf', () => {
  it.each<[string, ReturnType<typeof condition>, string | undefined]>([
    ['SNOMED stage 1', condition('a', '431855005', 'Chronic kidney disease stage 1 (disorder)', '2010'), '1'],
    ['SNOMED stage 3b', condition('a', '700379002', 'CKD stage 3b', '2010'), '3b'],
    [
      'ICD-10-CM N18.4',
      {
        ...condition('a', 'x', 'CKD', '2010'),
        code: { coding: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'N18.4' }] },
      },
      '4',
    ],
    ['not CKD', condition('a', '44054006', 'Diabetes', '2010'), undefined],
  ])('%s → %s', (_label, resource, expected) => {
    expect(ckdStageOf(resource)).toBe(expected);
  });
});
