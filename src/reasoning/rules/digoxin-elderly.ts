// Digoxin in older adults. AGS Beers Criteria 2023: in adults 65 and older avoid digoxin doses above
// 0.125 mg/day (higher doses add toxicity without benefit in heart failure or atrial fibrillation) and reduce the
// dose at creatinine clearance below 30. Verapamil, amiodarone, dronedarone and quinidine raise digoxin levels
// (digoxin FDA label; 2023 ACC/AHA/ACCP/HRS atrial fibrillation guideline: halve the digoxin dose with
// amiodarone and monitor levels).
import { DIGOXIN, DIGOXIN_INTERACTING } from '../../terminology/medication-codes.ts';
import { fired, guideline, insufficient, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { recentEgfr } from './kidney-rules.ts';
import { describePoint, listInWords } from './rule-text.ts';
import { medicationsWith, type RuleMedication } from './rule-view.ts';

export const DIGOXIN_MIN_AGE_YEARS = 65;
export const DIGOXIN_MAX_DAILY_MG = 0.125;
export const DIGOXIN_LOW_EGFR = 30;

/** mg a day when the name gives a mg strength and the order a dose and frequency; undefined otherwise. */
export function digoxinDailyMg(medication: RuleMedication): number | undefined {
  const strength = medication.ingredients.find((ingredient) => ingredient.name === DIGOXIN)?.strength;
  const dose = medication.structuredDose;
  if (dose === undefined || dose.timesPerDay === undefined) return undefined;
  if (dose.unit !== undefined && dose.unit.toLowerCase() === 'mg') return dose.amount * dose.timesPerDay;
  if (dose.unit === undefined && strength?.unit === 'mg')
    return strength.value * dose.amount * dose.timesPerDay;
  return undefined;
}

export const digoxinElderlyRule: Rule = {
  id: 'digoxin-elderly',
  source: guideline('AGS Beers Criteria', 2023),
  evaluate(view) {
    const rule = digoxinElderlyRule;
    const digoxin = medicationsWith(view, new Set([DIGOXIN]))[0];
    if (digoxin === undefined) return NOTHING;
    if (view.ageYears === undefined) return insufficient(rule.id, 'on digoxin, age unknown');
    if (view.ageYears < DIGOXIN_MIN_AGE_YEARS) return NOTHING;
    const strength = digoxin.ingredients.find((ingredient) => ingredient.name === DIGOXIN)?.strength;
    const dailyMg = digoxinDailyMg(digoxin);
    const highStrength = strength?.unit === 'mg' && strength.value > DIGOXIN_MAX_DAILY_MG;
    const highDose =
      (dailyMg !== undefined && dailyMg > DIGOXIN_MAX_DAILY_MG) || (dailyMg === undefined && highStrength);
    const interacting = view.medications.filter(
      (medication) =>
        medication.source.id !== digoxin.source.id &&
        medication.ingredientNames.some((name) => DIGOXIN_INTERACTING.has(name)),
    );
    const egfr = recentEgfr(view);
    const lowEgfr = egfr !== undefined && egfr.value < DIGOXIN_LOW_EGFR ? egfr : undefined;
    if (!highDose && interacting.length === 0 && lowEgfr === undefined) {
      return dailyMg === undefined && !highStrength
        ? insufficient(rule.id, 'digoxin daily dose not structured (no dose and frequency)')
        : NOTHING;
    }
    const reasons = [
      highDose
        ? `the order is above the daily dose limit for this age (${digoxin.name}${digoxin.dosage === undefined ? '' : `; ${digoxin.dosage}`})`
        : undefined,
      interacting.length === 0
        ? undefined
        : `${listInWords(interacting.map((medication) => medication.name))} ${interacting.length === 1 ? 'raises' : 'raise'} digoxin levels`,
      lowEgfr === undefined ? undefined : `the latest eGFR is ${describePoint(lowEgfr)}`,
    ].filter((reason): reason is string => reason !== undefined);
    return fired(
      ruleFinding({
        rule,
        title: `Digoxin at age ${view.ageYears}: ${interacting.length > 0 ? 'interacting drug' : highDose ? 'dose above the limit' : 'low kidney function'}`,
        category: 'medication-safety',
        urgency: 'soon',
        rationale: `${digoxin.name} is active at age ${view.ageYears}; ${listInWords(reasons)}.`,
        recommendedAction:
          'Check a digoxin level, kidney function and potassium; keep the dose at or below 0.125 mg/day, halve it with amiodarone, and review verapamil with digoxin (AGS Beers 2023; ACC/AHA/ACCP/HRS 2023).',
        evidence: [
          digoxin.source,
          view.patient,
          ...interacting.map((medication) => medication.source),
          lowEgfr?.source,
        ],
      }),
    );
  },
};
