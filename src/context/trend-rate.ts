// Trend rates as a clinician reads them: a yearly change rounded to what the results can show, or "stable".
// A least-squares slope over values that do not change comes out as a floating-point residue (-2.7e-30/y for
// a height recorded as 170 cm eleven times); printed, that reads as a measured change. A change is negligible
// when the fitted change over the whole window is smaller than one reporting step of the measure (the values
// cannot express it: a lab printing eGFR in whole mL/min/1.73 m² cannot show a fall of 0.4) or smaller than 5 %
// of the mean (within usual within-person biological variation, which for most chronic-disease analytes is
// 2–8 %: Ricós et al., Scand J Clin Lab Invest 1999, the EFLM biological variation database).
import { mapByAnalyteCode } from '../terminology/analyte-codes.ts';

/** A fitted change under this fraction of the mean over the window reads as stable (biological variation). */
export const STABLE_FRACTION = 0.05;
/** Significant digits of a printed rate: a yearly rate is an estimate, not a measurement. */
export const RATE_SIGNIFICANT_DIGITS = 2;
/**
 * With no known reporting step, a change this small relative to the largest value is arithmetic residue
 * (doubles carry about 16 significant digits; a least-squares fit loses a few).
 */
const RESIDUE_FRACTION = 1e-9;

interface ReportingStep {
  /** The unit the step is in (UCUM, as ucum-units.ts brings the analyte to). */
  readonly unit: string;
  /** The smallest difference results are reported in: the last digit US labs and devices print. */
  readonly step: number;
}

const step = (unit: string, size: number): ReportingStep => ({ unit, step: size });

/** Reporting steps in the canonical units of ucum-units.ts (US conventional units, as US labs report). */
const REPORTING_STEPS: ReadonlyMap<string, ReportingStep> = mapByAnalyteCode<ReportingStep>({
  egfr: step('mL/min/{1.73_m2}', 1),
  creatinine: step('mg/dL', 0.01),
  hba1c: step('%', 0.1),
  glucose: step('mg/dL', 1),
  ureaNitrogen: step('mg/dL', 1),
  calcium: step('mg/dL', 0.1),
  sodium: step('mmol/L', 1),
  potassium: step('mmol/L', 0.1),
  chloride: step('mmol/L', 1),
  carbonDioxide: step('mmol/L', 1),
  totalCholesterol: step('mg/dL', 1),
  ldl: step('mg/dL', 1),
  hdl: step('mg/dL', 1),
  triglycerides: step('mg/dL', 1),
  hemoglobin: step('g/dL', 0.1),
  uacr: step('mg/g', 1),
  lvef: step('%', 1),
  bodyWeight: step('kg', 0.1),
  bodyHeight: step('cm', 0.1),
  bmi: step('kg/m2', 0.1),
  bodyTemperature: step('Cel', 0.1),
  oralTemperature: step('Cel', 0.1),
  heartRate: step('/min', 1),
  respiratoryRate: step('/min', 1),
  oxygenSaturation: step('%', 1),
  pulseOximetry: step('%', 1),
  // Sphygmomanometers read in whole mmHg.
  systolicBp: step('mm[Hg]', 1),
  diastolicBp: step('mm[Hg]', 1),
});

/** The reporting step of an analyte in `unit`; undefined when we know none for that unit. */
export function reportingStepOf(loinc: string | undefined, unit: string): number | undefined {
  const known = loinc === undefined ? undefined : REPORTING_STEPS.get(loinc);
  return known?.unit === unit ? known.step : undefined;
}

/**
 * True when a fitted change (slope × span, in the series unit) is too small to be a change: below one
 * reporting step, below 5 % of the mean, or, with no step known, arithmetic residue.
 */
export function isNegligibleChange(
  fittedChange: number,
  values: { readonly mean: number; readonly largestMagnitude: number },
  reportingStep: number | undefined,
): boolean {
  const change = Math.abs(fittedChange);
  if (change < STABLE_FRACTION * Math.abs(values.mean)) return true;
  if (reportingStep !== undefined && change < reportingStep) return true;
  return change <= RESIDUE_FRACTION * values.largestMagnitude;
}

/**
 * `value` to `digits` significant digits, never in exponent notation and never finer than a tenth of the
 * reporting step (a rate is not known better than the results it comes from): 0.0345 → "0.035", -123 → "-120".
 * "0" when it rounds away.
 */
export function formatSignificant(value: number, digits: number, reportingStep?: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  let decimals = digits - 1 - magnitude;
  if (reportingStep !== undefined && reportingStep > 0) {
    decimals = Math.min(decimals, Math.max(0, 1 - Math.floor(Math.log10(reportingStep))));
  }
  // toFixed takes 0–100 decimals; past 12 the value is residue whatever the unit.
  decimals = Math.min(decimals, 12);
  // Past 1e21 toFixed prints an exponent; BigInt prints every digit.
  const text =
    decimals >= 0
      ? value.toFixed(decimals)
      : BigInt(Math.round(value / 10 ** -decimals) * 10 ** -decimals).toString();
  const trimmed = text.includes('.') ? text.replace(/\.?0+$/, '') : text;
  return /^-?0$/.test(trimmed) ? '0' : trimmed;
}

/**
 * A yearly rate as the context and the Trends panel print it: "-4.1/y", "+0.035/y", or "stable" when the trend
 * is stable or its rate rounds to nothing.
 */
export function formatRatePerYear(
  trend: { readonly perYear: number; readonly direction: 'rising' | 'falling' | 'stable' },
  reportingStep: number | undefined,
): string {
  if (trend.direction === 'stable') return 'stable';
  const text = formatSignificant(trend.perYear, RATE_SIGNIFICANT_DIGITS, reportingStep);
  if (text === '0') return 'stable';
  return `${trend.perYear > 0 ? '+' : ''}${text}/y`;
}
