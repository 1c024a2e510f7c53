// Warfarin monitoring. ACCP antithrombotic guideline (CHEST 2012, 9th ed., Holbrook et al.): INR testing at
// least every 12 weeks in patients with stable INRs, more often otherwise. An INR above 4.0 carries a steep rise
// in bleeding risk and needs same-day dose action (CHEST 2012 management of supratherapeutic INR;
// ACC 2020 expert consensus on bleeding on oral anticoagulants).
import { INR_CODES } from '../../terminology/lab-codes.ts';
import { WARFARIN } from '../../terminology/medication-codes.ts';
import { fired, guideline, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { describePoint, formatAgo, formatPoint } from './rule-text.ts';
import { medicationsWith, plausiblePoints } from './rule-view.ts';

/** CHEST 2012: up to 12 weeks between INRs when stable. */
export const INR_INTERVAL_DAYS = 84;
export const INR_HIGH = 4.0;

export const warfarinInrRule: Rule = {
  id: 'warfarin-inr',
  source: guideline('CHEST antithrombotic guideline', 2012),
  evaluate(view) {
    const rule = warfarinInrRule;
    const warfarin = medicationsWith(view, new Set([WARFARIN]))[0];
    if (warfarin === undefined) return NOTHING;
    const inr = plausiblePoints(view.points(INR_CODES)).at(-1);
    if (inr !== undefined && inr.daysAgo <= INR_INTERVAL_DAYS && inr.value > INR_HIGH) {
      return fired(
        ruleFinding({
          rule,
          qualifier: 'high',
          title: `INR ${formatPoint(inr)} on warfarin`,
          category: 'medication-safety',
          urgency: 'urgent',
          rationale: `The latest INR is ${describePoint(inr)} while ${warfarin.name} is active.`,
          recommendedAction:
            'Act today: hold or reduce warfarin, look for bleeding and interacting drugs, consider vitamin K if bleeding risk is high, and recheck the INR (CHEST 2012: INR above 4.0).',
          evidence: [inr.source, warfarin.source],
        }),
      );
    }
    if (inr !== undefined && inr.daysAgo <= INR_INTERVAL_DAYS) return NOTHING;
    return fired(
      ruleFinding({
        rule,
        qualifier: 'overdue',
        title:
          inr === undefined
            ? 'Warfarin with no INR on record'
            : `Warfarin: last INR ${formatAgo(inr.daysAgo)}`,
        category: 'medication-safety',
        urgency: 'soon',
        rationale:
          inr === undefined
            ? `${warfarin.name} is active and the record holds no INR result.`
            : `${warfarin.name} is active and the latest INR is ${describePoint(inr)}.`,
        recommendedAction:
          'Check the INR now and set a monitoring interval (CHEST 2012: at least every 12 weeks when stable).',
        evidence: [warfarin.source, inr?.source],
      }),
    );
  },
};
