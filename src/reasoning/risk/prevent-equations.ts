// The AHA PREVENT equations, base model, 10-year total CVD and ASCVD: sex-specific, race-free, logistic.
// Khan SS et al. Development and Validation of the American Heart Association's PREVENT Equations. Circulation
// 2024;149:430–449 (base-model coefficients in its supplement). The coefficients below are taken from a published
// implementation, Ariel Linden's Stata module PREVENT (SSC, 2024; prevent10i.ado, "CVD - Female/Male" and
// "ASCVD - Female/Male"). With them, the female example in the README of the independent R package preventr
// (M. Mayer, CRAN) comes out as preventr prints it (the tests check it); no published male example was found.
import {
  collectInputs,
  positiveProblem,
  rangeProblem,
  roundToTenth,
  type RiskResult,
  type RiskScoreId,
} from './risk-result.ts';

export interface PreventInputs {
  readonly ageYears?: number | undefined;
  readonly sex?: 'female' | 'male' | undefined;
  readonly totalCholesterolMgDl?: number | undefined;
  readonly hdlMgDl?: number | undefined;
  readonly systolicMmHg?: number | undefined;
  readonly diabetes?: boolean | undefined;
  readonly currentSmoker?: boolean | undefined;
  readonly egfrMlMin173m2?: number | undefined;
  readonly antihypertensive?: boolean | undefined;
  readonly statin?: boolean | undefined;
}

const INPUT_NAMES = [
  'ageYears',
  'sex',
  'totalCholesterolMgDl',
  'hdlMgDl',
  'systolicMmHg',
  'diabetes',
  'currentSmoker',
  'egfrMlMin173m2',
  'antihypertensive',
  'statin',
] as const;

/** One base-model equation: a coefficient per centred term, and the constant. */
interface PreventCoefficients {
  readonly age: number;
  readonly nonHdl: number;
  readonly hdl: number;
  readonly sbpBelow110: number;
  readonly sbpFrom110: number;
  readonly diabetes: number;
  readonly smoker: number;
  readonly egfrBelow60: number;
  readonly egfrFrom60: number;
  readonly antihypertensive: number;
  readonly statin: number;
  readonly antihypertensiveSbpFrom110: number;
  readonly statinNonHdl: number;
  readonly ageNonHdl: number;
  readonly ageHdl: number;
  readonly ageSbpFrom110: number;
  readonly ageDiabetes: number;
  readonly ageSmoker: number;
  readonly ageEgfrBelow60: number;
  readonly constant: number;
}

type PreventOutcome = 'cvd' | 'ascvd';

// Khan 2024 base model, 10-year, as in prevent10i.ado (Linden 2024).
const BASE_MODEL_10Y: Readonly<
  Record<PreventOutcome, Readonly<Record<'female' | 'male', PreventCoefficients>>>
