// Physiologic limits: far wider than reference intervals and critical values, they bound what a living patient
// can have. They are set at or beyond the most extreme values reported in survivors, so that no value a living
// patient can have (eGFR 4, potassium 8, glucose 1500 mg/dL, sodium 100, creatinine 15 mg/dL, haemoglobin 1 g/dL)
// is ever doubted: those are findings, often urgent ones. A value outside is a measurement, entry or unit error
// (or synthetic data: Synthea 2.4 writes total protein in g/L under a g/dL unit), and it is never dropped: the
// series keeps it and marks it, the context shows it with "IMPLAUSIBLE" and a "!" data-quality flag, the Trends
// table marks it, and rules do not read it as fact (the flag says why; the HbA1c rule asks for a repeat).
// It is only kept out of the fitted trend. Limits are in the canonical units of ucum-units.ts.
// One limit is about the assay, not survival: HbA1c below 4 % (see below).
import {
  CREATININE_CODES,
  EGFR_CODES,
  LOINC_CALCIUM,
  LOINC_CALCIUM_SERUM,
  LOINC_CARBON_DIOXIDE,
  LOINC_CHLORIDE,
  LOINC_GLUCOSE,
  LOINC_GLUCOSE_SERUM,
  LOINC_HBA1C,
  LOINC_HDL,
  LOINC_HEMOGLOBIN,
  LOINC_LDL,
  LOINC_LDL_CALCULATED,
  LOINC_LVEF,
  LOINC_POTASSIUM,
  LOINC_POTASSIUM_SERUM,
  LOINC_SODIUM,
  LOINC_SODIUM_SERUM,
  LOINC_TOTAL_CHOLESTEROL,
  LOINC_TRIGLYCERIDES,
  LOINC_UREA_NITROGEN,
  LOINC_UREA_NITROGEN_SERUM,
} from '../terminology/lab-codes.ts';
import {
  LOINC_BMI,
  LOINC_BODY_HEIGHT,
  LOINC_BODY_TEMPERATURE,
  LOINC_BODY_WEIGHT,
  LOINC_DIASTOLIC_BP,
  LOINC_HEART_RATE,
  LOINC_ORAL_TEMPERATURE,
  LOINC_OXYGEN_SATURATION,
  LOINC_RESPIRATORY_RATE,
  LOINC_SYSTOLIC_BP,
} from '../terminology/vital-sign-codes.ts';

export interface PhysiologicLimits {
  readonly low: number;
  readonly high: number;
  /** The unit the limits are in (UCUM). */
  readonly unit: string;
}

const limit = (low: number, high: number, unit: string): PhysiologicLimits => ({ low, high, unit });

