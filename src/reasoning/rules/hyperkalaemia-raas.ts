// Hyperkalaemia on drugs that raise potassium: ACE inhibitors, ARBs and mineralocorticoid receptor
// antagonists. KDIGO 2024 CKD guideline (practice points 3.6.x: check potassium after starting or changing
// RAS blockade; manage hyperkalaemia) and 2022 AHA/ACC/HFSA heart failure guideline (MRA: hold or reduce if
// potassium > 5.5 mmol/L). Potassium ≥ 6.0 mmol/L is a critical value that needs same-day action.
import { POTASSIUM_CODES } from '../../terminology/lab-codes.ts';
import {
  ACE_INHIBITORS,
  ANGIOTENSIN_RECEPTOR_BLOCKERS,
  MINERALOCORTICOID_ANTAGONISTS,
} from '../../terminology/medication-codes.ts';
import { fired, guideline, insufficient, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { describePoint, formatPoint, listInWords } from './rule-text.ts';
import { latestPlausible, medicationsWith, type RuleView } from './rule-view.ts';

export const POTASSIUM_HIGH_MMOL_L = 5.5;
export const POTASSIUM_CRITICAL_MMOL_L = 6.0;
const RECENT_DAYS = 365;

export const RAAS_INGREDIENTS: ReadonlySet<string> = new Set([
  ...ACE_INHIBITORS,
  ...ANGIOTENSIN_RECEPTOR_BLOCKERS,
  ...MINERALOCORTICOID_ANTAGONISTS,
]);

export function latestPotassium(view: RuleView): ReturnType<typeof latestPlausible> {
  return latestPlausible(
    view.points(POTASSIUM_CODES).filter((point) => point.unit === 'mmol/L'),
    RECENT_DAYS,
  );
}

export const hyperkalaemiaRaasRule: Rule = {
  id: 'hyperkalaemia-raas',
  source: guideline('KDIGO CKD', 2024),
  evaluate(view) {
    const rule = hyperkalaemiaRaasRule;
    const drugs = medicationsWith(view, RAAS_INGREDIENTS);
    if (drugs.length === 0) return NOTHING;
    const potassium = latestPotassium(view);
    if (potassium === undefined)
      return insufficient(rule.id, 'on an ACE inhibitor, ARB or MRA with no potassium in the last 12 months');
    if (potassium.value <= POTASSIUM_HIGH_MMOL_L) return NOTHING;
    const critical = potassium.value >= POTASSIUM_CRITICAL_MMOL_L;
    return fired(
      ruleFinding({
        rule,
        qualifier: critical ? 'critical' : 'high',
        title: `Potassium ${formatPoint(potassium)} on ${drugs.length === 1 ? 'an ACE inhibitor/ARB/MRA' : 'ACE inhibitor/ARB/MRA drugs'}`,
        category: 'medication-safety',
        urgency: critical ? 'urgent' : 'soon',
        rationale: `The latest potassium is ${describePoint(potassium)} while ${listInWords(drugs.map((drug) => drug.name))} ${drugs.length === 1 ? 'is' : 'are'} active.`,
        recommendedAction: critical
          ? 'Treat as a critical value today: repeat potassium with an ECG, hold the MRA and review the ACE inhibitor/ARB (potassium 6.0 mmol/L or more).'
          : 'Repeat potassium; review diet, potassium-raising drugs and the MRA dose; consider a potassium binder to keep RAS blockade (KDIGO 2024; AHA/ACC/HFSA 2022: potassium above 5.5 mmol/L).',
        evidence: [potassium.source, ...drugs.map((drug) => drug.source)],
      }),
    );
  },
};
