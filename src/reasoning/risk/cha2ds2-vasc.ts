// CHA2DS2-VASc: stroke risk in atrial fibrillation. Lip GY, Nieuwlaat R, Pisters R, Lane DA, Crijns HJ. Refining
// clinical risk stratification for predicting stroke and thromboembolism in atrial fibrillation using a novel
// risk factor-based approach: the Euro Heart Survey on Atrial Fibrillation. Chest 2010;137:263–272.
// Each letter is a component, scored as the paper scores it; the maximum is 9.
import { collectInputs, sumPoints, type RiskResult, type ScoreComponent } from './risk-result.ts';

export interface Cha2ds2VascInputs {
  /** C: congestive heart failure or left ventricular dysfunction. */
  readonly congestiveHeartFailure?: boolean | undefined;
  /** H: hypertension. */
  readonly hypertension?: boolean | undefined;
  /** A2 (≥ 75 y, 2 points) and A (65–74 y, 1 point). */
  readonly ageYears?: number | undefined;
  /** D: diabetes mellitus. */
  readonly diabetes?: boolean | undefined;
  /** S2: prior stroke, TIA or thromboembolism. */
  readonly strokeTiaOrThromboembolism?: boolean | undefined;
  /** V: vascular disease (prior myocardial infarction, peripheral artery disease, aortic plaque). */
  readonly vascularDisease?: boolean | undefined;
  /** Sc: sex category, 1 point for female. */
  readonly sex?: 'female' | 'male' | undefined;
}

const INPUT_NAMES = [
  'congestiveHeartFailure',
  'hypertension',
  'ageYears',
  'diabetes',
  'strokeTiaOrThromboembolism',
  'vascularDisease',
  'sex',
] as const;

export const CHA2DS2_VASC_SOURCE =
  'Lip GY et al. Refining clinical risk stratification for predicting stroke and thromboembolism in atrial fibrillation. Chest 2010;137:263–272';

/** The named components and their points, or undefined while an input is missing. */
export function cha2ds2VascComponents(given: Cha2ds2VascInputs): ScoreComponent[] | undefined {
  const {
    congestiveHeartFailure,
    hypertension,
    ageYears,
    diabetes,
    strokeTiaOrThromboembolism,
    vascularDisease,
    sex,
  } = given;
  if (
    congestiveHeartFailure === undefined ||
    hypertension === undefined ||
    ageYears === undefined ||
    diabetes === undefined ||
    strokeTiaOrThromboembolism === undefined ||
    vascularDisease === undefined ||
    sex === undefined
  ) {
    return undefined;
  }
  return [
    { name: 'C: congestive heart failure', points: congestiveHeartFailure ? 1 : 0 },
    { name: 'H: hypertension', points: hypertension ? 1 : 0 },
    { name: 'A2: age ≥ 75', points: ageYears >= 75 ? 2 : 0 },
    { name: 'D: diabetes', points: diabetes ? 1 : 0 },
    { name: 'S2: stroke, TIA or thromboembolism', points: strokeTiaOrThromboembolism ? 2 : 0 },
    { name: 'V: vascular disease', points: vascularDisease ? 1 : 0 },
    { name: 'A: age 65–74', points: ageYears >= 65 && ageYears < 75 ? 1 : 0 },
    { name: 'Sc: sex category (female)', points: sex === 'female' ? 1 : 0 },
  ];
}

/** CHA2DS2-VASc, 0–9 points. */
export function cha2ds2Vasc(given: Cha2ds2VascInputs): RiskResult {
  const { inputs, missing } = collectInputs(given, INPUT_NAMES);
  const components = cha2ds2VascComponents(given);
  return {
    id: 'cha2ds2-vasc',
    value: components === undefined ? null : sumPoints(components),
    unit: 'points',
    inputs,
    missing,
    outOfRange: [],
    source: CHA2DS2_VASC_SOURCE,
  };
}