const LIMITS: ReadonlyMap<string, PhysiologicLimits> = new Map<string, PhysiologicLimits>([
  // HbA1c: results of 2–4 % do come from living patients, but only when red-cell survival is so short (haemolysis,
  // transfusion, some haemoglobin variants) that the assay says nothing about glycaemia (ADA Standards of Care,
  // "Glycemic goals", assay limitations): kept and flagged, never read as control. Above, assays are linear to
  // about 20 %, and results near 20 % are reported in severe hyperglycaemia.
  [LOINC_HBA1C, limit(4, 25, '%')],
  // eGFR: 0 is anuria; CKD-EPI 2021 gives about 200 for a young adult with a creatinine of 0.1–0.2 mg/dL.
  ...[...EGFR_CODES].map((code): [string, PhysiologicLimits] => [code, limit(0, 250, 'mL/min/{1.73_m2}')]),
  // Creatinine: above 30 mg/dL in untreated kidney failure and rhabdomyolysis; near 0.1 in severe wasting.
  ...[...CREATININE_CODES].map((code): [string, PhysiologicLimits] => [code, limit(0.05, 60, 'mg/dL')]),
  // Glucose: 2656 mg/dL (147.6 mmol/L) is the highest reported in a survivor; single digits in neonatal and
  // insulinoma hypoglycaemia.
  ...[LOINC_GLUCOSE, LOINC_GLUCOSE_SERUM].map((code): [string, PhysiologicLimits] => [
    code,
    limit(1, 3000, 'mg/dL'),
  ]),
  ...[LOINC_UREA_NITROGEN, LOINC_UREA_NITROGEN_SERUM].map((code): [string, PhysiologicLimits] => [
    code,
    limit(0.5, 500, 'mg/dL'),
  ]),
  ...[LOINC_CALCIUM, LOINC_CALCIUM_SERUM].map((code): [string, PhysiologicLimits] => [
    code,
    limit(2, 30, 'mg/dL'),
  ]),
  // Sodium: survivors reported from the mid-80s (chronic hyponatraemia) to over 250 (salt poisoning).
  ...[LOINC_SODIUM, LOINC_SODIUM_SERUM].map((code): [string, PhysiologicLimits] => [
    code,
    limit(80, 260, 'mmol/L'),
  ]),
  // Potassium: survivors reported from about 1 to over 13 mmol/L.
  ...[LOINC_POTASSIUM, LOINC_POTASSIUM_SERUM].map((code): [string, PhysiologicLimits] => [
    code,
    limit(0.8, 15, 'mmol/L'),
  ]),
  // Chloride: measured chloride reads above 200 with bromide or iodide interference (a real result).
  [LOINC_CHLORIDE, limit(40, 250, 'mmol/L')],
  // Bicarbonate: 1–2 in severe lactic acidosis or ketoacidosis, over 70 in metabolic alkalosis.
  [LOINC_CARBON_DIOXIDE, limit(1, 80, 'mmol/L')],
  // Lipids: abetalipoproteinaemia at the bottom; lipoprotein X (cholestasis) and chylomicronaemia at the top.
  [LOINC_TOTAL_CHOLESTEROL, limit(15, 4000, 'mg/dL')],
  ...[LOINC_LDL, LOINC_LDL_CALCULATED].map((code): [string, PhysiologicLimits] => [
    code,
    limit(0, 2000, 'mg/dL'),
  ]),
  [LOINC_HDL, limit(0, 300, 'mg/dL')],
  [LOINC_TRIGLYCERIDES, limit(1, 50000, 'mg/dL')],
  // Haemoglobin: survivors reported at 0.7 g/dL (severe anaemia refusing transfusion); neonates and
  // polycythaemia up to about 25.
  [LOINC_HEMOGLOBIN, limit(0.5, 30, 'g/dL')],
  ['4544-3', limit(2, 85, '%')],
  // Leukocytes: aplasia near 0; hyperleukocytosis in leukaemia above 1000 × 10³/µL.
  ['6690-2', limit(0, 1500, '10*3/uL')],
  ['777-3', limit(0, 6000, '10*3/uL')],
  // Total protein: myeloma up to about 20 g/dL. Synthea's g/L values (60–80) stay outside.
  ['2885-2', limit(1, 20, 'g/dL')],
  // Albumin: congenital analbuminaemia is below 0.1 g/dL.
  ['1751-7', limit(0, 8, 'g/dL')],
  // Globulin: alpha and beta globulins alone exceed 0.5 g/dL even with no immunoglobulin; myeloma up to ~15.
  ['10834-0', limit(0.5, 15, 'g/dL')],
  [LOINC_LVEF, limit(1, 95, '%')],
  // Body size: 0.21 kg and 19 cm at birth (the smallest surviving preterm infants) to 635 kg and 272 cm.
  [LOINC_BODY_WEIGHT, limit(0.2, 700, 'kg')],
  [LOINC_BODY_HEIGHT, limit(15, 280, 'cm')],
  [LOINC_BMI, limit(2, 250, 'kg/m2')],
  // Temperature: survivors of hypothermia at 11.8–13.7 °C and of heat stroke at 46.5 °C.
  [LOINC_BODY_TEMPERATURE, limit(10, 47, 'Cel')],
  [LOINC_ORAL_TEMPERATURE, limit(10, 47, 'Cel')],
  [LOINC_HEART_RATE, limit(5, 350, '/min')],
  [LOINC_RESPIRATORY_RATE, limit(1, 150, '/min')],
  [LOINC_OXYGEN_SATURATION, limit(10, 100, '%')],
  // Blood pressure: profound shock at the bottom; 480/350 mmHg measured intra-arterially during heavy lifting.
  [LOINC_SYSTOLIC_BP, limit(20, 500, 'mm[Hg]')],
  [LOINC_DIASTOLIC_BP, limit(5, 400, 'mm[Hg]')],
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
