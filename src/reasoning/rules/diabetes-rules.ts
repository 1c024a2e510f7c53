// Diabetes follow-up (ADA Standards of Care in Diabetes 2024):
// - §6 Glycemic goals: an A1C goal below 7 % for many nonpregnant adults; §13 Older adults: below 7.0–7.5 %
//   when healthy, below 8.0 % with complex health (the more lenient 8.0 % is used from 65, since the rules
//   cannot judge health status). A1C at least twice a year when at goal, quarterly when not (§6).
// - §11 CKD: urine albumin-to-creatinine ratio and eGFR at least once a year in type 2 diabetes (also KDIGO 2022
//   Diabetes in CKD).
// Not raised, the reason kept for the trace, in hospice or palliative care, and for the HbA1c rules in frail
// adults of 66 and over with an advanced illness or in long-term care: ADA 2024 §13 (Table 13.1) advises against
// relying on A1C in very complex or poor health, as CMS122 excludes them.
// Synthea writes HbA1c values of 2.4–3.9 % for some diabetic patients; no one lives with those, so implausible
// results (context physiologic limits) are never read as control, and a series of only implausible results is
// itself a finding (repeat the test; consider assay interference).
import { DIABETES_MELLITUS as DIABETES, HBA1C_TEST } from '../../terminology/clinical-concepts.ts';
import { SYSTEM_LOINC } from '../../terminology/code-systems.ts';
import { codesIn } from '../../terminology/value-set.ts';
import {
  endOfLifeCare,
  frailtyWithAdvancedIllness,
  longTermCare,
  type Exclusion,
} from './care-exclusions.ts';
import {
  combineOutcomes,
  excluded,
  fired,
  guideline,
  insufficient,
  NOTHING,
  ruleFinding,
  type Rule,
  type RuleOutcome,
} from './rule-kit.ts';
import { egfrPoints, uacrPoints } from './kidney-rules.ts';
import { describePoint, formatAgo, formatPoint } from './rule-text.ts';
import { findProblem, plausiblePoints, type RulePoint, type RuleView } from './rule-view.ts';

export const A1C_GOAL_PERCENT = 7.0;
export const A1C_GOAL_OLDER_PERCENT = 8.0;
export const A1C_OLDER_FROM_AGE_YEARS = 65;
/** ADA 2024 §6: twice a year at goal, quarterly when above it. */
export const A1C_INTERVAL_AT_GOAL_DAYS = 183;
export const A1C_INTERVAL_ABOVE_GOAL_DAYS = 92;
/** Results older than this say nothing about control now. */
const A1C_RECENT_DAYS = 365;
/** ADA 2024 §11: yearly. */
export const KIDNEY_MONITORING_DAYS = 365;

const HBA1C_LOINC = codesIn(HBA1C_TEST, SYSTEM_LOINC);

function a1cPoints(view: RuleView): RulePoint[] {
  return [...view.points(HBA1C_LOINC)].filter((point) => point.unit === '%');
}

function a1cExclusion(view: RuleView): Exclusion | undefined {
  return endOfLifeCare(view) ?? frailtyWithAdvancedIllness(view) ?? longTermCare(view);
}

export function a1cGoalPercent(ageYears: number): number {
  return ageYears >= A1C_OLDER_FROM_AGE_YEARS ? A1C_GOAL_OLDER_PERCENT : A1C_GOAL_PERCENT;
}

export const a1cAboveGoalRule: Rule = {
  id: 'a1c-above-goal',
  source: guideline('ADA Standards of Care', 2024),
  evaluate(view) {
    const rule = a1cAboveGoalRule;
    const diabetes = findProblem(view, DIABETES);
    if (diabetes === undefined) return NOTHING;
    const exclusion = a1cExclusion(view);
    if (exclusion !== undefined) return excluded(rule.id, exclusion);
    if (view.ageYears === undefined)
      return insufficient(rule.id, 'diabetes, age unknown (the A1C goal depends on it)');
    const latest = plausiblePoints(a1cPoints(view)).at(-1);
    if (latest === undefined || latest.daysAgo > A1C_RECENT_DAYS) return NOTHING;
    const goal = a1cGoalPercent(view.ageYears);
    if (latest.value < goal) return NOTHING;
    return fired(
      ruleFinding({
        rule,
        title: `HbA1c ${formatPoint(latest)}: above goal`,
        category: 'care-gap',
        urgency: 'soon',
        rationale: `The latest plausible HbA1c is ${describePoint(latest)}, at or above the ADA goal for a ${view.ageYears}-year-old with ${diabetes.name.toLowerCase()}.`,
        recommendedAction: `Review adherence and intensify treatment toward an A1C below ${goal.toFixed(1)} % (ADA 2024 §6, §13: below 7 % for many adults, below 8 % with complex health); recheck in 3 months.`,
        evidence: [latest.source, diabetes.source, view.patient],
      }),
    );
  },
};

