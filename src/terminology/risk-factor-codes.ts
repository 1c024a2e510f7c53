// What the risk scores read from the problem and medication lists (src/reasoning/rules/risk-scores.ts): the
// conditions CHA2DS2-VASc (Lip 2010) and HAS-BLED (Pisters 2010) score, atrial fibrillation, and the drug class
// the Pooled Cohort Equations and PREVENT ask about ("treated for hypertension"); HAS-BLED's antiplatelets and
// NSAIDs are medication-codes.ts's. SNOMED CT codes are Synthea's and the EHRs' common ones; ICD-10-CM as
// category prefixes.
import type { ConditionCodes } from './condition-codes.ts';
import {
  ACE_INHIBITORS,
  ANGIOTENSIN_RECEPTOR_BLOCKERS,
  DUPLICATE_CLASSES,
  MINERALOCORTICOID_ANTAGONISTS,
  THIAZIDE_DIURETICS,
} from './medication-codes.ts';

/** Atrial fibrillation or flutter (ICD-10-CM I48). */
export const ATRIAL_FIBRILLATION: ConditionCodes = {
  snomed: new Set(['49436004', '5370000', '282825002', '440059007', '706923002']),
  icd10Prefixes: ['I48'],
};

/** CHA2DS2-VASc C: congestive heart failure or left ventricular dysfunction (ICD-10-CM I50). */
export const HEART_FAILURE: ConditionCodes = {
  snomed: new Set(['84114007', '42343007', '88805009', '703272007', '85232009']),
  icd10Prefixes: ['I50'],
};

/** CHA2DS2-VASc S2, HAS-BLED S: stroke, TIA, systemic or venous thromboembolism. */
export const STROKE_TIA_THROMBOEMBOLISM: ConditionCodes = {
  snomed: new Set(['230690007', '422504002', '266257000', '59282003', '128053003', '195189003']),
  icd10Prefixes: ['I63', 'I64', 'G45', 'Z86.73', 'I26', 'I74', 'I82.4'],
};

/** CHA2DS2-VASc V: prior myocardial infarction, peripheral artery disease, aortic plaque. */
export const VASCULAR_DISEASE: ConditionCodes = {
  snomed: new Set(['22298006', '401303003', '401314000', '399211009', '399957001', '840580004']),
  icd10Prefixes: ['I21', 'I22', 'I25.2', 'I70', 'I73.9'],
};

/** HAS-BLED B: a major bleed, or a predisposition to bleeding (anaemia counts in the paper). */
export const BLEEDING_HISTORY: ConditionCodes = {
  snomed: new Set(['74474003', '131148009', '50960005', '274100004', '1386000']),
  icd10Prefixes: ['K92.0', 'K92.1', 'K92.2', 'I60', 'I61', 'I62', 'R58', 'D62'],
};

/** HAS-BLED A (liver): chronic liver disease, cirrhosis. */
export const CHRONIC_LIVER_DISEASE: ConditionCodes = {
  snomed: new Set(['19943007', '328383001', '235856003']),
  icd10Prefixes: ['K70.3', 'K72', 'K74', 'K76.6'],
};

/** HAS-BLED A (renal): end-stage renal disease, dialysis, a kidney transplant. */
export const DIALYSIS_OR_TRANSPLANT: ConditionCodes = {
  snomed: new Set(['46177005', '433146000', '236435004', '161665007']),
  icd10Prefixes: ['N18.6', 'Z99.2', 'Z94.0'],
};

const BETA_BLOCKERS =
  DUPLICATE_CLASSES.find((entry) => entry.name === 'beta blockers')?.ingredients ?? new Set<string>();
const CALCIUM_CHANNEL_BLOCKERS = DUPLICATE_CLASSES.filter((entry) =>
  entry.name.includes('calcium channel blockers'),
).flatMap((entry) => [...entry.ingredients]);

/** Blood-pressure lowering drugs: "treated for hypertension" in the Pooled Cohort Equations and PREVENT. */
export const ANTIHYPERTENSIVES: ReadonlySet<string> = new Set([
  ...ACE_INHIBITORS,
  ...ANGIOTENSIN_RECEPTOR_BLOCKERS,
  ...THIAZIDE_DIURETICS,
  ...MINERALOCORTICOID_ANTAGONISTS,
  ...BETA_BLOCKERS,
  ...CALCIUM_CHANNEL_BLOCKERS,
  'hydralazine',
  'clonidine',
  'doxazosin',
  'methyldopa',
  'minoxidil',
]);
