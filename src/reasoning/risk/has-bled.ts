// HAS-BLED: one-year major bleeding risk on anticoagulation in atrial fibrillation. Pisters R, Lane DA, Nieuwlaat
// R, de Vos CB, Crijns HJ, Lip GY. A novel user-friendly score (HAS-BLED) to assess 1-year risk of major bleeding
// in patients with atrial fibrillation: the Euro Heart Survey. Chest 2010;138:1093–1100 (the letters, their
// definitions and points: A and D score 1 each for their renal/liver and drugs/alcohol halves, so the maximum is 9).
import { collectInputs, sumPoints, type RiskResult, type ScoreComponent } from './risk-result.ts';

export interface HasBledInputs {
  /** H: uncontrolled hypertension, systolic > 160 mmHg (Pisters 2010's definition). */
  readonly uncontrolledHypertension?: boolean | undefined;
  /** A: abnormal renal function (dialysis, transplant, creatinine ≥ 200 µmol/L). */
  readonly abnormalRenalFunction?: boolean | undefined;
  /** A: abnormal liver function (cirrhosis, or bilirubin > 2× and AST/ALT/ALP > 3× the upper limit). */
  readonly abnormalLiverFunction?: boolean | undefined;
  /** S: stroke. */
  readonly stroke?: boolean | undefined;
  /** B: bleeding history or predisposition (e.g. anaemia). */
  readonly bleedingHistoryOrPredisposition?: boolean | undefined;
  /** L: labile INR (unstable or high INRs, little time in therapeutic range). */
  readonly labileInr?: boolean | undefined;
  /** E: elderly, age > 65 y. */
  readonly ageYears?: number | undefined;
  /** D: drugs predisposing to bleeding (antiplatelet agents, NSAIDs). */
  readonly antiplateletOrNsaid?: boolean | undefined;
  /** D: alcohol excess (the caller judges it; the paper scores alcohol abuse). */
  readonly alcoholExcess?: boolean | undefined;
}

const INPUT_NAMES = [
  'uncontrolledHypertension',
  'abnormalRenalFunction',
  'abnormalLiverFunction',
  'stroke',
  'bleedingHistoryOrPredisposition',
  'labileInr',
  'ageYears',
  'antiplateletOrNsaid',
  'alcoholExcess',
] as const;

export const HAS_BLED_SOURCE =
  'Pisters R et al. A novel user-friendly score (HAS-BLED) to assess 1-year risk of major bleeding in patients with atrial fibrillation. Chest 2010;138:1093–1100';

/** The named components and their points, or undefined while an input is missing. */
export function hasBledComponents(given: HasBledInputs): ScoreComponent[] | undefined {
  const {
    uncontrolledHypertension,
    abnormalRenalFunction,
    abnormalLiverFunction,
    stroke,
    bleedingHistoryOrPredisposition,
    labileInr,
    ageYears,
    antiplateletOrNsaid,
    alcoholExcess,
  } = given;
  if (
    uncontrolledHypertension === undefined ||
    abnormalRenalFunction === undefined ||
    abnormalLiverFunction === undefined ||
    stroke === undefined ||
    bleedingHistoryOrPredisposition === undefined ||
    labileInr === undefined ||
    ageYears === undefined ||
    antiplateletOrNsaid === undefined ||
    alcoholExcess === undefined
  ) {
    return undefined;
  }
  return [
    { name: 'H: uncontrolled hypertension', points: uncontrolledHypertension ? 1 : 0 },
    { name: 'A: abnormal renal function', points: abnormalRenalFunction ? 1 : 0 },
    { name: 'A: abnormal liver function', points: abnormalLiverFunction ? 1 : 0 },
    { name: 'S: stroke', points: stroke ? 1 : 0 },
    { name: 'B: bleeding history or predisposition', points: bleedingHistoryOrPredisposition ? 1 : 0 },
    { name: 'L: labile INR', points: labileInr ? 1 : 0 },
    { name: 'E: elderly (age > 65)', points: ageYears > 65 ? 1 : 0 },
    { name: 'D: antiplatelet or NSAID', points: antiplateletOrNsaid ? 1 : 0 },
    { name: 'D: alcohol excess', points: alcoholExcess ? 1 : 0 },
  ];
}

/** HAS-BLED, 0–9 points. */
export function hasBled(given: HasBledInputs): RiskResult {
  const { inputs, missing } = collectInputs(given, INPUT_NAMES);
  const components = hasBledComponents(given);
  return {
    id: 'has-bled',
    value: components === undefined ? null : sumPoints(components),
    unit: 'points',
    inputs,
    missing,
    outOfRange: [],
    source: HAS_BLED_SOURCE,
  };
}
