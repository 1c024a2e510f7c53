// Code systems and codes the context reads, as named constants. System URIs are the canonical ones of FHIR R4
// (terminologies page, §4.3) and US Core; codes are from LOINC, SNOMED CT, ICD-10-CM and HL7 v3 as named.

export const SYSTEM_LOINC = 'http://loinc.org';
export const SYSTEM_SNOMED = 'http://snomed.info/sct';
export const SYSTEM_RXNORM = 'http://www.nlm.nih.gov/research/umls/rxnorm';
export const SYSTEM_ICD10_CM = 'http://hl7.org/fhir/sid/icd-10-cm';
export const SYSTEM_ICD10 = 'http://hl7.org/fhir/sid/icd-10';
export const SYSTEM_CVX = 'http://hl7.org/fhir/sid/cvx';
export const SYSTEM_OBSERVATION_CATEGORY = 'http://terminology.hl7.org/CodeSystem/observation-category';

// Blood pressure. FHIR R4's vital-signs profile and US Core use the 85354-9 panel; Synthea 2.4 uses 55284-4
// ("Blood pressure systolic and diastolic") and lists the diastolic component first, so components are always
// picked by code, never by position.
export const LOINC_BP_PANEL = '85354-9';
export const LOINC_BP_PANEL_SYNTHEA = '55284-4';
export const BP_PANEL_CODES: ReadonlySet<string> = new Set([LOINC_BP_PANEL, LOINC_BP_PANEL_SYNTHEA]);
export const LOINC_SYSTOLIC_BP = '8480-6';
export const LOINC_DIASTOLIC_BP = '8462-4';

// Vital signs of the FHIR R4 vital-signs profile (observation-vitalsigns), used when a category is missing.
export const LOINC_BODY_HEIGHT = '8302-2';
export const LOINC_BODY_WEIGHT = '29463-7';
export const LOINC_BMI = '39156-5';
export const LOINC_BODY_TEMPERATURE = '8310-5';
export const LOINC_ORAL_TEMPERATURE = '8331-1';
export const LOINC_HEART_RATE = '8867-4';
export const LOINC_RESPIRATORY_RATE = '9279-1';
export const LOINC_OXYGEN_SATURATION = '2708-6';
export const LOINC_PULSE_OXIMETRY = '59408-5';
export const LOINC_HEAD_CIRCUMFERENCE = '9843-4';
export const VITAL_SIGN_CODES: ReadonlySet<string> = new Set([
  LOINC_BODY_HEIGHT,
  LOINC_BODY_WEIGHT,
  LOINC_BMI,
  LOINC_BODY_TEMPERATURE,
  LOINC_ORAL_TEMPERATURE,
  LOINC_HEART_RATE,
  LOINC_RESPIRATORY_RATE,
  LOINC_OXYGEN_SATURATION,
  LOINC_PULSE_OXIMETRY,
  LOINC_HEAD_CIRCUMFERENCE,
  LOINC_SYSTOLIC_BP,
  LOINC_DIASTOLIC_BP,
]);

// Laboratory.
export const LOINC_HBA1C = '4548-4';
export const LOINC_EGFR = '33914-3';
/** eGFR by CKD-EPI 2021 (race-free), the equation US labs moved to after the NKF-ASN task force (2021). */
export const LOINC_EGFR_CKD_EPI_2021 = '98979-8';
export const EGFR_CODES: ReadonlySet<string> = new Set([
  LOINC_EGFR,
  LOINC_EGFR_CKD_EPI_2021,
  '48642-3',
  '48643-1',
  '62238-1',
  '77147-7',
]);
export const LOINC_CREATININE = '38483-4';
export const LOINC_CREATININE_SERUM = '2160-0';
export const CREATININE_CODES: ReadonlySet<string> = new Set([LOINC_CREATININE, LOINC_CREATININE_SERUM]);
export const LOINC_GLUCOSE = '2339-0';
export const LOINC_GLUCOSE_SERUM = '2345-7';
export const LOINC_UREA_NITROGEN = '6299-2';
export const LOINC_UREA_NITROGEN_SERUM = '3094-0';
export const LOINC_CALCIUM = '49765-1';
export const LOINC_CALCIUM_SERUM = '17861-6';
export const LOINC_SODIUM = '2947-0';
export const LOINC_SODIUM_SERUM = '2951-2';
export const LOINC_POTASSIUM = '6298-4';
export const LOINC_POTASSIUM_SERUM = '2823-3';
export const LOINC_CHLORIDE = '2069-3';
export const LOINC_CARBON_DIOXIDE = '20565-8';
export const LOINC_TOTAL_CHOLESTEROL = '2093-3';
export const LOINC_TRIGLYCERIDES = '2571-8';
export const LOINC_LDL = '18262-6';
export const LOINC_LDL_CALCULATED = '13457-7';
export const LOINC_HDL = '2085-9';
export const LOINC_HEMOGLOBIN = '718-7';
export const LOINC_MICROALBUMIN_CREATININE_RATIO = '14959-1';
export const LOINC_NT_PROBNP = '33762-6';
export const LOINC_LVEF = '10230-1';
export const LOINC_PSA = '2857-1';
export const LOINC_INR = '6301-6';

