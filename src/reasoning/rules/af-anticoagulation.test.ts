import { describe, expect, it } from 'vitest';
import { afAnticoagulationRule } from './af-anticoagulation.ts';
import {
  DIABETES,
  firedIds,
  HYPERTENSION,
  insufficientFor,
  medication,
  problem,
  runRule,
  ungroundedFindings,
  WARFARIN,
  type ContextInit,
} from './rule-test-kit.ts';

const AF = problem('49436004', 'Atrial fibrillation');
const HEART_FAILURE = problem('88805009', 'Chronic congestive heart failure');
const APIXABAN = medication('apixaban 5 MG Oral Tablet', { id: 'm-apixaban' });
const ASPIRIN = medication('Aspirin 81 MG Oral Tablet', { id: 'm-aspirin' });

describe('af-anticoagulation (ACC/AHA/ACCP/HRS 2023)', () => {
  it.each<[string, ContextInit, string[]]>([
    // CHA2DS2-VASc 2 in a man: hypertension + diabetes.
    [
      'man, score 2, no anticoagulant',
      { ageYears: 60, sex: 'male', problems: [AF, HYPERTENSION, DIABETES] },
      ['af-anticoagulation'],
    ],
    ['man, score 1', { ageYears: 60, sex: 'male', problems: [AF, HYPERTENSION] }, []],
    // Female sex scores 1: a woman with hypertension scores 2, below the women's threshold of 3.
    ['woman, score 2', { ageYears: 60, sex: 'female', problems: [AF, HYPERTENSION] }, []],
    ['woman, score 3', { ageYears: 66, sex: 'female', problems: [AF, HYPERTENSION] }, ['af-anticoagulation']],
    ['man 75 (A2), nothing else', { ageYears: 75, sex: 'male', problems: [AF] }, ['af-anticoagulation']],
    [
      'on apixaban',
      { ageYears: 80, sex: 'male', problems: [AF, HEART_FAILURE], medications: [APIXABAN] },
      [],
    ],
    [
      'on warfarin',
      { ageYears: 80, sex: 'male', problems: [AF, HEART_FAILURE], medications: [WARFARIN] },
      [],
    ],
    ['no atrial fibrillation', { ageYears: 80, sex: 'male', problems: [HEART_FAILURE, HYPERTENSION] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(afAnticoagulationRule, init)).toEqual(expected);
    expect(ungroundedFindings(afAnticoagulationRule, init)).toEqual([]);
  });

  it('cites CHA2DS2-VASc, and HAS-BLED or what it needs', () => {
    const [finding] = runRule(afAnticoagulationRule, {
      ageYears: 78,
      sex: 'male',
      problems: [AF, HEART_FAILURE],
      medications: [ASPIRIN],
      bloodPressure: [[150, 85, 10]],
    }).findings;
    expect(finding?.title).toBe('Atrial fibrillation, CHA2DS2-VASc 3: no anticoagulant');
    expect(finding?.scores?.map((score) => score.id)).toEqual(['cha2ds2-vasc']);
    // No creatinine and no alcohol history: HAS-BLED says what it needs rather than assume.
    expect(finding?.rationale).toContain(
      'HAS-BLED could not be computed (needs abnormalRenalFunction, alcoholExcess).',
    );
    expect(finding?.evidence.map((source) => source.id)).toEqual(
      expect.arrayContaining([AF.source.id, HEART_FAILURE.source.id, 'm-aspirin']),
    );
  });

  it('needs the sex for the score', () => {
    expect(insufficientFor(afAnticoagulationRule, { ageYears: 70, problems: [AF] })).toEqual([
      'CHA2DS2-VASc needs sex',
    ]);
  });
});
