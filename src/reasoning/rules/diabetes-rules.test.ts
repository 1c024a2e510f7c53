import { describe, expect, it } from 'vitest';
import { a1cAboveGoalRule, a1cOverdueRule, diabetesKidneyMonitoringRule } from './diabetes-rules.ts';
import {
  DIABETES,
  egfr,
  firedIds,
  hba1c,
  insufficientFor,
  uacr,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';

describe('a1c-above-goal (ADA 2024: < 7 %; < 8 % from 65)', () => {
  it.each<[string, ContextInit, string[]]>([
    ['7.0 % at 50', { ageYears: 50, problems: [DIABETES], labs: [hba1c([[7.0, 30]])] }, ['a1c-above-goal']],
    ['6.9 % at 50', { ageYears: 50, problems: [DIABETES], labs: [hba1c([[6.9, 30]])] }, []],
    ['7.9 % at 65', { ageYears: 65, problems: [DIABETES], labs: [hba1c([[7.9, 30]])] }, []],
    ['8.0 % at 65', { ageYears: 65, problems: [DIABETES], labs: [hba1c([[8.0, 30]])] }, ['a1c-above-goal']],
    ['9 % without diabetes recorded', { ageYears: 50, labs: [hba1c([[9, 30]])] }, []],
    ['9 % more than a year ago', { ageYears: 50, problems: [DIABETES], labs: [hba1c([[9, 400]])] }, []],
    [
      'implausible 3.0 % is not control',
      { ageYears: 50, problems: [DIABETES], labs: [hba1c([[3.0, 30]])] },
      [],
    ],
  ])('%s', (_, init, expected) => {
    expect(firedIds(a1cAboveGoalRule, init)).toEqual(expected);
    expect(ungroundedFindings(a1cAboveGoalRule, init)).toEqual([]);
  });

  it('needs the age for the goal', () => {
    expect(insufficientFor(a1cAboveGoalRule, { problems: [DIABETES], labs: [hba1c([[9, 30]])] })).toEqual([
      'diabetes, age unknown (the A1C goal depends on it)',
    ]);
  });
});

describe('a1c-overdue (ADA 2024: twice a year at goal, quarterly above)', () => {
  it.each<[string, ContextInit, string[]]>([
    ['at goal, 183 days ago', { ageYears: 50, problems: [DIABETES], labs: [hba1c([[6.5, 183]])] }, []],
    [
      'at goal, 184 days ago',
      { ageYears: 50, problems: [DIABETES], labs: [hba1c([[6.5, 184]])] },
      ['a1c-overdue:overdue'],
    ],
    ['above goal, 92 days ago', { ageYears: 50, problems: [DIABETES], labs: [hba1c([[8.5, 92]])] }, []],
    [
      'above goal, 93 days ago',
      { ageYears: 50, problems: [DIABETES], labs: [hba1c([[8.5, 93]])] },
      ['a1c-overdue:overdue'],
    ],
    ['none on record', { ageYears: 50, problems: [DIABETES] }, ['a1c-overdue:none']],
    [
      'latest implausible (Synthea 2.4–3.9 %)',
      {
        ageYears: 50,
        problems: [DIABETES],
        labs: [
          hba1c([
            [6.1, 400],
            [3.07, 10],
          ]),
        ],
      },
      ['a1c-overdue:implausible'],
    ],
    ['no diabetes', { ageYears: 50, labs: [hba1c([[3.07, 10]])] }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(a1cOverdueRule, init)).toEqual(expected);
    expect(ungroundedFindings(a1cOverdueRule, init)).toEqual([]);
  });
});

describe('diabetes-kidney-monitoring (ADA 2024 §11: eGFR and UACR yearly)', () => {
  it.each<[string, ContextInit, string[]]>([
    [
      'both within a year',
      { ageYears: 50, problems: [DIABETES], labs: [egfr([[80, 365]]), uacr([[10, 100]])] },
      [],
    ],
    [
      'UACR never',
      { ageYears: 50, problems: [DIABETES], labs: [egfr([[80, 30]])] },
      ['diabetes-kidney-monitoring:uacr'],
    ],
    [
      'eGFR 366 days ago',
      { ageYears: 50, problems: [DIABETES], labs: [egfr([[80, 366]]), uacr([[10, 30]])] },
      ['diabetes-kidney-monitoring:egfr'],
    ],
    ['neither', { ageYears: 50, problems: [DIABETES] }, ['diabetes-kidney-monitoring:both']],
    ['a child with diabetes: not this rule', { ageYears: 12, problems: [DIABETES] }, []],
    ['no diabetes', { ageYears: 50 }, []],
  ])('%s', (_, init, expected) => {
    expect(firedIds(diabetesKidneyMonitoringRule, init)).toEqual(expected);
    expect(ungroundedFindings(diabetesKidneyMonitoringRule, init)).toEqual([]);
  });
});