/** Smoking status: US Core Smoking Status profile (72166-2) and its predecessor in older records (11367-0). */
export const LOINC_SMOKING_STATUS = '72166-2';
export const SMOKING_STATUS_CODES: ReadonlySet<string> = new Set([LOINC_SMOKING_STATUS, '11367-0']);

/** Labs shown first, in this order: the ones chronic-disease follow-up is judged on. */
export const KEY_LAB_ORDER: readonly string[] = [
  LOINC_HBA1C,
  LOINC_EGFR,
  LOINC_EGFR_CKD_EPI_2021,
  LOINC_CREATININE,
  LOINC_CREATININE_SERUM,
  LOINC_MICROALBUMIN_CREATININE_RATIO,
  LOINC_POTASSIUM,
  LOINC_POTASSIUM_SERUM,
  LOINC_SODIUM,
  LOINC_SODIUM_SERUM,
  LOINC_LDL,
  LOINC_LDL_CALCULATED,
  LOINC_HDL,
  LOINC_TOTAL_CHOLESTEROL,
  LOINC_TRIGLYCERIDES,
  LOINC_GLUCOSE,
  LOINC_GLUCOSE_SERUM,
  LOINC_HEMOGLOBIN,
  LOINC_NT_PROBNP,
  LOINC_LVEF,
  LOINC_INR,
  LOINC_PSA,
];

/** Short names for common LOINC codes: the full LOINC long name costs tokens and says nothing more to a model. */
export const LOINC_SHORT_NAMES: Readonly<Record<string, string>> = {
  [LOINC_HBA1C]: 'HbA1c',
  [LOINC_EGFR]: 'eGFR',
  [LOINC_EGFR_CKD_EPI_2021]: 'eGFR (CKD-EPI 2021)',
  [LOINC_CREATININE]: 'Creatinine',
  [LOINC_CREATININE_SERUM]: 'Creatinine',
  [LOINC_GLUCOSE]: 'Glucose',
  [LOINC_GLUCOSE_SERUM]: 'Glucose',
  [LOINC_UREA_NITROGEN]: 'BUN',
  [LOINC_UREA_NITROGEN_SERUM]: 'BUN',
  [LOINC_CALCIUM]: 'Calcium',
  [LOINC_CALCIUM_SERUM]: 'Calcium',
  [LOINC_SODIUM]: 'Sodium',
  [LOINC_SODIUM_SERUM]: 'Sodium',
  [LOINC_POTASSIUM]: 'Potassium',
  [LOINC_POTASSIUM_SERUM]: 'Potassium',
  [LOINC_CHLORIDE]: 'Chloride',
  [LOINC_CARBON_DIOXIDE]: 'CO2',
  [LOINC_TOTAL_CHOLESTEROL]: 'Total cholesterol',
  [LOINC_TRIGLYCERIDES]: 'Triglycerides',
  [LOINC_LDL]: 'LDL',
  [LOINC_LDL_CALCULATED]: 'LDL (calc)',
  [LOINC_HDL]: 'HDL',
  [LOINC_HEMOGLOBIN]: 'Hemoglobin',
  [LOINC_MICROALBUMIN_CREATININE_RATIO]: 'Urine albumin/creatinine',
  [LOINC_NT_PROBNP]: 'NT-proBNP',
  [LOINC_LVEF]: 'LVEF',
  [LOINC_PSA]: 'PSA',
  [LOINC_INR]: 'INR',
  '6690-2': 'WBC',
  '789-8': 'RBC',
  '4544-3': 'Hematocrit',
  '20570-8': 'Hematocrit',
  '787-2': 'MCV',
  '785-6': 'MCH',
  '786-4': 'MCHC',
  '21000-5': 'RDW',
  '777-3': 'Platelets',
  '32207-3': 'Platelet distribution width',
  '32623-1': 'MPV',
  '2885-2': 'Total protein',
  '1751-7': 'Albumin',
  '10834-0': 'Globulin',
  '1975-2': 'Bilirubin total',
  '6768-6': 'Alkaline phosphatase',
  '1742-6': 'ALT',
  '1920-8': 'AST',
  '19926-5': 'FEV1/FVC',
  '38265-5': 'DXA T-score',
  '72106-8': 'MMSE total score',
  '72514-3': 'Pain score (0-10)',
  [LOINC_BODY_HEIGHT]: 'Height',
  [LOINC_BODY_WEIGHT]: 'Weight',
  [LOINC_BMI]: 'BMI',
  [LOINC_BODY_TEMPERATURE]: 'Temperature',
  [LOINC_ORAL_TEMPERATURE]: 'Temperature (oral)',
  [LOINC_HEART_RATE]: 'Heart rate',
  [LOINC_RESPIRATORY_RATE]: 'Respiratory rate',
  [LOINC_OXYGEN_SATURATION]: 'SpO2',
  [LOINC_PULSE_OXIMETRY]: 'SpO2',
  [LOINC_HEAD_CIRCUMFERENCE]: 'Head circumference',
  [LOINC_SYSTOLIC_BP]: 'Systolic BP',
  [LOINC_DIASTOLIC_BP]: 'Diastolic BP',
};

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

