import { describe, expect, it } from 'vitest';
import { a1cAboveGoalRule, a1cOverdueRule, diabetesKidneyMonitoringRule } from './diabetes-rules.ts';
import type { Rule } from './rule-kit.ts';
import {
  DIABETES,
  egfr,
  event,
  firedIds,
  hba1c,
  icdProblem,
  insufficientFor,
  runRule,
  series,
  uacr,
  ungroundedFindings,
  type ContextInit,
} from './rule-test-kit.ts';

const SNOMED = 'http://snomed.info/sct';
/** CMS122's Diabetes value set lists E10.10; the record gives no clinical status. */
const TYPE_1_DIABETES_E10_10 = {
  ...icdProblem('E10.10', 'Type 1 diabetes mellitus with ketoacidosis without coma'),
  status: undefined,
};
/** HbA1c by HPLC (LOINC 17856-6), in CMS122's HbA1c Laboratory Test value set. */
const hba1cHplc = (values: readonly (readonly [number, number])[]): ReturnType<typeof series> =>
  series('17856-6', 'HbA1c (HPLC)', '%', values, 'a1c-hplc');
const HOSPICE_DISCHARGE = event('Encounter', {
  id: 'enc-hospice',
  name: 'Hospital admission',
  codes: [{ system: SNOMED, code: '32485007' }],
  status: 'finished',
  startDaysAgo: 125,
  endDaysAgo: 120,
  dischargeDisposition: [{ system: SNOMED, code: '428361000124107' }],
});
/** CMS's frailty symptom R54 and a dementia drug (donepezil 10 mg, an advanced-illness indicator). */
const FRAILTY_R54 = event('Condition', {
  id: 'c-frail',
  name: 'Age-related physical debility',
  codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: 'R54' }],
  startDaysAgo: 100,
});
const DONEPEZIL = event('MedicationRequest', {
  id: 'm-donepezil',
  name: 'Donepezil hydrochloride 10 MG Oral Tablet',
  codes: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '997223' }],
  status: 'active',
  intent: 'order',
  startDaysAgo: 200,
});

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
    [
      '9 % with diabetes as ICD-10-CM E10.10, no clinical status',
      { ageYears: 50, problems: [TYPE_1_DIABETES_E10_10], labs: [hba1c([[9, 30]])] },
      ['a1c-above-goal'],
    ],
    [
      '9 % as LOINC 17856-6 (HPLC)',
      { ageYears: 50, problems: [DIABETES], labs: [hba1cHplc([[9, 30]])] },
      ['a1c-above-goal'],
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
    [
      'diabetes as ICD-10-CM E10.10, no clinical status, none on record',
      { ageYears: 50, problems: [TYPE_1_DIABETES_E10_10] },
      ['a1c-overdue:none'],
    ],
    [
      'at goal as LOINC 17856-6, 30 days ago',
      { ageYears: 50, problems: [DIABETES], labs: [hba1cHplc([[6.5, 30]])] },
      [],
    ],
    [
      'at goal as LOINC 17856-6, 200 days ago',
      { ageYears: 50, problems: [DIABETES], labs: [hba1cHplc([[6.5, 200]])] },
      ['a1c-overdue:overdue'],
    ],
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

describe('diabetes rules: exclusions (CMS122; ADA 2024 §13)', () => {
  const HOSPICE_REASON = 'hospice care: discharged for hospice care 120 days ago';
  const FRAILTY_REASON =
    'frailty (age-related physical debility 100 days ago) with advanced illness (donepezil hydrochloride 10 mg oral tablet 200 days ago) at 70';

  it.each<[string, Rule, ContextInit, string]>([
    [
      'a1c-above-goal',
      a1cAboveGoalRule,
      { ageYears: 50, problems: [DIABETES], labs: [hba1c([[9, 30]])] },
      'a1c-above-goal',
    ],
    ['a1c-overdue', a1cOverdueRule, { ageYears: 50, problems: [DIABETES] }, 'a1c-overdue:none'],
    [
      'diabetes-kidney-monitoring',
      diabetesKidneyMonitoringRule,
      { ageYears: 50, problems: [DIABETES] },
      'diabetes-kidney-monitoring:both',
    ],
  ])('hospice discharge in the last year: %s not raised', (_, rule, init, firedId) => {
    expect(firedIds(rule, init)).toEqual([firedId]);
    const evaluation = runRule(rule, { ...init, events: [HOSPICE_DISCHARGE] });
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.notRaised).toEqual([
      { ruleId: rule.id, reason: HOSPICE_REASON, evidence: [HOSPICE_DISCHARGE.source] },
    ]);
  });

  it.each<[string, Rule, ContextInit, string]>([
    [
      'a1c-above-goal',
      a1cAboveGoalRule,
      { ageYears: 70, problems: [DIABETES], labs: [hba1c([[9, 30]])] },
      'a1c-above-goal',
    ],
    ['a1c-overdue', a1cOverdueRule, { ageYears: 70, problems: [DIABETES] }, 'a1c-overdue:none'],
  ])('frail at 70 with an advanced illness: %s not raised', (_, rule, init, firedId) => {
    expect(firedIds(rule, init)).toEqual([firedId]);
    const evaluation = runRule(rule, { ...init, events: [FRAILTY_R54, DONEPEZIL] });
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.notRaised).toEqual([
      { ruleId: rule.id, reason: FRAILTY_REASON, evidence: [FRAILTY_R54.source] },
    ]);
  });

  it('frail at 70 with an advanced illness: the kidney check is still raised when due', () => {
    const init: ContextInit = {
      ageYears: 70,
      problems: [DIABETES],
      labs: [egfr([[70, 400]]), uacr([[10, 30]])],
      events: [FRAILTY_R54, DONEPEZIL],
    };
    const evaluation = runRule(diabetesKidneyMonitoringRule, init);
    expect(evaluation.findings.map((finding) => finding.id)).toEqual(['diabetes-kidney-monitoring:egfr']);
    expect(evaluation.notRaised).toEqual([]);
    expect(ungroundedFindings(diabetesKidneyMonitoringRule, init)).toEqual([]);
  });
});
