// The analytes whose values Chartside converts to one unit, bounds by physiologic limits and rounds by reporting
// step (context/ucum-units.ts, physiologic-limits.ts, trend-rate.ts), each with every LOINC code it is reported
// under. One table, so the three readers key their per-analyte values the same way instead of each listing the
// codes again. An analyte's codes all mean the same quantity in the same canonical unit.
import {
  CALCIUM_CODES,
  CREATININE_CODES,
  EGFR_CODES,
  LOINC_ALBUMIN,
  LOINC_ALKALINE_PHOSPHATASE,
  LOINC_ALT,
  LOINC_AST,
  LOINC_BILIRUBIN_TOTAL,
  LOINC_CARBON_DIOXIDE,
  LOINC_CHLORIDE,
  LOINC_GLOBULIN,
  LOINC_GLUCOSE,
  LOINC_GLUCOSE_SERUM,
  LOINC_HBA1C,
  LOINC_HDL,
  LOINC_HEMATOCRIT_AUTOMATED,
  LOINC_HEMOGLOBIN,
  LOINC_LDL,
  LOINC_LDL_CALCULATED,
  LOINC_LVEF,
  LOINC_MCHC,
  LOINC_MICROALBUMIN_CREATININE_RATIO,
  LOINC_PLATELETS,
  LOINC_RBC,
  LOINC_TOTAL_CHOLESTEROL,
  LOINC_TOTAL_PROTEIN,
  LOINC_TRIGLYCERIDES,
  LOINC_UREA_NITROGEN,
  LOINC_UREA_NITROGEN_SERUM,
  LOINC_WBC,
  POTASSIUM_CODES,
  SODIUM_CODES,
} from './lab-codes.ts';
import {
  LOINC_BMI,
  LOINC_BODY_HEIGHT,
  LOINC_BODY_TEMPERATURE,
  LOINC_BODY_WEIGHT,
  LOINC_DIASTOLIC_BP,
  LOINC_HEAD_CIRCUMFERENCE,
  LOINC_HEART_RATE,
  LOINC_ORAL_TEMPERATURE,
  LOINC_OXYGEN_SATURATION,
  LOINC_PULSE_OXIMETRY,
  LOINC_RESPIRATORY_RATE,
  LOINC_SYSTOLIC_BP,
} from './vital-sign-codes.ts';

export const ANALYTE_CODES = {
  hba1c: [LOINC_HBA1C],
  egfr: [...EGFR_CODES],
  creatinine: [...CREATININE_CODES],
  glucose: [LOINC_GLUCOSE, LOINC_GLUCOSE_SERUM],
  ureaNitrogen: [LOINC_UREA_NITROGEN, LOINC_UREA_NITROGEN_SERUM],
  calcium: [...CALCIUM_CODES],
  sodium: [...SODIUM_CODES],
  potassium: [...POTASSIUM_CODES],
  chloride: [LOINC_CHLORIDE],
  carbonDioxide: [LOINC_CARBON_DIOXIDE],
  totalCholesterol: [LOINC_TOTAL_CHOLESTEROL],
  // Direct and calculated LDL; 2089-1 (in the statin rule's LDL value set) has no unit conversion or limits yet.
  ldl: [LOINC_LDL, LOINC_LDL_CALCULATED],
  hdl: [LOINC_HDL],
  triglycerides: [LOINC_TRIGLYCERIDES],
  uacr: [LOINC_MICROALBUMIN_CREATININE_RATIO],
  hemoglobin: [LOINC_HEMOGLOBIN],
  hematocrit: [LOINC_HEMATOCRIT_AUTOMATED],
  mchc: [LOINC_MCHC],
  wbc: [LOINC_WBC],
  rbc: [LOINC_RBC],
  platelets: [LOINC_PLATELETS],
  totalProtein: [LOINC_TOTAL_PROTEIN],
  albumin: [LOINC_ALBUMIN],
  globulin: [LOINC_GLOBULIN],
  bilirubinTotal: [LOINC_BILIRUBIN_TOTAL],
  alkalinePhosphatase: [LOINC_ALKALINE_PHOSPHATASE],
  alt: [LOINC_ALT],
  ast: [LOINC_AST],
  lvef: [LOINC_LVEF],
  bodyWeight: [LOINC_BODY_WEIGHT],
  bodyHeight: [LOINC_BODY_HEIGHT],
  headCircumference: [LOINC_HEAD_CIRCUMFERENCE],
  bmi: [LOINC_BMI],
  bodyTemperature: [LOINC_BODY_TEMPERATURE],
  oralTemperature: [LOINC_ORAL_TEMPERATURE],
  heartRate: [LOINC_HEART_RATE],
  respiratoryRate: [LOINC_RESPIRATORY_RATE],
  // SpO2 by two codes kept apart: the physiologic limits cover 2708-6 only, and a shared analyte would extend them.
  oxygenSaturation: [LOINC_OXYGEN_SATURATION],
  pulseOximetry: [LOINC_PULSE_OXIMETRY],
  systolicBp: [LOINC_SYSTOLIC_BP],
  diastolicBp: [LOINC_DIASTOLIC_BP],
} as const satisfies Readonly<Record<string, readonly string[]>>;

export type Analyte = keyof typeof ANALYTE_CODES;

/** A per-analyte table keyed by LOINC code instead: every code of an analyte gets its analyte's value. */
export function mapByAnalyteCode<T>(
  byAnalyte: Readonly<Partial<Record<Analyte, T>>>,
): ReadonlyMap<string, T> {
  const map = new Map<string, T>();
  for (const [analyte, codes] of Object.entries(ANALYTE_CODES)) {
    const value = byAnalyte[analyte as Analyte];
    if (value === undefined) continue;
    for (const code of codes) map.set(code, value);
  }
  return map;
}
