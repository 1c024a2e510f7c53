// Conditions, as sets per code system: SNOMED CT codes and ICD-10-CM codes or category prefixes. A concept is a
// ConditionCodes so that later value sets (ICD-10-CM lists, eCQM OIDs) extend the same shape. Sets were chosen
// from the guideline each rule follows (named per set) and the codes Synthea, Epic and Oracle Health send.

export interface ConditionCodes {
  readonly snomed: ReadonlySet<string>;
  /** ICD-10-CM codes or category prefixes ("E11" matches E11.9). */
  readonly icd10Prefixes: readonly string[];
}

// ---- Kidney -------------------------------------------------------------------------------------------------

// Chronic kidney disease stages (SNOMED CT "Chronic kidney disease stage N (disorder)" and ICD-10-CM N18.x).
// More than one stage active at once cannot be true of one patient: Synthea leaves stage 1 active when it
// adds stage 2, and real problem lists drift the same way.
export const CKD_STAGE_BY_SNOMED: Readonly<Record<string, string>> = {
  '431855005': '1',
  '431856006': '2',
  '433144002': '3',
  '700378005': '3a',
  '700379002': '3b',
  '431857002': '4',
  '433146000': '5',
  '46177005': '5',
};
export const CKD_STAGE_BY_ICD10: Readonly<Record<string, string>> = {
  'N18.1': '1',
  'N18.2': '2',
  'N18.3': '3',
  'N18.30': '3',
  'N18.31': '3a',
  'N18.32': '3b',
  'N18.4': '4',
  'N18.5': '5',
  'N18.6': '5',
};
/** SNOMED CT "Chronic kidney disease (disorder)", stage not stated. */
export const SNOMED_CHRONIC_KIDNEY_DISEASE = '709044004';
/** Chronic kidney disease, any or unstated stage (KDIGO 2024); ICD-10-CM N18. */
export const CHRONIC_KIDNEY_DISEASE: ConditionCodes = {
  snomed: new Set([SNOMED_CHRONIC_KIDNEY_DISEASE, ...Object.keys(CKD_STAGE_BY_SNOMED)]),
  icd10Prefixes: ['N18'],
};

// ---- Diabetes -----------------------------------------------------------------------------------------------

// Prediabetes stays active in Synthea (and in real problem lists) after diabetes is diagnosed, which is a
// contradiction worth showing.
export const SNOMED_PREDIABETES = '15777000';
export const ICD10_PREDIABETES = 'R73.03';
/** 44054006 is "Diabetes mellitus type 2", which Synthea displays as "Diabetes". */
export const SNOMED_DIABETES_TYPE_2 = '44054006';
/**
 * Diabetes as the prediabetes contradiction check reads it: type 2, type 1 (46635009), unspecified (73211009),
 * controlled type 2 (313436004). The rules' DIABETES_MELLITUS (clinical-concepts.ts) adds the eCQM value set;
 * kept apart so the check's behaviour holds.
 */
export const DIABETES_SNOMED_CODES: ReadonlySet<string> = new Set([
  SNOMED_DIABETES_TYPE_2,
  '46635009',
  '73211009',
  '313436004',
]);
/** ICD-10-CM E08–E13: diabetes mellitus of every type. */
export const ICD10_DIABETES_PREFIXES: readonly string[] = ['E08', 'E09', 'E10', 'E11', 'E13'];

// ---- Cardiovascular -----------------------------------------------------------------------------------------

/** Hypertension (ACC/AHA 2017): essential 38341003, 59621000, and hypertensive disorder 1201005; ICD-10-CM I10–I16. */
export const HYPERTENSION: ConditionCodes = {
  snomed: new Set(['38341003', '59621000', '1201005']),
  icd10Prefixes: ['I10', 'I11', 'I12', 'I13', 'I15', 'I16'],
};

/** Dyslipidaemia (ACC/AHA 2018 cholesterol guideline); ICD-10-CM E78. */
export const DYSLIPIDEMIA: ConditionCodes = {
  snomed: new Set(['55822004', '13644009', '370992007', '302870006']),
  icd10Prefixes: ['E78'],
};

/** Abdominal aortic aneurysm: USPSTF 2019 AAA screening is moot once one is known. */
export const ABDOMINAL_AORTIC_ANEURYSM: ConditionCodes = {
  snomed: new Set(['233985008']),
  icd10Prefixes: ['I71.3', 'I71.4'],
};

// ---- Conditions that make a USPSTF screening moot -----------------------------------------------------------

export const OSTEOPOROSIS: ConditionCodes = { snomed: new Set(['64859006']), icd10Prefixes: ['M80', 'M81'] };

export const HEPATITIS_C: ConditionCodes = {
  snomed: new Set(['50711007', '128302006', '235866006']),
  icd10Prefixes: ['B17.1', 'B18.2', 'B19.2'],
};

export const BREAST_CANCER: ConditionCodes = {
  snomed: new Set(['254837009', '372064008']),
  icd10Prefixes: ['C50'],
};

export const CERVICAL_CANCER: ConditionCodes = { snomed: new Set(['363354003']), icd10Prefixes: ['C53'] };

export const LUNG_CANCER: ConditionCodes = {
  snomed: new Set(['363358000', '254637007', '254632001', '424132000']),
  icd10Prefixes: ['C34'],
};
