// The Pooled Cohort Equations: 10-year risk of a first hard ASCVD event (non-fatal MI, CHD death, fatal or
// non-fatal stroke). Goff DC Jr et al., 2013 ACC/AHA Guideline on the Assessment of Cardiovascular Risk,
// Circulation 2014;129(25 Suppl 2):S49–S73, Table A (coefficients, baseline survival, mean of the sum) and its
// worked example (age 55, TC 213, HDL 50, untreated SBP 120, non-smoker, no diabetes).
import {
  collectInputs,
  positiveProblem,
  rangeProblem,
  roundToTenth,
  type RiskResult,
} from './risk-result.ts';

export type PceRaceGroup = 'african-american' | 'white-or-other';

export interface PceInputs {
  readonly ageYears?: number | undefined;
  readonly sex?: 'female' | 'male' | undefined;
  readonly raceGroup?: PceRaceGroup | undefined;
  readonly totalCholesterolMgDl?: number | undefined;
  readonly hdlMgDl?: number | undefined;
  readonly systolicMmHg?: number | undefined;
  readonly treatedForHypertension?: boolean | undefined;
  readonly smoker?: boolean | undefined;
  readonly diabetes?: boolean | undefined;
}

const INPUT_NAMES = [
  'ageYears',
  'sex',
  'raceGroup',
  'totalCholesterolMgDl',
  'hdlMgDl',
  'systolicMmHg',
  'treatedForHypertension',
  'smoker',
  'diabetes',
] as const;

/** One column of Table A. Terms the guideline leaves blank ("N/A") for a group are 0. */
interface PceCoefficients {
  readonly lnAge: number;
  readonly lnAgeSquared: number;
  readonly lnTotalCholesterol: number;
  readonly lnAgeLnTotalCholesterol: number;
  readonly lnHdl: number;
  readonly lnAgeLnHdl: number;
  readonly lnTreatedSbp: number;
  readonly lnAgeLnTreatedSbp: number;
  readonly lnUntreatedSbp: number;
  readonly lnAgeLnUntreatedSbp: number;
  readonly smoker: number;
  readonly lnAgeSmoker: number;
  readonly diabetes: number;
  /** Baseline survival at 10 years, S10. */
  readonly baselineSurvival: number;
  /** Mean of (coefficient × value) in the derivation cohort. */
  readonly meanSum: number;
}

const NONE = {
  lnAgeSquared: 0,
  lnAgeLnTotalCholesterol: 0,
  lnAgeLnHdl: 0,
  lnAgeLnTreatedSbp: 0,
  lnAgeLnUntreatedSbp: 0,
  lnAgeSmoker: 0,
} as const;

// Goff 2013, Table A, "Equation Parameters of the Pooled Cohort Equations for Estimation of 10-Year Risk of Hard
// ASCVD", one column per sex and race group.
const TABLE_A: Readonly<Record<'female' | 'male', Readonly<Record<PceRaceGroup, PceCoefficients>>>> = {
  female: {
    'white-or-other': {
      ...NONE,
      lnAge: -29.799,
      lnAgeSquared: 4.884,
      lnTotalCholesterol: 13.54,
      lnAgeLnTotalCholesterol: -3.114,
      lnHdl: -13.578,
      lnAgeLnHdl: 3.149,
      lnTreatedSbp: 2.019,
      lnUntreatedSbp: 1.957,
      smoker: 7.574,
      lnAgeSmoker: -1.665,
      diabetes: 0.661,
      baselineSurvival: 0.9665,
      meanSum: -29.18,
    },
    'african-american': {
      ...NONE,
      lnAge: 17.114,
      lnTotalCholesterol: 0.94,
      lnHdl: -18.92,
      lnAgeLnHdl: 4.475,
      lnTreatedSbp: 29.291,
      lnAgeLnTreatedSbp: -6.432,
      lnUntreatedSbp: 27.82,
      lnAgeLnUntreatedSbp: -6.087,
      smoker: 0.691,
      diabetes: 0.874,
      baselineSurvival: 0.9533,
      meanSum: 86.61,
    },
  },
  male: {
    'white-or-other': {
      ...NONE,
      lnAge: 12.344,
      lnTotalCholesterol: 11.853,
      lnAgeLnTotalCholesterol: -2.664,
      lnHdl: -7.99,
      lnAgeLnHdl: 1.769,
      lnTreatedSbp: 1.797,
      lnUntreatedSbp: 1.764,
      smoker: 7.837,
      lnAgeSmoker: -1.795,
      diabetes: 0.658,
      baselineSurvival: 0.9144,
      meanSum: 61.18,
    },
    'african-american': {
      ...NONE,
      lnAge: 2.469,
      lnTotalCholesterol: 0.302,
      lnHdl: -0.307,
      lnTreatedSbp: 1.916,
      lnUntreatedSbp: 1.809,
      smoker: 0.549,
      diabetes: 0.645,
      baselineSurvival: 0.8954,
      meanSum: 19.54,
    },
  },
};