// Prediabetes and diabetes: prediabetes stays active in Synthea (and in real problem lists) after diabetes
// is diagnosed, which is a contradiction worth showing.
export const SNOMED_PREDIABETES = '15777000';
/** 44054006 is "Diabetes mellitus type 2", which Synthea displays as "Diabetes". */
export const SNOMED_DIABETES_TYPE_2 = '44054006';
export const DIABETES_SNOMED_CODES: ReadonlySet<string> = new Set([
  SNOMED_DIABETES_TYPE_2,
  '46635009',
  '73211009',
  '313436004',
]);
export const ICD10_PREDIABETES = 'R73.03';
/** ICD-10-CM E08–E13: diabetes mellitus of every type. */
export const ICD10_DIABETES_PREFIXES: readonly string[] = ['E08', 'E09', 'E10', 'E11', 'E13'];

/** HL7 v3 ActCode encounter classes (FHIR R4 Encounter.class), as short words for the model. */
export const ENCOUNTER_CLASS_LABELS: Readonly<Record<string, string>> = {
  AMB: 'outpatient',
  EMER: 'ED',
  IMP: 'inpatient',
  ACUTE: 'inpatient',
  NONAC: 'inpatient',
  OBSENC: 'observation',
  PRENC: 'pre-admission',
  SS: 'short stay',
  VR: 'virtual',
  HH: 'home health',
  FLD: 'field',
};

/** FHIR R4 v3-RoleCode family relationships (FamilyMemberHistory.relationship). */
export const FAMILY_RELATIONSHIP_LABELS: Readonly<Record<string, string>> = {
  FTH: 'father',
  MTH: 'mother',
  PRN: 'parent',
  BRO: 'brother',
  SIS: 'sister',
  SIB: 'sibling',
  SON: 'son',
  DAU: 'daughter',
  CHILD: 'child',
  GRFTH: 'grandfather',
  GRMTH: 'grandmother',
  GRPRN: 'grandparent',
  PGRFTH: 'paternal grandfather',
  PGRMTH: 'paternal grandmother',
  MGRFTH: 'maternal grandfather',
  MGRMTH: 'maternal grandmother',
  UNCLE: 'uncle',
  AUNT: 'aunt',
  COUSN: 'cousin',
  HBRO: 'half-brother',
  HSIS: 'half-sister',
  NBRO: 'brother',
  NSIS: 'sister',
  NFTH: 'father',
  NMTH: 'mother',
};