export const a1cOverdueRule: Rule = {
  id: 'a1c-overdue',
  source: guideline('ADA Standards of Care', 2024),
  evaluate(view): RuleOutcome {
    const rule = a1cOverdueRule;
    const diabetes = findProblem(view, DIABETES);
    if (diabetes === undefined) return NOTHING;
    const exclusion = a1cExclusion(view);
    if (exclusion !== undefined) return excluded(rule.id, exclusion);
    const all = a1cPoints(view);
    const latestAny = all.at(-1);
    const latest = plausiblePoints(all).at(-1);
    if (latestAny !== undefined && latestAny.implausible && latestAny.daysAgo <= A1C_RECENT_DAYS) {
      return fired(
        ruleFinding({
          rule,
          qualifier: 'implausible',
          title: `HbA1c ${formatPoint(latestAny)} cannot be right: repeat`,
          category: 'lab-follow-up',
          urgency: 'routine',
          rationale: `The latest HbA1c, ${describePoint(latestAny)}, is outside what any living patient can have${latest === undefined ? ', and no HbA1c on record is plausible' : `; the last plausible one was ${describePoint(latest)}`}. Glycemic control cannot be judged from it.`,
          recommendedAction:
            'Repeat the HbA1c; if it stays implausible, suspect assay interference (haemoglobin variant, haemolysis, recent transfusion) and use fructosamine or glucose monitoring instead (ADA 2024 §6).',
          evidence: [latestAny.source, diabetes.source, latest?.source],
        }),
      );
    }
    if (view.ageYears === undefined)
      return insufficient(rule.id, 'diabetes, age unknown (the A1C interval depends on the goal)');
    if (latest === undefined) {
      return fired(
        ruleFinding({
          rule,
          qualifier: 'none',
          title: 'Diabetes with no HbA1c on record',
          category: 'care-gap',
          urgency: 'routine',
          rationale: `${diabetes.name} is an active problem and the record holds no plausible HbA1c.`,
          recommendedAction: 'Check an HbA1c (ADA 2024 §6: at least twice a year).',
          evidence: [diabetes.source],
        }),
      );
    }
    const aboveGoal = latest.value >= a1cGoalPercent(view.ageYears);
    const interval = aboveGoal ? A1C_INTERVAL_ABOVE_GOAL_DAYS : A1C_INTERVAL_AT_GOAL_DAYS;
    if (latest.daysAgo <= interval) return NOTHING;
    return fired(
      ruleFinding({
        rule,
        qualifier: 'overdue',
        title: `HbA1c overdue: last ${formatAgo(latest.daysAgo)}`,
        category: 'care-gap',
        urgency: 'routine',
        rationale: `${diabetes.name} is an active problem and the latest HbA1c is ${describePoint(latest)}, ${aboveGoal ? 'above goal' : 'at goal'}.`,
        recommendedAction: aboveGoal
          ? 'Check an HbA1c now (ADA 2024 §6: quarterly when not at goal).'
          : 'Check an HbA1c (ADA 2024 §6: at least twice a year when at goal).',
        evidence: [latest.source, diabetes.source],
      }),
    );
  },
};

export const diabetesKidneyMonitoringRule: Rule = {
  id: 'diabetes-kidney-monitoring',
  source: guideline('ADA Standards of Care', 2024),
  evaluate(view) {
    const rule = diabetesKidneyMonitoringRule;
    const diabetes = findProblem(view, DIABETES);
    if (diabetes === undefined) return NOTHING;
    const endOfLife = endOfLifeCare(view);
    if (endOfLife !== undefined) return excluded(rule.id, endOfLife);
    if (view.ageYears === undefined) return insufficient(rule.id, 'diabetes, age unknown');
    if (view.ageYears < 18) return NOTHING;
    const egfr = egfrPoints(view).at(-1);
    const uacr = uacrPoints(view).at(-1);
    const egfrDue = egfr === undefined || egfr.daysAgo > KIDNEY_MONITORING_DAYS;
    const uacrDue = uacr === undefined || uacr.daysAgo > KIDNEY_MONITORING_DAYS;
    if (!egfrDue && !uacrDue) return NOTHING;
    const describe = (point: RulePoint | undefined, name: string): string =>
      point === undefined ? `no ${name} on record` : `the latest ${name} is ${describePoint(point)}`;
    const missing = [
      egfrDue ? 'eGFR' : undefined,
      uacrDue ? 'urine albumin-creatinine ratio' : undefined,
    ].filter((name): name is string => name !== undefined);
    return combineOutcomes([
      fired(
        ruleFinding({
          rule,
          qualifier: missing.length === 2 ? 'both' : egfrDue ? 'egfr' : 'uacr',
          title: `Yearly kidney check due in diabetes: ${missing.join(' and ')}`,
          category: 'care-gap',
          urgency: 'routine',
          rationale: `${diabetes.name} is an active problem; ${describe(egfr, 'eGFR')} and ${describe(uacr, 'urine albumin-creatinine ratio')}.`,
          recommendedAction: `Order ${missing.join(' and ')} (ADA 2024 §11: both at least once a year in type 2 diabetes).`,
          evidence: [diabetes.source, egfr?.source, uacr?.source],
        }),
      ),
    ]);
  },
};

export const DIABETES_RULES: readonly Rule[] = [
  a1cAboveGoalRule,
  a1cOverdueRule,
  diabetesKidneyMonitoringRule,
];
