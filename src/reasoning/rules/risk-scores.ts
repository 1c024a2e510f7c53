// The risk scores of one patient as of the date seen, from the record (issue 14): each calculator of
// src/reasoning/risk/ given what the record holds, each input with the resource it was read from. An input the
// record does not hold stays missing and the score's value is null ("needs total cholesterol"); nothing is
// assumed. What counts:
// - cholesterol and HDL: the latest plausible result in mg/dL of the last 5 years; systolic BP: the latest
//   plausible reading of the last 2 years; eGFR: the latest plausible of the last year, else CKD-EPI 2021 from the
//   latest creatinine of the last year;
// - smoking: the latest status (current, or not); unknown is missing;
// - diagnoses (diabetes, hypertension, heart failure, stroke, vascular disease, bleeding, liver disease, dialysis):
//   present when on the problem list, absent otherwise, as every EHR calculator reads a problem list;
// - drugs: on the medication list and ordered or taken in the last year (an order left active for decades is
//   not treatment now); a statin also when ordered in the last year;
// - race (Pooled Cohort Equations only): the African-American equations for a recorded OMB category 2054-5, the
//   white equations otherwise, as the guideline directs for other groups; PREVENT uses none.
// HAS-BLED's labile INR is read only on warfarin (fewer than 60 % of the last 6 months' INRs in 2–3, with at
// least three); alcohol excess has no coded source in most records, so HAS-BLED usually says what it needs.
import type { SourceRef } from '../../context/context-types.ts';
import type { CitedScore } from '../finding.ts';
import { HYPERTENSION } from '../../terminology/condition-codes.ts';
import { DIABETES_MELLITUS } from '../../terminology/clinical-concepts.ts';
import {
  CREATININE_CODES,
  INR_CODES,
  LOINC_HDL,
  LOINC_TOTAL_CHOLESTEROL,
  RACE_BASED_EGFR_CODES,
} from '../../terminology/lab-codes.ts';
import { ANTIPLATELETS, NSAIDS, WARFARIN } from '../../terminology/medication-codes.ts';
import {
  ANTIHYPERTENSIVES,
  ATRIAL_FIBRILLATION,
  BLEEDING_HISTORY,
  CHRONIC_LIVER_DISEASE,
  DIALYSIS_OR_TRANSPLANT,
  HEART_FAILURE,
  STROKE_TIA_THROMBOEMBOLISM,
  VASCULAR_DISEASE,
} from '../../terminology/risk-factor-codes.ts';
import type { ConditionCodes } from '../../terminology/condition-codes.ts';
import { cha2ds2Vasc } from '../risk/cha2ds2-vasc.ts';
import { egfrCkdEpi2021 } from '../risk/egfr-ckd-epi-2021.ts';
import { hasBled } from '../risk/has-bled.ts';
import { pooledCohortAscvd10y } from '../risk/pooled-cohort-equations.ts';
import { preventAscvd10y, preventCvd10y } from '../risk/prevent-equations.ts';
import type { RiskInput, RiskResult, RiskScoreId } from '../risk/risk-result.ts';
import { statinTherapySource } from './current-therapy.ts';
import { egfrPoints } from './kidney-rules.ts';
import {
  creatinineMismatchOf,
  findProblem,
  medicationsWith,
  oncePerView,
  plausiblePoints,
  type RulePoint,
  type RuleView,
} from './rule-view.ts';

const LIPID_DAYS = 5 * 365;
const BLOOD_PRESSURE_DAYS = 2 * 365;
const KIDNEY_DAYS = 365;
const INR_DAYS = 183;
const CURRENT_DRUG_DAYS = 365;
const HAS_BLED_SBP_MMHG = 160;
/** HAS-BLED's abnormal renal function: creatinine ≥ 200 µmol/L. */
const HAS_BLED_CREATININE_MG_DL = 200 / 88.4;
const OMB_BLACK_OR_AFRICAN_AMERICAN = '2054-5';

/** Where each input came from, by input name. */
type Provenance = Map<string, { source: SourceRef; daysAgo?: number }>;

function latestWithin(points: readonly RulePoint[], unit: string, days: number): RulePoint | undefined {
  const latest = plausiblePoints(points.filter((point) => point.unit === unit)).at(-1);
  return latest !== undefined && latest.daysAgo <= days ? latest : undefined;
}

function withProvenance(result: RiskResult, provenance: Provenance): RiskResult {
  return {
    ...result,
    inputs: result.inputs.map((input): RiskInput => {
      const from = provenance.get(input.name);
      return from === undefined ? input : { ...input, ...from };
    }),
  };
}

