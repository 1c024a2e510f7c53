// Metformin and kidney function. FDA Drug Safety Communication (2016) and label: contraindicated below eGFR 30;
// starting it at eGFR 30–45 is not recommended; if eGFR falls below 45 while on it, assess benefit and risk.
// KDIGO 2022 Diabetes in CKD (Rec 4.1.1, practice points 4.1.3–4.1.5): continue at eGFR ≥ 30, halve the
// dose (max 1000 mg/day) at 30–44, stop below 30; monitor eGFR at least yearly, more often below 60.
import { METFORMIN } from '../../terminology/medication-codes.ts';
import { fired, guideline, insufficient, NOTHING, ruleFinding, type Rule } from './rule-kit.ts';
import { creatinineCaveat, recentEgfr } from './kidney-rules.ts';
import { describePoint, formatPoint } from './rule-text.ts';
import { medicationsWith } from './rule-view.ts';

/** mL/min/1.73 m². */
export const METFORMIN_STOP_BELOW_EGFR = 30;
export const METFORMIN_REVIEW_BELOW_EGFR = 45;

export const metforminEgfrRule: Rule = {
  id: 'metformin-egfr',
  source: guideline('KDIGO Diabetes in CKD', 2022),
  evaluate(view) {
    const rule = metforminEgfrRule;
    const metformin = medicationsWith(view, new Set([METFORMIN]))[0];
    if (metformin === undefined) return NOTHING;
    const egfr = recentEgfr(view);
    if (egfr === undefined) return insufficient(rule.id, 'on metformin with no eGFR in the last 12 months');
    if (egfr.value >= METFORMIN_REVIEW_BELOW_EGFR) return NOTHING;
    const caveat = creatinineCaveat(view, egfr);
    const stop = egfr.value < METFORMIN_STOP_BELOW_EGFR;
    return fired(
      ruleFinding({
        rule,
        qualifier: stop ? 'stop' : 'review',
        title: stop
          ? `Metformin with eGFR ${formatPoint(egfr)}: stop`
          : `Metformin with eGFR ${formatPoint(egfr)}: review dose, do not start`,
        category: 'medication-safety',
        urgency: stop ? 'urgent' : 'soon',
        rationale: `${metformin.name} is active and the latest eGFR is ${describePoint(egfr)}.${caveat.text}`,
        recommendedAction: stop
          ? 'Stop metformin: contraindicated below eGFR 30 (FDA 2016; KDIGO 2022). Review glucose-lowering therapy.'
          : 'Do not start metformin at eGFR 30–45; if continuing, assess benefit and risk, limit the dose to 1000 mg/day and check eGFR every 3–6 months (FDA 2016; KDIGO 2022).',
        evidence: [metformin.source, egfr.source, caveat.source],
      }),
    );
  },
};