> = {
  cvd: {
    female: {
      age: 0.7939329,
      nonHdl: 0.0305239,
      hdl: -0.1606857,
      sbpBelow110: -0.2394003,
      sbpFrom110: 0.3600781,
      diabetes: 0.8667604,
      smoker: 0.5360739,
      egfrBelow60: 0.6045917,
      egfrFrom60: 0.0433769,
      antihypertensive: 0.3151672,
      statin: -0.1477655,
      antihypertensiveSbpFrom110: -0.0663612,
      statinNonHdl: 0.1197879,
      ageNonHdl: -0.0819715,
      ageHdl: 0.0306769,
      ageSbpFrom110: -0.0946348,
      ageDiabetes: -0.27057,
      ageSmoker: -0.078715,
      ageEgfrBelow60: -0.1637806,
      constant: -3.307728,
    },
    male: {
      age: 0.7688528,
      nonHdl: 0.0736174,
      hdl: -0.0954431,
      sbpBelow110: -0.4347345,
      sbpFrom110: 0.3362658,
      diabetes: 0.7692857,
      smoker: 0.4386871,
      egfrBelow60: 0.5378979,
      egfrFrom60: 0.0164827,
      antihypertensive: 0.288879,
      statin: -0.1337349,
      antihypertensiveSbpFrom110: -0.0475924,
      statinNonHdl: 0.150273,
      ageNonHdl: -0.0517874,
      ageHdl: 0.0191169,
      ageSbpFrom110: -0.1049477,
      ageDiabetes: -0.2251948,
      ageSmoker: -0.0895067,
      ageEgfrBelow60: -0.1543702,
      constant: -3.031168,
    },
  },
  ascvd: {
    female: {
      age: 0.719883,
      nonHdl: 0.1176967,
      hdl: -0.151185,
      sbpBelow110: -0.0835358,
      sbpFrom110: 0.3592852,
      diabetes: 0.8348585,
      smoker: 0.4831078,
      egfrBelow60: 0.4864619,
      egfrFrom60: 0.0397779,
      antihypertensive: 0.2265309,
      statin: -0.0592374,
      antihypertensiveSbpFrom110: -0.0395762,
      statinNonHdl: 0.0844423,
      ageNonHdl: -0.0567839,
      ageHdl: 0.0325692,
      ageSbpFrom110: -0.1035985,
      ageDiabetes: -0.2417542,
      ageSmoker: -0.0791142,
      ageEgfrBelow60: -0.1671492,
      constant: -3.819975,
    },
    male: {
      age: 0.7099847,
      nonHdl: 0.1658663,
      hdl: -0.1144285,
      sbpBelow110: -0.2837212,
      sbpFrom110: 0.3239977,
      diabetes: 0.7189597,
      smoker: 0.3956973,
      egfrBelow60: 0.3690075,
      egfrFrom60: 0.0203619,
      antihypertensive: 0.2036522,
      statin: -0.0865581,
      antihypertensiveSbpFrom110: -0.0322916,
      statinNonHdl: 0.114563,
      ageNonHdl: -0.0300005,
      ageHdl: 0.0232747,
      ageSbpFrom110: -0.0927024,
      ageDiabetes: -0.2018525,
      ageSmoker: -0.0970527,
      ageEgfrBelow60: -0.1217081,
      constant: -3.500655,
    },
  },
};

export const PREVENT_SOURCE =
  "Khan SS et al. Development and Validation of the American Heart Association's PREVENT Equations. Circulation 2024;149:430–449 (base model)";

/** Khan 2024 derived the equations in adults aged 30–79. */
export const PREVENT_AGE_RANGE_YEARS = { min: 30, max: 79 } as const;

/** Cholesterol mg/dL → mmol/L, the factor Khan 2024 uses (1 / 38.67). */
const MG_DL_TO_MMOL_L = 0.02586;

/** 10-year total CVD (ASCVD and heart failure) risk in %, PREVENT base model. */
export function preventCvd10y(given: PreventInputs): RiskResult {
  return preventRisk('prevent-cvd-10y', 'cvd', given);
}

/** 10-year ASCVD risk in %, PREVENT base model. */
export function preventAscvd10y(given: PreventInputs): RiskResult {
  return preventRisk('prevent-ascvd-10y', 'ascvd', given);
}

