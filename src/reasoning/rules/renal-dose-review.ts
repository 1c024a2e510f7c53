// Drugs to avoid or dose-reduce with low kidney function. AGS Beers Criteria 2023 (Table 6: by creatinine
// clearance; eGFR stands in here, KDIGO 2024 allows eGFR for most drug dosing) and the FDA labels:
// - nitrofurantoin: avoid below 30 (Beers 2023);
// - dabigatran: avoid below 30 (Beers 2023; label);
// - rivaroxaban: reduce the dose at 15–50 for atrial fibrillation, avoid below 15 (label; Beers 2023);
// - edoxaban: reduce the dose at 15–50, avoid below 15 (label; Beers 2023);
// - apixaban (atrial fibrillation label): reduce the dose with two of age ≥ 80, weight ≤ 60 kg, creatinine
//   ≥ 1.5 mg/dL; below eGFR 15 without dialysis the label has no data, so the choice is reviewed;
// - gabapentin and pregabalin: reduce the dose below 60 (Beers 2023; labels give doses down to below 15).
// Below 15 (kidney failure) a drug to avoid there says so in the title, whatever the eGFR (5 or 0.5).
import { CREATININE_CODES } from '../../terminology/lab-codes.ts';
import {
  APIXABAN,
  DABIGATRAN,
  EDOXABAN,
  NITROFURANTOIN,
  RIVAROXABAN,
} from '../../terminology/medication-codes.ts';
import { BODY_WEIGHT_CODES } from '../../terminology/vital-sign-codes.ts';
import {
  combineOutcomes,
  fired,
  guideline,
  insufficient,
  NOTHING,
  ruleFinding,
  type Rule,
  type RuleOutcome,
} from './rule-kit.ts';
import { recentEgfr } from './kidney-rules.ts';
import { describeNamedPoint, describePoint, formatPoint, listInWords } from './rule-text.ts';
import {
  latestPlausible,
  medicationsWith,
  type RuleMedication,
  type RulePoint,
  type RuleView,
} from './rule-view.ts';

interface RenalThreshold {
  readonly ingredients: ReadonlySet<string>;
  /** Review at eGFR below this (mL/min/1.73 m²). */
  readonly reviewBelowEgfr: number;
  readonly action: string;
  /** The finding id's qualifier, when not the ingredient (apixaban's dose criteria already use that). */
  readonly qualifier?: string;
  /** Kidney failure: avoid below this eGFR, with this action instead. */
  readonly avoid?: { readonly belowEgfr: number; readonly action: string };
}

/** KDIGO G5, kidney failure. */
export const KIDNEY_FAILURE_EGFR = 15;

export const RENAL_THRESHOLDS: readonly RenalThreshold[] = [
  {
    ingredients: new Set([NITROFURANTOIN]),
    reviewBelowEgfr: 30,
    action:
      'Avoid nitrofurantoin below creatinine clearance 30: little urinary effect and more toxicity (AGS Beers 2023). Choose another antibiotic.',
  },
  {
    ingredients: new Set([DABIGATRAN, 'dabigatran etexilate']),
    reviewBelowEgfr: 30,
    action:
      'Avoid dabigatran below creatinine clearance 30 (AGS Beers 2023; label); consider another anticoagulant.',
  },
  {
    ingredients: new Set([RIVAROXABAN]),
    reviewBelowEgfr: 50,
    action:
      'Check the rivaroxaban dose: 15 mg daily at creatinine clearance 15–50 in atrial fibrillation, avoid below 15 (label; AGS Beers 2023).',
    avoid: {
      belowEgfr: KIDNEY_FAILURE_EGFR,
      action:
        'Avoid rivaroxaban below creatinine clearance 15 (label; AGS Beers 2023): choose another anticoagulant with nephrology or pharmacy.',
    },
  },
  {
    ingredients: new Set([EDOXABAN]),
    reviewBelowEgfr: 50,
    action:
      'Check the edoxaban dose: 30 mg daily at creatinine clearance 15–50, avoid below 15 (label; AGS Beers 2023).',
    avoid: {
      belowEgfr: KIDNEY_FAILURE_EGFR,
      action:
        'Avoid edoxaban below creatinine clearance 15 (label; AGS Beers 2023): choose another anticoagulant with nephrology or pharmacy.',
    },
  },
  {
    ingredients: new Set([APIXABAN]),
    qualifier: 'apixaban-kidney-failure',
    reviewBelowEgfr: KIDNEY_FAILURE_EGFR,
    action:
      'Review apixaban in kidney failure: the label has no data below creatinine clearance 15 without dialysis (on dialysis 5 mg twice daily, 2.5 mg at age 80 or more or weight 60 kg or less); decide with nephrology or pharmacy.',
  },
  {
    ingredients: new Set(['gabapentin', 'pregabalin']),
    reviewBelowEgfr: 60,
    action:
      'Reduce the dose below creatinine clearance 60 (AGS Beers 2023; gabapentin label: 200–700 mg/day at 15–29, 100–300 mg/day below 15; pregabalin label: 25–75 mg/day below 15): risk of sedation and falls.',
  },
];

