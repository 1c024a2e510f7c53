import { describe, expect, it } from 'vitest';
import {
  CORONARY_HEART_DISEASE,
  DIABETES,
  firedIds,
  HYPERTENSION,
  insufficientFor,
  problem,
  series,
  SIMVASTATIN,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';
import { statinIndicationRule } from './statin-indication.ts';

const ldl = (value: number): ReturnType<typeof series> =>
  series('18262-6', 'LDL', 'mg/dL', [[value, 30]], 'ldl');
const STROKE = problem('230690007', 'Stroke');

describe('statin-indication (ACC/AHA 2018; USPSTF 2022)', () => {
  it.each<[string, ContextInit, string[]]>([
    [
      'coronary heart disease, no statin',
      { ageYears: 66, problems: [CORONARY_HEART_DISEASE] },
      ['statin-indication:ascvd'],
    ],
    [
      'stroke, on simvastatin (Synthea "Simvistatin")',
      { ageYears: 72, problems: [STROKE], medications: [SIMVASTATIN] },
      [],
    ],
    ['LDL 190 at 30', { ageYears: 30, labs: [ldl(190)] }, ['statin-indication:ldl-190']],
    ['LDL 189 at 30', { ageYears: 30, labs: [ldl(189)] }, []],
    ['diabetes at 40', { ageYears: 40, problems: [DIABETES] }, ['statin-indication:diabetes']],
    ['diabetes at 39', { ageYears: 39, problems: [DIABETES] }, []],
    ['diabetes at 75', { ageYears: 75, problems: [DIABETES] }, ['statin-indication:diabetes']],
    ['diabetes at 76', { ageYears: 76, problems: [DIABETES] }, []],
    [
      'hypertension at 55: estimate the risk',
      { ageYears: 55, problems: [HYPERTENSION] },
      ['statin-indication:risk-estimate'],
    ],
    [
      'current smoker at 45',
      { ageYears: 45, smoking: 'Current every day smoker' },
      ['statin-indication:risk-estimate'],
    ],
    ['former smoker at 45, no other factor', { ageYears: 45, smoking: 'Former smoker' }, []],
    ['no risk factor at 55', { ageYears: 55 }, []],
    ['a child', { ageYears: 12, problems: [DIABETES] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(statinIndicationRule, init)).toEqual(expected);
    expect(ungroundedFindings(statinIndicationRule, init)).toEqual([]);
  });

  it('needs the age', () => {
    expect(insufficientFor(statinIndicationRule, { problems: [DIABETES] })).toEqual(['age unknown']);
  });
});
