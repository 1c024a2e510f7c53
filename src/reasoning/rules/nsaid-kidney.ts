// NSAIDs and the kidney. KDIGO 2024 CKD guideline (practice point 3.11.x, drug stewardship): avoid NSAIDs at
// eGFR < 30 and prolonged use at any stage of CKD; the combination of an NSAID with an ACE inhibitor or ARB and
// a diuretic ("triple whammy") raises the risk of acute kidney injury (also AGS Beers Criteria 2023, drug–drug
// interactions).
import {
  ACE_INHIBITORS,
  ANGIOTENSIN_RECEPTOR_BLOCKERS,
  DIURETICS,
  NSAIDS,
} from '../../terminology/medication-codes.ts';
import {
  combineOutcomes,
  fired,
  guideline,
  insufficient,
  NOTHING,
  ruleFinding,
  type Rule,
} from './rule-kit.ts';
import { recentEgfr } from './kidney-rules.ts';
import { describePoint, formatPoint } from './rule-text.ts';
import { medicationsWith } from './rule-view.ts';

export const NSAID_AVOID_BELOW_EGFR = 30;

export const nsaidKidneyRule: Rule = {
  id: 'nsaid-kidney',
  source: guideline('KDIGO CKD', 2024),
  evaluate(view) {
    const rule = nsaidKidneyRule;
    const nsaid = medicationsWith(view, NSAIDS)[0];
    if (nsaid === undefined) return NOTHING;
    const egfr = recentEgfr(view);
    const outcomes = [];
    if (egfr === undefined)
      outcomes.push(insufficient(rule.id, 'on an NSAID with no eGFR in the last 12 months'));
    else if (egfr.value < NSAID_AVOID_BELOW_EGFR)
      outcomes.push(
        fired(
          ruleFinding({
            rule,
            qualifier: 'egfr',
            title: `NSAID with eGFR ${formatPoint(egfr)}`,
            category: 'medication-safety',
            urgency: 'soon',
            rationale: `${nsaid.name} is active and the latest eGFR is ${describePoint(egfr)}, KDIGO category G4 or worse.`,
            recommendedAction:
              'Stop the NSAID and use an alternative analgesic (KDIGO 2024: avoid NSAIDs at eGFR below 30).',
            evidence: [nsaid.source, egfr.source],
          }),
        ),
      );
    const raas = [
      ...medicationsWith(view, ACE_INHIBITORS),
      ...medicationsWith(view, ANGIOTENSIN_RECEPTOR_BLOCKERS),
    ][0];
    const diuretic = medicationsWith(view, DIURETICS)[0];
    if (raas !== undefined && diuretic !== undefined)
      outcomes.push(
        fired(
          ruleFinding({
            rule,
            qualifier: 'triple-whammy',
            title: 'NSAID with an ACE inhibitor/ARB and a diuretic',
            category: 'medication-safety',
            urgency: 'soon',
            rationale: `${nsaid.name}, ${raas.name} and ${diuretic.name} are all active: together they raise the risk of acute kidney injury.${egfr === undefined ? '' : ` The latest eGFR is ${describePoint(egfr)}.`}`,
            recommendedAction:
              'Stop the NSAID if possible; otherwise check creatinine and potassium soon and advise holding it during dehydrating illness (KDIGO 2024; AGS Beers 2023).',
            evidence: [nsaid.source, raas.source, diuretic.source, egfr?.source],
          }),
        ),
      );
    return combineOutcomes(outcomes);
  },
};
