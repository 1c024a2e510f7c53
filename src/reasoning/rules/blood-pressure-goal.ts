// Blood pressure above goal on two readings. 2017 ACC/AHA hypertension guideline: BP is diagnosed and managed
// on at least two readings on separate occasions; stage 1 is 130–139/80–89 mmHg, stage 2 ≥ 140/90; the goal
// for adults with hypertension is below 130/80; at 160/100 or more, prompt treatment with two drugs is advised,
// and 180/120 or more is severe hypertension. Adults only: children are judged on percentiles (AAP 2017).
import { HYPERTENSION } from '../../terminology/condition-codes.ts';
import { fired, guideline, insufficient, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { formatAgo, formatBloodPressure } from './rule-text.ts';
import { findProblem, type RuleBloodPressure } from './rule-view.ts';

export const BP_GOAL_SYSTOLIC_MMHG = 130;
export const BP_GOAL_DIASTOLIC_MMHG = 80;
export const BP_STAGE_2_PROMPT_SYSTOLIC_MMHG = 160;
export const BP_STAGE_2_PROMPT_DIASTOLIC_MMHG = 100;
export const BP_ADULT_FROM_AGE = 18;
/** Readings older than a year do not describe the BP now. */
export const BP_RECENT_DAYS = 365;

function isAboveGoal(reading: RuleBloodPressure): boolean {
  return reading.systolicMmHg >= BP_GOAL_SYSTOLIC_MMHG || reading.diastolicMmHg >= BP_GOAL_DIASTOLIC_MMHG;
}

function isMarkedlyHigh(reading: RuleBloodPressure): boolean {
  return (
    reading.systolicMmHg >= BP_STAGE_2_PROMPT_SYSTOLIC_MMHG ||
    reading.diastolicMmHg >= BP_STAGE_2_PROMPT_DIASTOLIC_MMHG
  );
}

export const bloodPressureGoalRule: Rule = {
  id: 'bp-above-goal',
  source: guideline('ACC/AHA hypertension guideline', 2017),
  evaluate(view) {
    const rule = bloodPressureGoalRule;
    if (view.ageYears === undefined)
      return view.bloodPressure.length > 0 ? insufficient(rule.id, 'age unknown') : NOTHING;
    if (view.ageYears < BP_ADULT_FROM_AGE) return NOTHING;
    // Two readings on separate days: the latest plausible reading of each of the two most recent days.
    const byDay = new Map<number, RuleBloodPressure>();
    for (const reading of view.bloodPressure) if (!reading.implausible) byDay.set(reading.daysAgo, reading);
    const [latest, previous] = [...byDay.entries()].sort(([a], [b]) => a - b).map(([, reading]) => reading);
    const hypertension = findProblem(view, HYPERTENSION);
    if (latest === undefined || latest.daysAgo > BP_RECENT_DAYS) {
      return hypertension === undefined
        ? NOTHING
        : insufficient(rule.id, 'hypertension with no BP in the last 12 months');
    }
    if (previous === undefined)
      return isAboveGoal(latest)
        ? insufficient(rule.id, 'one BP reading above goal, no second reading')
        : NOTHING;
    if (!isAboveGoal(latest) || !isAboveGoal(previous)) return NOTHING;
    const prompt = isMarkedlyHigh(latest) && isMarkedlyHigh(previous);
    const readings = `${formatBloodPressure(latest)} (${formatAgo(latest.daysAgo)}) and ${formatBloodPressure(previous)} (${formatAgo(previous.daysAgo)})`;
    if (hypertension !== undefined) {
      return fired(
        ruleFinding({
          rule,
          qualifier: 'treated',
          title: `BP above goal on two readings: ${formatBloodPressure(latest)}`,
          category: 'care-gap',
          urgency: prompt ? 'soon' : 'routine',
          rationale: `${hypertension.name} is an active problem and the last two readings were ${readings}, both above the ACC/AHA goal.`,
          recommendedAction: prompt
            ? 'Confirm with home or ambulatory readings and intensify treatment promptly (ACC/AHA 2017: goal below 130/80; 160/100 or more warrants two drugs).'
            : 'Confirm with home readings and adjust treatment toward a goal below 130/80 (ACC/AHA 2017).',
          evidence: [latest.source, previous.source, hypertension.source],
        }),
      );
    }
    return fired(
      ruleFinding({
        rule,
        qualifier: 'undiagnosed',
        title: `Raised BP on two readings without a hypertension diagnosis: ${formatBloodPressure(latest)}`,
        category: 'diagnostic-consideration',
        urgency: prompt ? 'soon' : 'routine',
        rationale: `The last two readings were ${readings}, both in the hypertension range, and hypertension is not on the problem list.`,
        recommendedAction:
          'Confirm with home or ambulatory BP monitoring and, if confirmed, diagnose and treat hypertension (ACC/AHA 2017: stage 1 from 130/80, stage 2 from 140/90).',
        evidence: [latest.source, previous.source],
      }),
    );
  },
};