/** The facts the scores share, each with where it came from. */
function readFacts(view: RuleView) {
  const provenance: Provenance = new Map();
  const note = (name: string, source: SourceRef | undefined, daysAgo?: number): void => {
    if (source !== undefined) provenance.set(name, daysAgo === undefined ? { source } : { source, daysAgo });
  };
  // One fact can be an input of several scores under different names (PCE's smoker, PREVENT's currentSmoker).
  const problem = (names: readonly string[], codes: ConditionCodes): boolean => {
    const found = findProblem(view, codes);
    for (const name of names) note(name, found?.source, found?.onsetDaysAgo);
    return found !== undefined;
  };
  const onDrug = (names: readonly string[], ingredients: ReadonlySet<string>): boolean => {
    const found = medicationsWith(view, ingredients).find(
      (medication) => medication.lastDaysAgo !== undefined && medication.lastDaysAgo <= CURRENT_DRUG_DAYS,
    );
    for (const name of names) note(name, found?.source, found?.lastDaysAgo);
    return found !== undefined;
  };
  note('ageYears', view.patient);
  note('sex', view.patient);
  note('raceGroup', view.patient);

  const totalCholesterol = latestWithin(view.points(new Set([LOINC_TOTAL_CHOLESTEROL])), 'mg/dL', LIPID_DAYS);
  note('totalCholesterolMgDl', totalCholesterol?.source, totalCholesterol?.daysAgo);
  const hdl = latestWithin(view.points(new Set([LOINC_HDL])), 'mg/dL', LIPID_DAYS);
  note('hdlMgDl', hdl?.source, hdl?.daysAgo);
  const reading = view.bloodPressure.filter((entry) => !entry.implausible).at(-1);
  const systolic = reading !== undefined && reading.daysAgo <= BLOOD_PRESSURE_DAYS ? reading : undefined;
  note('systolicMmHg', systolic?.source, systolic?.daysAgo);
  note('uncontrolledHypertension', systolic?.source, systolic?.daysAgo);

  const smoking = view.smoking;
  const smoker =
    smoking === undefined || smoking.history === 'unknown' ? undefined : smoking.history === 'current';
  note('smoker', smoking?.source, smoking?.daysAgo);
  note('currentSmoker', smoking?.source, smoking?.daysAgo);

  let egfr: number | undefined;
  // A reported eGFR the same-day creatinine contradicts (data-quality flag), or one by a race-based equation
  // (MDRD by race, CKD-EPI 2009), is not used: the creatinine's race-free CKD-EPI 2021 value is.
  const reported = egfrPoints(view).at(-1);
  if (
    reported !== undefined &&
    reported.daysAgo <= KIDNEY_DAYS &&
    (reported.loinc === undefined || !RACE_BASED_EGFR_CODES.has(reported.loinc)) &&
    creatinineMismatchOf(view, reported) === undefined
  ) {
    egfr = reported.value;
    note('egfrMlMin173m2', reported.source, reported.daysAgo);
  }
  const creatinine = latestWithin(view.points(CREATININE_CODES), 'mg/dL', KIDNEY_DAYS);
  const computedEgfr = egfrCkdEpi2021({
    creatinineMgDl: creatinine?.value,
    ageYears: view.ageYears,
    sex: view.sex,
  });
  if (egfr === undefined && computedEgfr.value !== null && creatinine !== undefined) {
    egfr = computedEgfr.value;
    note('egfrMlMin173m2', creatinine.source, creatinine.daysAgo);
  }
  note('creatinineMgDl', creatinine?.source, creatinine?.daysAgo);

  const diabetes = problem(['diabetes'], DIABETES_MELLITUS);
  const hypertension = problem(['hypertension'], HYPERTENSION);
  const treated = onDrug(['treatedForHypertension', 'antihypertensive'], ANTIHYPERTENSIVES);
  const statinSource = statinTherapySource(view);
  note('statin', statinSource);
  const statin = statinSource !== undefined;

  const dialysis = problem(['abnormalRenalFunction'], DIALYSIS_OR_TRANSPLANT);
  const abnormalRenal = dialysis
    ? true
    : creatinine === undefined
      ? undefined
      : creatinine.value >= HAS_BLED_CREATININE_MG_DL;

  const onWarfarin = medicationsWith(view, new Set([WARFARIN])).length > 0;
  const inrs = plausiblePoints(view.points(INR_CODES)).filter((point) => point.daysAgo <= INR_DAYS);
  const labileInr = !onWarfarin
    ? false
    : inrs.length < 3
      ? undefined
      : inrs.filter((point) => point.value >= 2 && point.value <= 3).length / inrs.length < 0.6;
  note('labileInr', inrs.at(-1)?.source, inrs.at(-1)?.daysAgo);

  return {
    provenance,
    totalCholesterol: totalCholesterol?.value,
    hdl: hdl?.value,
    systolic: systolic?.systolicMmHg,
    smoker,
    egfr,
    creatinine: creatinine?.value,
    diabetes,
    hypertension,
    treated,
    statin,
    atrialFibrillation: findProblem(view, ATRIAL_FIBRILLATION) !== undefined,
    heartFailure: problem(['congestiveHeartFailure'], HEART_FAILURE),
    stroke: problem(['strokeTiaOrThromboembolism', 'stroke'], STROKE_TIA_THROMBOEMBOLISM),
    vascular: problem(['vascularDisease'], VASCULAR_DISEASE),
    bleeding: problem(['bleedingHistoryOrPredisposition'], BLEEDING_HISTORY),
    liver: problem(['abnormalLiverFunction'], CHRONIC_LIVER_DISEASE),
    abnormalRenal,
    labileInr,
    antiplateletOrNsaid: onDrug(['antiplateletOrNsaid'], new Set([...ANTIPLATELETS, ...NSAIDS])),
  };
}

