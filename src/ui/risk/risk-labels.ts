// How the Risk panel writes a score and its inputs: the calculators name inputs as identifiers with units
// (`totalCholesterolMgDl`), the clinician reads "Total cholesterol (mg/dL)". Pure.
import type { RiskInputValue, RiskResult, RiskScoreId } from '../../reasoning/risk/risk-result.ts';
import { roundToTenth } from '../../reasoning/risk/risk-result.ts';

/** The order the panel lists the scores in: cardiovascular risk first, then AF stroke and bleeding, then kidney. */
export const RISK_SCORE_ORDER: readonly RiskScoreId[] = [
  'pce-ascvd-10y',
  'prevent-ascvd-10y',
  'prevent-cvd-10y',
  'cha2ds2-vasc',
  'has-bled',
  'egfr-ckd-epi-2021',
];

const INPUT_LABELS: Readonly<Record<string, string>> = {
  ageYears: 'Age (years)',
  sex: 'Sex',
  raceGroup: 'Race group (PCE)',
  // The windows risk-scores.ts reads them in: "needs" one means none that recent.
  totalCholesterolMgDl: 'Total cholesterol (mg/dL, last 5 years)',
  hdlMgDl: 'HDL cholesterol (mg/dL, last 5 years)',
  systolicMmHg: 'Systolic BP (mmHg, last 2 years)',
  treatedForHypertension: 'On BP treatment',
  antihypertensive: 'On BP treatment',
  smoker: 'Current smoker',
  currentSmoker: 'Current smoker',
  diabetes: 'Diabetes',
  egfrMlMin173m2: 'eGFR (mL/min/1.73 m², last year)',
  statin: 'On a statin',
  creatinineMgDl: 'Creatinine (mg/dL, last year)',
  congestiveHeartFailure: 'Heart failure',
  hypertension: 'Hypertension',
  strokeTiaOrThromboembolism: 'Stroke, TIA or thromboembolism',
  vascularDisease: 'Vascular disease',
  uncontrolledHypertension: 'Uncontrolled BP (systolic above 160 mmHg, last 2 years)',
  abnormalRenalFunction: 'Abnormal renal function (dialysis, transplant or creatinine, last year)',
  abnormalLiverFunction: 'Abnormal liver function',
  stroke: 'Stroke',
  bleedingHistoryOrPredisposition: 'Bleeding history or predisposition',
  labileInr: 'Labile INR (on warfarin, 3 INRs in 6 months)',
  antiplateletOrNsaid: 'On an antiplatelet or NSAID',
  alcoholExcess: 'Alcohol excess (rarely coded)',
};

const VALUE_LABELS: Readonly<Record<string, string>> = {
  female: 'female',
  male: 'male',
  'african-american': 'African American',
  'white-or-other': 'white or other',
};

const UNIT_LABELS: Readonly<Record<string, string>> = {
  '%': '%',
  points: 'points',
  'mL/min/1.73m2': 'mL/min/1.73 m²',
};

/** "Total cholesterol (mg/dL)" for `totalCholesterolMgDl`; an input without a label keeps its identifier. */
export function inputLabel(name: string): string {
  return INPUT_LABELS[name] ?? name;
}

/** Yes/no for a flag, one decimal at most for a number, plain words for a coded string. */
export function formatInputValue(value: RiskInputValue): string {
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'number') return String(roundToTenth(value));
  return VALUE_LABELS[value] ?? value;
}

/** "7.3 %", "1 point", "62 mL/min/1.73 m²"; undefined when the score could not be computed. */
export function formatScoreValue(result: RiskResult): string | undefined {
  if (result.value === null) return undefined;
  const value = roundToTenth(result.value);
  if (result.unit === 'points') return `${String(value)} ${value === 1 ? 'point' : 'points'}`;
  return `${String(value)} ${unitLabel(result.unit)}`;
}

/** A score's unit as read: "mL/min/1.73 m²" for the calculators' `mL/min/1.73m2`. */
export function unitLabel(unit: string): string {
  return UNIT_LABELS[unit] ?? unit;
}

/** An out-of-range note with its input named in words: "Age (years) 39: valid 40–79". */
export function describeOutOfRange(text: string): string {
  const space = text.indexOf(' ');
  if (space <= 0) return text;
  const name = text.slice(0, space);
  return name in INPUT_LABELS ? `${inputLabel(name)}${text.slice(space)}` : text;
}
