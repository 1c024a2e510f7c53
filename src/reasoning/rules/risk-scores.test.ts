import { describe, expect, it } from 'vitest';
import { egfrCkdEpi2021 } from '../risk/egfr-ckd-epi-2021.ts';
import { pooledCohortAscvd10y } from '../risk/pooled-cohort-equations.ts';
import { computeRiskScores, whyNoValue } from './risk-scores.ts';
import { buildRuleView } from './rule-view.ts';
import {
  DIABETES,
  egfr,
  HYPERTENSION,
  LISINOPRIL,
  makeContext,
  medication,
  PATIENT,
  series,
  WARFARIN,
  type ContextInit,
} from './rule-test-kit.ts';

const scoresOf = (init: ContextInit): ReturnType<typeof computeRiskScores> =>
  computeRiskScores(buildRuleView(makeContext(init)));

const HDL = series('2085-9', 'HDL cholesterol', 'mg/dL', [[50, 100]], 'hdl');
const LIPIDS = [series('2093-3', 'Total cholesterol', 'mg/dL', [[213, 100]], 'tc'), HDL];
const WORKED_EXAMPLE: ContextInit = {
  ageYears: 55,
  sex: 'female',
  labs: LIPIDS,
  bloodPressure: [[120, 80, 30]],
  smoking: 'Never smoker',
};

describe('computeRiskScores', () => {
  it('gives the Pooled Cohort Equations the record, with where each input came from', () => {
    const pce = scoresOf(WORKED_EXAMPLE)['pce-ascvd-10y'];
    expect(pce.value).toBe(2.1);
    expect(pce.inputs.find((input) => input.name === 'totalCholesterolMgDl')).toMatchObject({
      value: 213,
      source: { resourceType: 'Observation', id: 'tc-1' },
      daysAgo: 100,
    });
    expect(pce.inputs.find((input) => input.name === 'systolicMmHg')?.source?.id).toBe('bp-1');
    expect(pce.inputs.find((input) => input.name === 'ageYears')?.source).toEqual(PATIENT);
  });

  it('uses the African-American equations for a recorded OMB category 2054-5, the white ones otherwise', () => {
    expect(scoresOf({ ...WORKED_EXAMPLE, raceCategories: ['2054-5'] })['pce-ascvd-10y'].value).toBe(3.0);
    expect(scoresOf({ ...WORKED_EXAMPLE, raceCategories: ['2028-9'] })['pce-ascvd-10y'].value).toBe(2.1);
    expect(scoresOf(WORKED_EXAMPLE)['pce-ascvd-10y'].value).toBe(2.1);
  });

  it('reads treatment, diabetes and smoking from the lists, and the result matches the calculator', () => {
    const init: ContextInit = {
      ...WORKED_EXAMPLE,
      sex: 'male',
      problems: [DIABETES, HYPERTENSION],
      medications: [LISINOPRIL],
      smoking: 'Current every day smoker',
    };
    const expected = pooledCohortAscvd10y({
      ageYears: 55,
      sex: 'male',
      raceGroup: 'white-or-other',
      totalCholesterolMgDl: 213,
      hdlMgDl: 50,
      systolicMmHg: 120,
      treatedForHypertension: true,
      smoker: true,
      diabetes: true,
    }).value;
    expect(scoresOf(init)['pce-ascvd-10y'].value).toBe(expected);
  });

  it('never assumes an input: lipids older than 5 years, no smoking status, no blood pressure', () => {
    const stale = scoresOf({
      ...WORKED_EXAMPLE,
      labs: [series('2093-3', 'Total cholesterol', 'mg/dL', [[213, 2000]], 'tc'), HDL],
    })['pce-ascvd-10y'];
    expect(stale.value).toBeNull();
    expect(stale.missing).toEqual(['totalCholesterolMgDl']);
    const pce = scoresOf({ ageYears: 55, sex: 'female', labs: LIPIDS })['pce-ascvd-10y'];
    expect(whyNoValue(pce)).toBe('needs systolicMmHg, smoker');
  });

  it('gives PREVENT the reported eGFR, or one from the creatinine when none is reported', () => {
    expect(
      scoresOf({ ...WORKED_EXAMPLE, labs: [...LIPIDS, egfr([[70, 40]])] })['prevent-ascvd-10y'].inputs.find(
        (input) => input.name === 'egfrMlMin173m2',
      ),
    ).toMatchObject({ value: 70, daysAgo: 40 });
    const fromCreatinine = scoresOf({
      ...WORKED_EXAMPLE,
      labs: [...LIPIDS, series('2160-0', 'Creatinine', 'mg/dL', [[1.0, 20]], 'cr')],
    });
    const expected = egfrCkdEpi2021({ creatinineMgDl: 1.0, ageYears: 55, sex: 'female' }).value;
    expect(fromCreatinine['egfr-ckd-epi-2021'].value).toBe(expected);
    expect(
      fromCreatinine['prevent-ascvd-10y'].inputs.find((input) => input.name === 'egfrMlMin173m2'),
    ).toMatchObject({ value: expected, source: { id: 'cr-1' } });
    expect(scoresOf(WORKED_EXAMPLE)['prevent-ascvd-10y'].missing).toEqual(['egfrMlMin173m2']);
    // A race-based eGFR (MDRD, African-American) is set aside for the race-free one from the creatinine.
    const raceBased = scoresOf({
      ...WORKED_EXAMPLE,
      labs: [
        ...LIPIDS,
        series('48643-1', 'eGFR MDRD (African American)', 'mL/min/{1.73_m2}', [[80, 20]], 'mdrd'),
        series('2160-0', 'Creatinine', 'mg/dL', [[1.0, 20]], 'cr'),
      ],
    });
    expect(
      raceBased['prevent-ascvd-10y'].inputs.find((input) => input.name === 'egfrMlMin173m2'),
    ).toMatchObject({ value: expected, source: { id: 'cr-1' } });
  });

  it('scores HAS-BLED labile INR only on warfarin, from the last 6 months of INRs', () => {
    const inr = (values: [number, number][]): ReturnType<typeof series> =>
      series('6301-6', 'INR', '{INR}', values, 'inr');
    const hasBledInputs = (init: ContextInit): Record<string, unknown> =>
      Object.fromEntries(scoresOf(init)['has-bled'].inputs.map((input) => [input.name, input.value]));
    expect(hasBledInputs({ ageYears: 70, sex: 'male' }).labileInr).toBe(false);
    expect(
      hasBledInputs({
        ageYears: 70,
        sex: 'male',
        medications: [WARFARIN],
        labs: [
          inr([
            [2.5, 10],
            [2.4, 40],
          ]),
        ],
      }).labileInr,
    ).toBeUndefined();
    expect(
      hasBledInputs({
        ageYears: 70,
        sex: 'male',
        medications: [WARFARIN],
        labs: [
          inr([
            [4.1, 10],
            [1.5, 40],
            [2.5, 70],
          ]),
        ],
      }).labileInr,
    ).toBe(true);
    expect(
      hasBledInputs({
        ageYears: 70,
        sex: 'male',
        medications: [WARFARIN, medication('Aspirin 81 MG Oral Tablet', { id: 'm-aspirin' })],
        labs: [
          inr([
            [2.1, 10],
            [2.6, 40],
            [2.9, 70],
          ]),
        ],
      }),
    ).toMatchObject({ labileInr: false, antiplateletOrNsaid: true });
  });
});
