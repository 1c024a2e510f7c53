// An abnormal result with no repeat. Closing the loop on abnormal results is a core safety practice (National
// Academies of Sciences, Engineering, and Medicine, "Improving Diagnosis in Health Care", 2015, goal 6; missed
// follow-up of abnormal tests is a leading cause of diagnostic error). Thresholds are the clinically significant
// limits in common use, beyond usual reference ranges (sources per row); a result is "not repeated" when it is
// the latest of its analyte and older than the row's repeat window. Critical potassium and sodium values are
// raised at once. Results older than three years are left to the clinician's history review; implausible
// values are data-quality flags, not results.
// Potassium on ACE inhibitors, ARBs or MRAs is left to hyperkalaemia-raas; eGFR to the kidney rules; HbA1c to
// the diabetes rules; LDL to the statin rule.
import {
  CALCIUM_CODES,
  LOINC_ALT,
  LOINC_AST,
  LOINC_BILIRUBIN_TOTAL,
  LOINC_HEMOGLOBIN,
  LOINC_PLATELETS,
  LOINC_PSA,
  LOINC_WBC,
  POTASSIUM_CODES,
  SODIUM_CODES,
  TSH_CODES,
} from '../../terminology/lab-codes.ts';
import { fired, guideline, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { RAAS_INGREDIENTS } from './hyperkalaemia-raas.ts';
import { describePoint, formatPoint } from './rule-text.ts';
import { medicationsWith, plausiblePoints, type RuleView } from './rule-view.ts';

export interface AbnormalThreshold {
  readonly analyte: string;
  readonly loincs: ReadonlySet<string>;
  /** Units the thresholds apply in (as the context normalizes them). */
  readonly units: readonly string[];
  readonly low: number | undefined;
  readonly high: number | undefined;
  /** Values beyond these are critical: raised at once, urgent. */
  readonly criticalLow?: number;
  readonly criticalHigh?: number;
  readonly repeatWithinDays: number;
}

export const ABNORMAL_THRESHOLDS: readonly AbnormalThreshold[] = [
  // Potassium: < 3.0 or > 5.5 mmol/L clinically significant; ≤ 2.5 or ≥ 6.0 critical (CAP critical-value
  // surveys, Dighe et al. 2006; KDIGO 2024 hyperkalaemia practice points).
  {
    analyte: 'Potassium',
    loincs: POTASSIUM_CODES,
    units: ['mmol/L'],
    low: 3.0,
    high: 5.5,
    criticalLow: 2.5,
    criticalHigh: 6.0,
    repeatWithinDays: 7,
  },
  // Sodium: < 130 or > 150 mmol/L significant; ≤ 120 or ≥ 160 critical (Dighe et al. 2006).
  {
    analyte: 'Sodium',
    loincs: SODIUM_CODES,
    units: ['mmol/L'],
    low: 130,
    high: 150,
    criticalLow: 120,
    criticalHigh: 160,
    repeatWithinDays: 14,
  },
  // Haemoglobin < 10 g/dL: moderate anaemia (WHO 2011 anaemia grades: moderate 8–10.9 g/dL).
  {
    analyte: 'Hemoglobin',
    loincs: new Set([LOINC_HEMOGLOBIN]),
    units: ['g/dL'],
    low: 10,
    high: undefined,
    repeatWithinDays: 30,
  },
  // Platelets < 100 or > 600 × 10^3/µL.
  {
    analyte: 'Platelets',
    loincs: new Set([LOINC_PLATELETS]),
    units: ['10*3/uL'],
    low: 100,
    high: 600,
    repeatWithinDays: 30,
  },
  // White cells < 3.0 or > 15 × 10^3/µL.
  {
    analyte: 'WBC',
    loincs: new Set([LOINC_WBC]),
    units: ['10*3/uL'],
    low: 3.0,
    high: 15,
    repeatWithinDays: 30,
  },
  // ALT or AST more than 3 × the upper reference limit (about 40 U/L): ACG 2017 guideline on abnormal liver
  // chemistries.
  {
    analyte: 'ALT',
    loincs: new Set([LOINC_ALT]),
    units: ['U/L'],
    low: undefined,
    high: 120,
    repeatWithinDays: 30,
  },
  {
    analyte: 'AST',
    loincs: new Set([LOINC_AST]),
    units: ['U/L'],
    low: undefined,
    high: 120,
    repeatWithinDays: 30,
  },
  // Total bilirubin > 3 mg/dL (ACG 2017).
  {
    analyte: 'Bilirubin total',
    loincs: new Set([LOINC_BILIRUBIN_TOTAL]),
    units: ['mg/dL'],
    low: undefined,
    high: 3,
    repeatWithinDays: 30,
  },
  // Calcium < 8.0 or > 11.0 mg/dL.
  {
    analyte: 'Calcium',
    loincs: CALCIUM_CODES,
    units: ['mg/dL'],
    low: 8.0,
    high: 11.0,
    repeatWithinDays: 30,
  },
  // PSA > 4 ng/mL (AUA 2023 early detection guideline: repeat before biopsy).
  {
    analyte: 'PSA',
    loincs: new Set([LOINC_PSA]),
    units: ['ng/mL'],
    low: undefined,
    high: 4,
    repeatWithinDays: 90,
  },
  // TSH < 0.1 or > 10 mIU/L (ATA 2016 hyperthyroidism, ATA/AACE 2012 hypothyroidism guidelines).
  {
    analyte: 'TSH',
    loincs: TSH_CODES,
    units: ['m[IU]/L', 'mIU/L', 'u[IU]/mL', 'uIU/mL'],
    low: 0.1,
    high: 10,
    repeatWithinDays: 90,
  },
];

/** Older abnormal results are history, not an open loop. */
export const ABNORMAL_LOOKBACK_DAYS = 1096;

export const abnormalNoRepeatRule: Rule = {
  id: 'abnormal-no-repeat',
  source: guideline('NASEM Improving Diagnosis in Health Care', 2015),
  evaluate(view: RuleView) {
    const rule = abnormalNoRepeatRule;
    const onRaas = medicationsWith(view, RAAS_INGREDIENTS).length > 0;
    const findings = ABNORMAL_THRESHOLDS.flatMap((threshold) => {
      if (threshold.analyte === 'Potassium' && onRaas) return [];
      const points = plausiblePoints(view.points(threshold.loincs)).filter((point) =>
        threshold.units.includes(point.unit),
      );
      const latest = points.at(-1);
      if (latest === undefined || latest.daysAgo > ABNORMAL_LOOKBACK_DAYS) return [];
      const low = threshold.low !== undefined && latest.value < threshold.low;
      const high = threshold.high !== undefined && latest.value > threshold.high;
      if (!low && !high) return [];
      const critical =
        (threshold.criticalLow !== undefined && latest.value <= threshold.criticalLow) ||
        (threshold.criticalHigh !== undefined && latest.value >= threshold.criticalHigh);
      if (!critical && latest.daysAgo < threshold.repeatWithinDays) return [];
      const previous = points.at(-2);
      const before = previous === undefined ? '' : ` The result before it was ${describePoint(previous)}.`;
      return [
        ruleFinding({
          rule,
          qualifier: threshold.analyte.toLowerCase().replace(/\s+/g, '-'),
          title: `${threshold.analyte} ${formatPoint(latest)}${critical ? ': critical value' : ' not repeated'}`,
          category: 'lab-follow-up',
          urgency: critical ? 'urgent' : 'soon',
          rationale: `The latest ${latest.name.toLowerCase() === threshold.analyte.toLowerCase() ? latest.name : threshold.analyte} is ${describePoint(latest)}, ${low ? 'low' : 'high'} enough to matter, and ${critical ? 'it needs action today' : 'it has not been repeated'}.${before}`,
          recommendedAction: critical
            ? `Contact the patient and repeat ${threshold.analyte.toLowerCase()} today; act on the cause.`
            : `Repeat ${threshold.analyte.toLowerCase()} and follow up the cause (a repeat within ${threshold.repeatWithinDays} days is usual for this result).`,
          evidence: [latest.source, previous?.source],
        }),
      ];
    });
    return findings.length === 0 ? NOTHING : fired(...findings);
  },
};
