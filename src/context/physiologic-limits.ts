// Physiologic limits: far wider than reference intervals and critical values, they bound what a living patient
// can have. They are set at or beyond the most extreme values reported in survivors, so that no value a living
// patient can have (eGFR 4, potassium 8, glucose 1500 mg/dL, sodium 100, creatinine 15 mg/dL, haemoglobin 1 g/dL)
// is ever doubted: those are findings, often urgent ones. A value outside is a measurement, entry or unit error
// (or synthetic data: Synthea 2.4 writes total protein in g/L under a g/dL unit), and it is never dropped: the
// series keeps it and marks it, the context shows it with "IMPLAUSIBLE" and a "!" data-quality flag, the Trends
// table marks it, and rules do not read it as fact (the flag says why; the HbA1c rule asks for a repeat).
// It is only kept out of the fitted trend. Limits are in the canonical units of ucum-units.ts.
// One limit is about the assay, not survival: HbA1c below 4 % (see below).
import { mapByAnalyteCode } from '../terminology/analyte-codes.ts';

export interface PhysiologicLimits {
  readonly low: number;
  readonly high: number;
  /** The unit the limits are in (UCUM). */
  readonly unit: string;
}

const limit = (low: number, high: number, unit: string): PhysiologicLimits => ({ low, high, unit });

const LIMITS: ReadonlyMap<string, PhysiologicLimits> = mapByAnalyteCode<PhysiologicLimits>({
  // HbA1c: results of 2–4 % do come from living patients, but only when red-cell survival is so short (haemolysis,
  // transfusion, some haemoglobin variants) that the assay says nothing about glycaemia (ADA Standards of Care,
  // "Glycemic goals", assay limitations): kept and flagged, never read as control. Above, assays are linear to
  // about 20 %, and results near 20 % are reported in severe hyperglycaemia.
  hba1c: limit(4, 25, '%'),
  // eGFR: 0 is anuria; CKD-EPI 2021 gives about 200 for a young adult with a creatinine of 0.1–0.2 mg/dL.
  egfr: limit(0, 250, 'mL/min/{1.73_m2}'),
  // Creatinine: above 30 mg/dL in untreated kidney failure and rhabdomyolysis; near 0.1 in severe wasting.
  creatinine: limit(0.05, 60, 'mg/dL'),
  // Glucose: 2656 mg/dL (147.6 mmol/L) is the highest reported in a survivor; single digits in neonatal and
  // insulinoma hypoglycaemia.
  glucose: limit(1, 3000, 'mg/dL'),
  ureaNitrogen: limit(0.5, 500, 'mg/dL'),
  calcium: limit(2, 30, 'mg/dL'),
  // Sodium: survivors reported from the mid-80s (chronic hyponatraemia) to over 250 (salt poisoning).
  sodium: limit(80, 260, 'mmol/L'),
  // Potassium: survivors reported from about 1 to over 13 mmol/L.
  potassium: limit(0.8, 15, 'mmol/L'),
  // Chloride: measured chloride reads above 200 with bromide or iodide interference (a real result).
  chloride: limit(40, 250, 'mmol/L'),
  // Bicarbonate: 1–2 in severe lactic acidosis or ketoacidosis, over 70 in metabolic alkalosis.
  carbonDioxide: limit(1, 80, 'mmol/L'),
  // Lipids: abetalipoproteinaemia at the bottom; lipoprotein X (cholestasis) and chylomicronaemia at the top.
  totalCholesterol: limit(15, 4000, 'mg/dL'),
  ldl: limit(0, 2000, 'mg/dL'),
  hdl: limit(0, 300, 'mg/dL'),
  triglycerides: limit(1, 50000, 'mg/dL'),
  // Haemoglobin: survivors reported at 0.7 g/dL (severe anaemia refusing transfusion); neonates and
  // polycythaemia up to about 25.
  hemoglobin: limit(0.5, 30, 'g/dL'),
  hematocrit: limit(2, 85, '%'),
  // Leukocytes: aplasia near 0; hyperleukocytosis in leukaemia above 1000 × 10³/µL.
  wbc: limit(0, 1500, '10*3/uL'),
  platelets: limit(0, 6000, '10*3/uL'),
  // Total protein: myeloma up to about 20 g/dL. Synthea's g/L values (60–80) stay outside.
  totalProtein: limit(1, 20, 'g/dL'),
  // Albumin: congenital analbuminaemia is below 0.1 g/dL.
  albumin: limit(0, 8, 'g/dL'),
  // Globulin: alpha and beta globulins alone exceed 0.5 g/dL even with no immunoglobulin; myeloma up to ~15.
  globulin: limit(0.5, 15, 'g/dL'),
  lvef: limit(1, 95, '%'),
  // Body size: 0.21 kg and 19 cm at birth (the smallest surviving preterm infants) to 635 kg and 272 cm.
  bodyWeight: limit(0.2, 700, 'kg'),
  bodyHeight: limit(15, 280, 'cm'),
  bmi: limit(2, 250, 'kg/m2'),
  // Temperature: survivors of hypothermia at 11.8–13.7 °C and of heat stroke at 46.5 °C.
  bodyTemperature: limit(10, 47, 'Cel'),
  oralTemperature: limit(10, 47, 'Cel'),
  heartRate: limit(5, 350, '/min'),
  respiratoryRate: limit(1, 150, '/min'),
  oxygenSaturation: limit(10, 100, '%'),
  // Blood pressure: profound shock at the bottom; 480/350 mmHg measured intra-arterially during heavy lifting.
  systolicBp: limit(20, 500, 'mm[Hg]'),
  diastolicBp: limit(5, 400, 'mm[Hg]'),
});

export function physiologicLimitsOf(loinc: string | undefined): PhysiologicLimits | undefined {
  return loinc === undefined ? undefined : LIMITS.get(loinc);
}

/** True when a value in `unit` falls outside the analyte's limits; false when we have no limits for it. */
export function isImplausibleValue(loinc: string | undefined, value: number, unit: string): boolean {
  const limits = physiologicLimitsOf(loinc);
  if (limits?.unit !== unit) return false;
  return value < limits.low || value > limits.high;
}