export type PatientRiskScores = Readonly<Record<RiskScoreId, RiskResult>>;

/** Every score of the patient as of the date seen (worked out once per view: the statin and AF rules and the panel). */
export const computeRiskScores = oncePerView(riskScoresOf);

function riskScoresOf(view: RuleView): PatientRiskScores {
  const facts = readFacts(view);
  const { provenance } = facts;
  const prevent = {
    ageYears: view.ageYears,
    sex: view.sex,
    totalCholesterolMgDl: facts.totalCholesterol,
    hdlMgDl: facts.hdl,
    systolicMmHg: facts.systolic,
    diabetes: facts.diabetes,
    currentSmoker: facts.smoker,
    egfrMlMin173m2: facts.egfr,
    antihypertensive: facts.treated,
    statin: facts.statin,
  };
  // The atrial fibrillation scores mean nothing without it: computed, but marked, so no one reads a toddler's
  // CHA2DS2-VASc of 1 as a stroke risk.
  const forAtrialFibrillation = (result: RiskResult, from: Provenance): RiskResult => {
    const withSources = withProvenance(result, from);
    return facts.atrialFibrillation
      ? withSources
      : { ...withSources, notApplicable: 'no atrial fibrillation on the problem list' };
  };
  return {
    'pce-ascvd-10y': withProvenance(
      pooledCohortAscvd10y({
        ageYears: view.ageYears,
        sex: view.sex,
        raceGroup: view.raceCategories.includes(OMB_BLACK_OR_AFRICAN_AMERICAN)
          ? 'african-american'
          : 'white-or-other',
        totalCholesterolMgDl: facts.totalCholesterol,
        hdlMgDl: facts.hdl,
        systolicMmHg: facts.systolic,
        treatedForHypertension: facts.treated,
        smoker: facts.smoker,
        diabetes: facts.diabetes,
      }),
      provenance,
    ),
    'prevent-cvd-10y': withProvenance(preventCvd10y(prevent), provenance),
    'prevent-ascvd-10y': withProvenance(preventAscvd10y(prevent), provenance),
    'cha2ds2-vasc': forAtrialFibrillation(
      cha2ds2Vasc({
        congestiveHeartFailure: facts.heartFailure,
        hypertension: facts.hypertension,
        ageYears: view.ageYears,
        diabetes: facts.diabetes,
        strokeTiaOrThromboembolism: facts.stroke,
        vascularDisease: facts.vascular,
        sex: view.sex,
      }),
      provenance,
    ),
    'has-bled': forAtrialFibrillation(
      hasBled({
        uncontrolledHypertension:
          facts.systolic === undefined ? undefined : facts.systolic > HAS_BLED_SBP_MMHG,
        abnormalRenalFunction: facts.abnormalRenal,
        abnormalLiverFunction: facts.liver,
        stroke: facts.stroke,
        bleedingHistoryOrPredisposition: facts.bleeding,
        labileInr: facts.labileInr,
        ageYears: view.ageYears,
        antiplateletOrNsaid: facts.antiplateletOrNsaid,
        alcoholExcess: undefined,
      }),
      provenance,
    ),
    'egfr-ckd-epi-2021': withProvenance(
      egfrCkdEpi2021({ creatinineMgDl: facts.creatinine, ageYears: view.ageYears, sex: view.sex }),
      provenance,
    ),
  };
}

const SCORE_LABELS: Readonly<Record<RiskScoreId, string>> = {
  'pce-ascvd-10y': '10-year ASCVD risk (Pooled Cohort Equations)',
  'prevent-cvd-10y': '10-year CVD risk (PREVENT)',
  'prevent-ascvd-10y': '10-year ASCVD risk (PREVENT)',
  'cha2ds2-vasc': 'CHA2DS2-VASc',
  'has-bled': 'HAS-BLED',
  'egfr-ckd-epi-2021': 'eGFR (CKD-EPI 2021)',
};

export function scoreLabel(id: RiskScoreId): string {
  return SCORE_LABELS[id];
}

/** A computed score as a finding cites it; undefined when it could not be computed. */
export function citedScore(result: RiskResult): CitedScore | undefined {
  return result.value === null
    ? undefined
    : {
        id: result.id,
        label: SCORE_LABELS[result.id],
        value: result.value,
        unit: result.unit,
        source: result.source,
      };
}

/** "needs total cholesterol, HDL" or "age 82 y: valid 40–79 y": why a score has no value. */
export function whyNoValue(result: RiskResult): string {
  return [
    ...(result.missing.length > 0 ? [`needs ${result.missing.join(', ')}`] : []),
    ...result.outOfRange,
  ].join('; ');
}
