import { describe, expect, it } from 'vitest';
import { digoxinElderlyRule } from './digoxin-elderly.ts';
import {
  DIGOXIN,
  egfr,
  firedIds,
  insufficientFor,
  medication,
  ungroundedFindings,
  VERAPAMIL,
  type ContextInit,
} from './rule-test-kit.ts';

const DIGOXIN_ONCE_DAILY = { ...DIGOXIN, structuredDose: { amount: 1, unit: undefined, timesPerDay: 1 } };
const DIGOXIN_TWICE_DAILY = { ...DIGOXIN, structuredDose: { amount: 1, unit: undefined, timesPerDay: 2 } };
const DIGOXIN_250 = medication('Digoxin 0.25 MG Oral Tablet', { id: 'm-digoxin-250' });
const AMIODARONE = medication('Amiodarone hydrochloride 200 MG Oral Tablet', { id: 'm-amiodarone' });

describe('digoxin-elderly (AGS Beers 2023: ≥ 65, > 0.125 mg/day, interacting drugs)', () => {
  it.each<[string, ContextInit, string[]]>([
    ['68 with verapamil', { ageYears: 68, medications: [DIGOXIN, VERAPAMIL] }, ['digoxin-elderly']],
    [
      '70 with amiodarone',
      { ageYears: 70, medications: [DIGOXIN_ONCE_DAILY, AMIODARONE] },
      ['digoxin-elderly'],
    ],
    ['65 on 0.125 mg twice daily', { ageYears: 65, medications: [DIGOXIN_TWICE_DAILY] }, ['digoxin-elderly']],
    ['65 on 0.125 mg once daily', { ageYears: 65, medications: [DIGOXIN_ONCE_DAILY] }, []],
    [
      '75 on 0.25 mg tablets, frequency unknown',
      { ageYears: 75, medications: [DIGOXIN_250] },
      ['digoxin-elderly'],
    ],
    [
      '80 once daily with eGFR 25',
      { ageYears: 80, medications: [DIGOXIN_ONCE_DAILY], labs: [egfr([[25, 5]])] },
      ['digoxin-elderly'],
    ],
    ['64 with verapamil', { ageYears: 64, medications: [DIGOXIN, VERAPAMIL] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(digoxinElderlyRule, init)).toEqual(expected);
    expect(ungroundedFindings(digoxinElderlyRule, init)).toEqual([]);
  });

  it('reports an unknown age and an unstructured dose', () => {
    expect(insufficientFor(digoxinElderlyRule, { medications: [DIGOXIN] })).toEqual([
      'on digoxin, age unknown',
    ]);
    expect(insufficientFor(digoxinElderlyRule, { ageYears: 70, medications: [DIGOXIN] })).toEqual([
      'digoxin daily dose not structured (no dose and frequency)',
    ]);
  });
});