/** Apixaban label (atrial fibrillation): 2.5 mg twice daily with two of these. */
export const APIXABAN_AGE_YEARS = 80;
export const APIXABAN_WEIGHT_KG = 60;
export const APIXABAN_CREATININE_MG_DL = 1.5;
const RECENT_DAYS = 365;

function apixabanOutcome(view: RuleView, apixaban: RuleMedication): RuleOutcome {
  const rule = renalDoseReviewRule;
  const creatinine = latestPlausible(
    view.points(CREATININE_CODES).filter((point) => point.unit === 'mg/dL'),
    RECENT_DAYS,
  );
  const weight = latestPlausible(
    view.points(BODY_WEIGHT_CODES).filter((point) => point.unit === 'kg'),
    RECENT_DAYS,
  );
  const met: { text: string; source: RulePoint['source'] | undefined }[] = [];
  if (view.ageYears !== undefined && view.ageYears >= APIXABAN_AGE_YEARS)
    met.push({ text: `age ${view.ageYears}`, source: view.patient });
  if (weight !== undefined && weight.value <= APIXABAN_WEIGHT_KG)
    met.push({ text: describeNamedPoint(weight), source: weight.source });
  if (creatinine !== undefined && creatinine.value >= APIXABAN_CREATININE_MG_DL)
    met.push({ text: describeNamedPoint(creatinine), source: creatinine.source });
  const unknown = [
    view.ageYears === undefined ? 'age' : undefined,
    weight === undefined ? 'weight' : undefined,
    creatinine === undefined ? 'creatinine' : undefined,
  ].filter((item): item is string => item !== undefined);
  if (met.length < 2)
    return unknown.length > 0 && met.length + unknown.length >= 2
      ? insufficient(
          rule.id,
          `apixaban dose criteria: ${listInWords(unknown)} not on record (last 12 months)`,
        )
      : NOTHING;
  return fired(
    ruleFinding({
      rule,
      qualifier: 'apixaban',
      title: 'Apixaban: dose-reduction criteria met',
      category: 'medication-safety',
      urgency: 'soon',
      rationale: `${apixaban.name} is active and the patient meets two or more of the label's dose-reduction criteria: ${listInWords(met.map((entry) => entry.text))}.`,
      recommendedAction:
        'Check that the dose is 2.5 mg twice daily, the label dose for atrial fibrillation with two of: age 80 or older, weight 60 kg or less, creatinine 1.5 mg/dL or more.',
      evidence: [apixaban.source, ...met.map((entry) => entry.source)],
    }),
  );
}

export const renalDoseReviewRule: Rule = {
  id: 'renal-dose-review',
  source: guideline('AGS Beers Criteria', 2023),
  evaluate(view) {
    const rule = renalDoseReviewRule;
    const outcomes: RuleOutcome[] = [];
    const apixaban = medicationsWith(view, new Set([APIXABAN]))[0];
    if (apixaban !== undefined) outcomes.push(apixabanOutcome(view, apixaban));
    const matches = RENAL_THRESHOLDS.flatMap((threshold) =>
      medicationsWith(view, threshold.ingredients).map((medication) => ({ threshold, medication })),
    );
    if (matches.length === 0) return combineOutcomes(outcomes);
    const egfr = recentEgfr(view);
    if (egfr === undefined) {
      outcomes.push(insufficient(rule.id, 'on a renally dosed drug with no eGFR in the last 12 months'));
      return combineOutcomes(outcomes);
    }
    for (const { threshold, medication } of matches) {
      if (egfr.value >= threshold.reviewBelowEgfr) continue;
      const ingredient =
        medication.ingredientNames.find((name) => threshold.ingredients.has(name)) ?? medication.name;
      const avoid =
        threshold.avoid !== undefined && egfr.value < threshold.avoid.belowEgfr ? threshold.avoid : undefined;
      outcomes.push(
        fired(
          ruleFinding({
            rule,
            qualifier: threshold.qualifier ?? ingredient.replace(/\s+/g, '-'),
            title:
              avoid === undefined
                ? `${medication.name} with eGFR ${formatPoint(egfr)}: review for kidney function`
                : `${medication.name} with eGFR ${formatPoint(egfr)}: avoid in kidney failure`,
            category: 'medication-safety',
            urgency: 'soon',
            rationale: `${medication.name} is active and the latest eGFR is ${describePoint(egfr)}.`,
            recommendedAction: avoid?.action ?? threshold.action,
            evidence: [medication.source, egfr.source],
          }),
        ),
      );
    }
    return combineOutcomes(outcomes);
  },
};