function preventRisk(id: RiskScoreId, outcome: PreventOutcome, given: PreventInputs): RiskResult {
  const { inputs, missing } = collectInputs(given, INPUT_NAMES);
  const base = { id, unit: '%', inputs, missing, source: PREVENT_SOURCE } as const;
  const {
    ageYears,
    sex,
    totalCholesterolMgDl,
    hdlMgDl,
    systolicMmHg,
    diabetes,
    currentSmoker,
    egfrMlMin173m2,
    antihypertensive,
    statin,
  } = given;
  if (
    ageYears === undefined ||
    sex === undefined ||
    totalCholesterolMgDl === undefined ||
    hdlMgDl === undefined ||
    systolicMmHg === undefined ||
    diabetes === undefined ||
    currentSmoker === undefined ||
    egfrMlMin173m2 === undefined ||
    antihypertensive === undefined ||
    statin === undefined
  ) {
    // An age outside the cohorts is said even while inputs are missing: lipids would not make it computable.
    const ageProblem =
      ageYears === undefined
        ? undefined
        : rangeProblem('ageYears', ageYears, PREVENT_AGE_RANGE_YEARS.min, PREVENT_AGE_RANGE_YEARS.max, 'y');
    return { ...base, value: null, outOfRange: ageProblem === undefined ? [] : [ageProblem] };
  }
  // Only age is held to the derivation range here (the equations were fitted on 30–79). The AHA calculator also
  // limits cholesterol, SBP and eGFR, and its published re-implementations disagree on where (SBP 180 or 200,
  // eGFR 140 or 150), so those are left to the caller; values that are not measurements are refused.
  const outOfRange = [
    rangeProblem('ageYears', ageYears, PREVENT_AGE_RANGE_YEARS.min, PREVENT_AGE_RANGE_YEARS.max, 'y'),
    positiveProblem('totalCholesterolMgDl', totalCholesterolMgDl),
    positiveProblem('hdlMgDl', hdlMgDl),
    positiveProblem('systolicMmHg', systolicMmHg),
    positiveProblem('egfrMlMin173m2', egfrMlMin173m2),
  ].filter((problem) => problem !== undefined);
  if (outOfRange.length > 0) return { ...base, value: null, outOfRange };

  // Khan 2024, the base model's centred terms: age per decade from 55; non-HDL from 3.5 mmol/L; HDL from
  // 1.3 mmol/L per 0.3; SBP and eGFR as two-piece linear splines (knots 110 mmHg and 60 mL/min/1.73 m²), each
  // piece centred where the centring value falls and otherwise at its knot.
  const age = (ageYears - 55) / 10;
  const nonHdl = (totalCholesterolMgDl - hdlMgDl) * MG_DL_TO_MMOL_L - 3.5;
  const hdl = (hdlMgDl * MG_DL_TO_MMOL_L - 1.3) / 0.3;
  const sbpBelow110 = (Math.min(systolicMmHg, 110) - 110) / 20;
  const sbpFrom110 = (Math.max(systolicMmHg, 110) - 130) / 20;
  const egfrBelow60 = (Math.min(egfrMlMin173m2, 60) - 60) / -15;
  const egfrFrom60 = (Math.max(egfrMlMin173m2, 60) - 90) / -15;
  const dm = diabetes ? 1 : 0;
  const smoker = currentSmoker ? 1 : 0;
  const bpTreated = antihypertensive ? 1 : 0;
  const onStatin = statin ? 1 : 0;

  const c = BASE_MODEL_10Y[outcome][sex];
  const logOdds =
    c.age * age +
    c.nonHdl * nonHdl +
    c.hdl * hdl +
    c.sbpBelow110 * sbpBelow110 +
    c.sbpFrom110 * sbpFrom110 +
    c.diabetes * dm +
    c.smoker * smoker +
    c.egfrBelow60 * egfrBelow60 +
    c.egfrFrom60 * egfrFrom60 +
    c.antihypertensive * bpTreated +
    c.statin * onStatin +
    c.antihypertensiveSbpFrom110 * bpTreated * sbpFrom110 +
    c.statinNonHdl * onStatin * nonHdl +
    c.ageNonHdl * age * nonHdl +
    c.ageHdl * age * hdl +
    c.ageSbpFrom110 * age * sbpFrom110 +
    c.ageDiabetes * age * dm +
    c.ageSmoker * age * smoker +
    c.ageEgfrBelow60 * age * egfrBelow60 +
    c.constant;
  // Logistic form: risk = e^x / (1 + e^x).
  const risk = 1 / (1 + Math.exp(-logOdds));
  return { ...base, value: roundToTenth(risk * 100), outOfRange: [] };
}
