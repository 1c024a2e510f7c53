// Laboratory and measurement results, by LOINC (https://loinc.org). A concept that labs report under more than
// one code (serum vs serum-or-plasma, calculated vs direct, by equation) is a set; the sets list every code
// Chartside has met in Synthea, Epic and Oracle Health records, no more.

// ---- Kidney -----------------------------------------------------------------------------------------------

export const LOINC_EGFR = '33914-3';
export const LOINC_EGFR_CKD_EPI = '62238-1';
/** eGFR by CKD-EPI 2021 (race-free), the equation US labs moved to after the NKF-ASN task force (2021). */
export const LOINC_EGFR_CKD_EPI_2021 = '98979-8';
export const LOINC_EGFR_MDRD_NON_BLACK = '48642-3';
export const LOINC_EGFR_MDRD_BLACK = '48643-1';
/** eGFR by any equation: KDIGO 2024 stages CKD on eGFR whatever the equation the lab used. */
export const EGFR_CODES: ReadonlySet<string> = new Set([
  LOINC_EGFR,
  LOINC_EGFR_CKD_EPI_2021,
  LOINC_EGFR_MDRD_NON_BLACK,
  LOINC_EGFR_MDRD_BLACK,
  LOINC_EGFR_CKD_EPI,
  '77147-7',
]);
/** eGFR by equations with a race coefficient (MDRD by race, CKD-EPI 2009): not used where a race-free one can be. */
export const RACE_BASED_EGFR_CODES: ReadonlySet<string> = new Set([
  LOINC_EGFR_MDRD_NON_BLACK,
  LOINC_EGFR_MDRD_BLACK,
  LOINC_EGFR_CKD_EPI,
]);
export const LOINC_CREATININE = '38483-4';
export const LOINC_CREATININE_SERUM = '2160-0';
export const CREATININE_CODES: ReadonlySet<string> = new Set([LOINC_CREATININE, LOINC_CREATININE_SERUM]);
export const LOINC_MICROALBUMIN_CREATININE_RATIO = '14959-1';
/** Urine albumin/creatinine ratio (KDIGO albuminuria staging): microalbumin/creatinine, and two mass ratios. */
export const UACR_CODES: ReadonlySet<string> = new Set([
  LOINC_MICROALBUMIN_CREATININE_RATIO,
  '9318-7',
  '32294-1',
]);
export const LOINC_UREA_NITROGEN = '6299-2';
export const LOINC_UREA_NITROGEN_SERUM = '3094-0';

// ---- Electrolytes and chemistry ---------------------------------------------------------------------------

export const LOINC_GLUCOSE = '2339-0';
export const LOINC_GLUCOSE_SERUM = '2345-7';
export const LOINC_CALCIUM = '49765-1';
export const LOINC_CALCIUM_SERUM = '17861-6';
export const CALCIUM_CODES: ReadonlySet<string> = new Set([LOINC_CALCIUM, LOINC_CALCIUM_SERUM]);
export const LOINC_SODIUM = '2947-0';
export const LOINC_SODIUM_SERUM = '2951-2';
export const SODIUM_CODES: ReadonlySet<string> = new Set([LOINC_SODIUM, LOINC_SODIUM_SERUM]);
export const LOINC_POTASSIUM = '6298-4';
export const LOINC_POTASSIUM_SERUM = '2823-3';
export const POTASSIUM_CODES: ReadonlySet<string> = new Set([LOINC_POTASSIUM, LOINC_POTASSIUM_SERUM]);
export const LOINC_CHLORIDE = '2069-3';
export const LOINC_CARBON_DIOXIDE = '20565-8';
export const LOINC_TOTAL_PROTEIN = '2885-2';
export const LOINC_ALBUMIN = '1751-7';
export const LOINC_GLOBULIN = '10834-0';
export const LOINC_BILIRUBIN_TOTAL = '1975-2';
export const LOINC_ALKALINE_PHOSPHATASE = '6768-6';
export const LOINC_ALT = '1742-6';
export const LOINC_AST = '1920-8';

// ---- Diabetes and lipids ------------------------------------------------------------------------------------

export const LOINC_HBA1C = '4548-4';
export const LOINC_TOTAL_CHOLESTEROL = '2093-3';
export const LOINC_TRIGLYCERIDES = '2571-8';
export const LOINC_LDL = '18262-6';
export const LOINC_LDL_CALCULATED = '13457-7';
/** LDL cholesterol, direct or calculated: the statin rule reads any (ACC/AHA 2018 thresholds are in LDL-C). */
export const LOINC_HDL = '2085-9';

// ---- Blood count --------------------------------------------------------------------------------------------

export const LOINC_HEMOGLOBIN = '718-7';
export const LOINC_HEMATOCRIT_AUTOMATED = '4544-3';
export const LOINC_HEMATOCRIT = '20570-8';
export const LOINC_WBC = '6690-2';
export const LOINC_RBC = '789-8';
export const LOINC_MCV = '787-2';
export const LOINC_MCH = '785-6';
export const LOINC_MCHC = '786-4';
export const LOINC_RDW = '21000-5';
export const LOINC_PLATELETS = '777-3';
export const LOINC_PLATELET_DISTRIBUTION_WIDTH = '32207-3';
export const LOINC_MPV = '32623-1';

// ---- Other --------------------------------------------------------------------------------------------------

export const LOINC_NT_PROBNP = '33762-6';
export const LOINC_LVEF = '10230-1';
export const LOINC_PSA = '2857-1';
/** TSH (3016-3; 11580-8 by detection limit ≤ 0.005 mIU/L, "third generation"). */
export const TSH_CODES: ReadonlySet<string> = new Set(['3016-3', '11580-8']);
export const LOINC_INR = '6301-6';
/** INR (6301-6; 34714-6 and 46418-0 point-of-care). */
export const INR_CODES: ReadonlySet<string> = new Set([LOINC_INR, '34714-6', '46418-0']);
/** QTc interval (8636-3; 8601-7 by automated ECG). */
export const QTC_CODES: ReadonlySet<string> = new Set(['8636-3', '8601-7']);
export const LOINC_FEV1_FVC = '19926-5';
export const LOINC_DXA_T_SCORE = '38265-5';
export const LOINC_MMSE_TOTAL = '72106-8';
export const LOINC_PAIN_SCORE = '72514-3';

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
