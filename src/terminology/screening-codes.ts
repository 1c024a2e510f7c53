// The tests that count as a USPSTF screening, as sets per code system: SNOMED CT for the Procedure or
// DiagnosticReport, LOINC for the Observation or report. The common codes Synthea, Epic and Oracle Health send;
// rules also match by name for records that code tests locally, and for tests with no code here (CT
// colonography, aortic ultrasound).
import { LOINC_DXA_T_SCORE } from './lab-codes.ts';

export interface ScreeningTestCodes {
  readonly snomed: ReadonlySet<string>;
  readonly loinc: ReadonlySet<string>;
}

const NONE: ReadonlySet<string> = new Set<string>();

/** USPSTF 2021 colorectal cancer screening. */
export const COLONOSCOPY_CODES: ScreeningTestCodes = { snomed: new Set(['73761001']), loinc: NONE };
export const FLEXIBLE_SIGMOIDOSCOPY_CODES: ScreeningTestCodes = {
  snomed: new Set(['44441009']),
  loinc: NONE,
};
/** Stool tests for blood, FIT and gFOBT (1015401000000102 is from the SNOMED CT UK extension, as Synthea sends). */
export const FECAL_OCCULT_BLOOD_TEST_CODES: ScreeningTestCodes = {
  snomed: new Set(['1015401000000102', '104435004']),
  loinc: new Set(['29771-3', '57905-2', '56490-6', '56491-4', '2335-8', '14563-1', '14564-9', '14565-6']),
};
export const STOOL_FIT_DNA_CODES: ScreeningTestCodes = {
  snomed: NONE,
  loinc: new Set(['77353-1', '77354-9']),
};

/** USPSTF 2024 breast cancer screening. */
export const MAMMOGRAPHY_CODES: ScreeningTestCodes = {
  snomed: new Set(['71651007', '24623002', '43204002']),
  loinc: new Set(['24606-6', '24604-1', '26346-7']),
};

/** USPSTF 2018 cervical cancer screening. */
export const CERVICAL_CYTOLOGY_CODES: ScreeningTestCodes = {
  snomed: new Set(['90226004', '171149006']),
  loinc: new Set(['10524-7', '47527-7', '47528-5']),
};
export const HIGH_RISK_HPV_TEST_CODES: ScreeningTestCodes = {
  snomed: NONE,
  loinc: new Set(['30167-1', '21440-3', '59420-0', '71431-1', '77379-6']),
};

/** USPSTF 2021 lung cancer screening. */
export const LOW_DOSE_CHEST_CT_CODES: ScreeningTestCodes = {
  snomed: new Set(['16334891000119106']),
  loinc: NONE,
};

/** USPSTF 2025 (as 2018) osteoporosis screening. */
export const BONE_DENSITY_SCAN_CODES: ScreeningTestCodes = {
  snomed: new Set(['312681000']),
  loinc: new Set([LOINC_DXA_T_SCORE]),
};

/** USPSTF 2020 hepatitis C screening: antibody tests. */
export const HEPATITIS_C_TEST_CODES: ScreeningTestCodes = {
  snomed: new Set(['104375008']),
  loinc: new Set(['13955-0', '16128-1', '11259-9']),
};
