// Vital signs, by LOINC: the codes of the FHIR R4 vital-signs profile (observation-vitalsigns) and US Core,
// plus Synthea's blood pressure panel. Used to recognise vitals when a category is missing.

// Blood pressure. FHIR R4's vital-signs profile and US Core use the 85354-9 panel; Synthea 2.4 uses 55284-4
// ("Blood pressure systolic and diastolic") and lists the diastolic component first, so components are always
// picked by code, never by position.
export const LOINC_BP_PANEL = '85354-9';
export const LOINC_BP_PANEL_SYNTHEA = '55284-4';
export const BP_PANEL_CODES: ReadonlySet<string> = new Set([LOINC_BP_PANEL, LOINC_BP_PANEL_SYNTHEA]);
export const LOINC_SYSTOLIC_BP = '8480-6';
export const LOINC_DIASTOLIC_BP = '8462-4';

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

/** Every vital sign of the FHIR R4 vital-signs profile that Chartside reads. */
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

/** Body weight as the renal dosing rules read it (Cockcroft-Gault needs it). */
export const BODY_WEIGHT_CODES: ReadonlySet<string> = new Set([LOINC_BODY_WEIGHT]);
