// Physiologic limits: far wider than reference intervals, they bound what a living patient can have. A value
// outside is a measurement, entry or unit error (or synthetic data: Synthea 2.4 writes HbA1c values of 2.4–3.9 %
// and total protein in g/L under a g/dL unit), so the context flags it and leaves it out of the trend rather
// than presenting it as a finding. Limits are in the canonical units of ucum-units.ts.
import {
  CREATININE_CODES,
  EGFR_CODES,
  LOINC_BMI,
  LOINC_BODY_HEIGHT,
  LOINC_BODY_TEMPERATURE,
  LOINC_BODY_WEIGHT,
  LOINC_CALCIUM,
  LOINC_CARBON_DIOXIDE,
  LOINC_CHLORIDE,
  LOINC_DIASTOLIC_BP,
  LOINC_GLUCOSE,
  LOINC_HBA1C,
  LOINC_HDL,
  LOINC_HEART_RATE,
  LOINC_HEMOGLOBIN,
  LOINC_LDL,
  LOINC_LVEF,
  LOINC_ORAL_TEMPERATURE,
  LOINC_OXYGEN_SATURATION,
  LOINC_POTASSIUM,
  LOINC_RESPIRATORY_RATE,
  LOINC_SODIUM,
  LOINC_SYSTOLIC_BP,
  LOINC_TOTAL_CHOLESTEROL,
  LOINC_TRIGLYCERIDES,
  LOINC_UREA_NITROGEN,
} from './clinical-codes.ts';

export interface PhysiologicLimits {
  readonly low: number;
  readonly high: number;
  /** The unit the limits are in (UCUM). */
  readonly unit: string;
}

const LIMITS: ReadonlyMap<string, PhysiologicLimits> = new Map<string, PhysiologicLimits>([
  // NGSP-certified HbA1c assays report from about 4 %; lower values need a red-cell survival so short that
  // the test is invalid for the patient (ADA Standards of Care, "Glycemic goals", assay limitations).
  [LOINC_HBA1C, { low: 4, high: 20, unit: '%' }],
  ...[...EGFR_CODES].map((code): [string, PhysiologicLimits] => [
    code,
    { low: 0, high: 200, unit: 'mL/min/{1.73_m2}' },
  ]),
  ...[...CREATININE_CODES].map((code): [string, PhysiologicLimits] => [
    code,
    { low: 0.1, high: 25, unit: 'mg/dL' },
  ]),
  [LOINC_GLUCOSE, { low: 10, high: 2000, unit: 'mg/dL' }],
  [LOINC_UREA_NITROGEN, { low: 1, high: 300, unit: 'mg/dL' }],
  [LOINC_CALCIUM, { low: 3, high: 20, unit: 'mg/dL' }],
  [LOINC_SODIUM, { low: 95, high: 190, unit: 'mmol/L' }],
  [LOINC_POTASSIUM, { low: 1, high: 10, unit: 'mmol/L' }],
  [LOINC_CHLORIDE, { low: 60, high: 150, unit: 'mmol/L' }],
  [LOINC_CARBON_DIOXIDE, { low: 3, high: 60, unit: 'mmol/L' }],
  [LOINC_TOTAL_CHOLESTEROL, { low: 30, high: 1500, unit: 'mg/dL' }],
  [LOINC_LDL, { low: 1, high: 1000, unit: 'mg/dL' }],
  [LOINC_HDL, { low: 3, high: 250, unit: 'mg/dL' }],
  [LOINC_TRIGLYCERIDES, { low: 5, high: 10000, unit: 'mg/dL' }],
  [LOINC_HEMOGLOBIN, { low: 2, high: 25, unit: 'g/dL' }],
  ['4544-3', { low: 5, high: 75, unit: '%' }],
  ['6690-2', { low: 0.05, high: 500, unit: '10*3/uL' }],
  ['777-3', { low: 1, high: 3000, unit: '10*3/uL' }],
  ['2885-2', { low: 2, high: 15, unit: 'g/dL' }],
  ['1751-7', { low: 0.5, high: 7, unit: 'g/dL' }],
  ['10834-0', { low: 0.5, high: 10, unit: 'g/dL' }],
  [LOINC_LVEF, { low: 5, high: 90, unit: '%' }],
  [LOINC_BODY_WEIGHT, { low: 0.3, high: 500, unit: 'kg' }],
  [LOINC_BODY_HEIGHT, { low: 20, high: 260, unit: 'cm' }],
  [LOINC_BMI, { low: 5, high: 150, unit: 'kg/m2' }],
  [LOINC_BODY_TEMPERATURE, { low: 25, high: 45, unit: 'Cel' }],
  [LOINC_ORAL_TEMPERATURE, { low: 25, high: 45, unit: 'Cel' }],
  [LOINC_HEART_RATE, { low: 20, high: 300, unit: '/min' }],
  [LOINC_RESPIRATORY_RATE, { low: 3, high: 100, unit: '/min' }],
  [LOINC_OXYGEN_SATURATION, { low: 30, high: 100, unit: '%' }],
  [LOINC_SYSTOLIC_BP, { low: 40, high: 300, unit: 'mm[Hg]' }],
  [LOINC_DIASTOLIC_BP, { low: 10, high: 200, unit: 'mm[Hg]' }],
]);

export function physiologicLimitsOf(loinc: string | undefined): PhysiologicLimits | undefined {
  return loinc === undefined ? undefined : LIMITS.get(loinc);
}

/** True when a value in `unit` falls outside the analyte's limits; false when we have no limits for it. */
export function isImplausibleValue(loinc: string | undefined, value: number, unit: string): boolean {
  const limits = physiologicLimitsOf(loinc);
  if (limits?.unit !== unit) return false;
  return value < limits.low || value > limits.high;
}