export const PCE_SOURCE =
  'Goff DC Jr et al. 2013 ACC/AHA Guideline on the Assessment of Cardiovascular Risk. Circulation 2014;129:S49–S73, Table A';

/** The guideline derived and validated the equations for ages 40–79 only (Goff 2013, Table A footnote). */
export const PCE_AGE_RANGE_YEARS = { min: 40, max: 79 } as const;

/** 10-year risk of hard ASCVD in %, rounded to 0.1 as the guideline's worked example reports it. */
export function pooledCohortAscvd10y(given: PceInputs): RiskResult {
  const { inputs, missing } = collectInputs(given, INPUT_NAMES);
  const base = { id: 'pce-ascvd-10y', unit: '%', inputs, missing, source: PCE_SOURCE } as const;
  const {
    ageYears,
    sex,
    raceGroup,
    totalCholesterolMgDl,
    hdlMgDl,
    systolicMmHg,
    treatedForHypertension,
    smoker,
    diabetes,
  } = given;
  if (
    ageYears === undefined ||
    sex === undefined ||
    raceGroup === undefined ||
    totalCholesterolMgDl === undefined ||
    hdlMgDl === undefined ||
    systolicMmHg === undefined ||
    treatedForHypertension === undefined ||
    smoker === undefined ||
    diabetes === undefined
  ) {
    // An age outside the cohorts is said even while inputs are missing: lipids would not make it computable.
    const ageProblem =
      ageYears === undefined
        ? undefined
        : rangeProblem('ageYears', ageYears, PCE_AGE_RANGE_YEARS.min, PCE_AGE_RANGE_YEARS.max, 'y');
    return { ...base, value: null, outOfRange: ageProblem === undefined ? [] : [ageProblem] };
  }
  // The equations take logarithms: a value of 0 or below is not a measurement, and ages outside 40–79 are
  // outside the cohorts the equations came from.
  const outOfRange = [
    rangeProblem('ageYears', ageYears, PCE_AGE_RANGE_YEARS.min, PCE_AGE_RANGE_YEARS.max, 'y'),
    positiveProblem('totalCholesterolMgDl', totalCholesterolMgDl),
    positiveProblem('hdlMgDl', hdlMgDl),
    positiveProblem('systolicMmHg', systolicMmHg),
  ].filter((problem) => problem !== undefined);
  if (outOfRange.length > 0) return { ...base, value: null, outOfRange };

  const c = TABLE_A[sex][raceGroup];
  const lnAge = Math.log(ageYears);
  const lnTc = Math.log(totalCholesterolMgDl);
  const lnHdl = Math.log(hdlMgDl);
  const lnSbp = Math.log(systolicMmHg);
  const smokes = smoker ? 1 : 0;
  const sum =
    c.lnAge * lnAge +
    c.lnAgeSquared * lnAge * lnAge +
    c.lnTotalCholesterol * lnTc +
    c.lnAgeLnTotalCholesterol * lnAge * lnTc +
    c.lnHdl * lnHdl +
    c.lnAgeLnHdl * lnAge * lnHdl +
    (treatedForHypertension
      ? c.lnTreatedSbp * lnSbp + c.lnAgeLnTreatedSbp * lnAge * lnSbp
      : c.lnUntreatedSbp * lnSbp + c.lnAgeLnUntreatedSbp * lnAge * lnSbp) +
    c.smoker * smokes +
    c.lnAgeSmoker * lnAge * smokes +
    c.diabetes * (diabetes ? 1 : 0);
  // Table A: risk = 1 − S10^exp(IndX'B − Mean(X'B)).
  const risk = 1 - c.baselineSurvival ** Math.exp(sum - c.meanSum);
  return { ...base, value: roundToTenth(risk * 100), outOfRange: [] };
}
