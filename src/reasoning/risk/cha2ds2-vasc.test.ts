import { describe, expect, it } from 'vitest';
import {
  CHA2DS2_VASC_SOURCE,
  cha2ds2Vasc,
  cha2ds2VascComponents,
  type Cha2ds2VascInputs,
} from './cha2ds2-vasc.ts';

const NONE: Required<Cha2ds2VascInputs> = {
  congestiveHeartFailure: false,
  hypertension: false,
  ageYears: 50,
  diabetes: false,
  strokeTiaOrThromboembolism: false,
  vascularDisease: false,
  sex: 'male',
};

describe('CHA2DS2-VASc (Lip 2010)', () => {
  it.each<[string, Cha2ds2VascInputs, number]>([
    ['no risk factor', NONE, 0],
    ['female sex alone', { ...NONE, sex: 'female' }, 1],
    ['heart failure', { ...NONE, congestiveHeartFailure: true }, 1],
    ['hypertension', { ...NONE, hypertension: true }, 1],
    ['diabetes', { ...NONE, diabetes: true }, 1],
    ['vascular disease', { ...NONE, vascularDisease: true }, 1],
    ['stroke, TIA or thromboembolism scores 2', { ...NONE, strokeTiaOrThromboembolism: true }, 2],
    ['age 64', { ...NONE, ageYears: 64 }, 0],
    ['age 65', { ...NONE, ageYears: 65 }, 1],
    ['age 74', { ...NONE, ageYears: 74 }, 1],
    ['age 75 scores 2, not 3', { ...NONE, ageYears: 75 }, 2],
    [
      'every factor: the maximum, 9',
      {
        congestiveHeartFailure: true,
        hypertension: true,
        ageYears: 80,
        diabetes: true,
        strokeTiaOrThromboembolism: true,
        vascularDisease: true,
        sex: 'female',
      },
      9,
    ],
  ])('%s → %s', (_label, inputs, expected) => {
    const result = cha2ds2Vasc(inputs);
    expect(result).toMatchObject({ id: 'cha2ds2-vasc', value: expected, unit: 'points', missing: [] });
    expect(result.source).toBe(CHA2DS2_VASC_SOURCE);
  });

  it('names every component with its points', () => {
    expect(cha2ds2VascComponents({ ...NONE, ageYears: 76, sex: 'female', hypertension: true })).toEqual([
      { name: 'C: congestive heart failure', points: 0 },
      { name: 'H: hypertension', points: 1 },
      { name: 'A2: age ≥ 75', points: 2 },
      { name: 'D: diabetes', points: 0 },
      { name: 'S2: stroke, TIA or thromboembolism', points: 0 },
      { name: 'V: vascular disease', points: 0 },
      { name: 'A: age 65–74', points: 0 },
      { name: 'Sc: sex category (female)', points: 1 },
    ]);
  });

  it.each(Object.keys(NONE))('without %s: no value, and it says what is missing', (name) => {
    const result = cha2ds2Vasc({ ...NONE, [name]: undefined });
    expect(result.value).toBeNull();
    expect(result.missing).toEqual([name]);
    expect(cha2ds2VascComponents({ ...NONE, [name]: undefined })).toBeUndefined();
  });
});
