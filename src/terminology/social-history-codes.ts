// Social history observations, by LOINC.

/** Smoking status: US Core Smoking Status profile (72166-2) and its predecessor in older records (11367-0). */
export const LOINC_SMOKING_STATUS = '72166-2';
export const LOINC_SMOKING_STATUS_HISTORY = '11367-0';
export const SMOKING_STATUS_CODES: ReadonlySet<string> = new Set([
  LOINC_SMOKING_STATUS,
  LOINC_SMOKING_STATUS_HISTORY,
]);
