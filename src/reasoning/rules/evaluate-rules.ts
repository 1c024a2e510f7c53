// Every guideline rule over one patient's ClinicalContext, as of the date seen. Pure: the same context and date
// give the same findings in the same order. A rule with too little data says so (`insufficient`) rather than
// assume a default. For a patient who has died by the date seen nothing is raised: care gaps and the
// safety of drugs a closed record still lists as active are moot, and so are the follow-up of a last result
// and a diagnosis to consider; those findings are returned as `suppressed`, for the record.
import type { ClinicalContext } from '../../context/clinical-context.ts';
import type { Finding, InsufficientData, NotRaised } from '../finding.ts';
import { abnormalNoRepeatRule } from './abnormal-no-repeat.ts';
import { afAnticoagulationRule } from './af-anticoagulation.ts';
import { bloodPressureGoalRule } from './blood-pressure-goal.ts';
import { DIABETES_RULES } from './diabetes-rules.ts';
import { digoxinElderlyRule } from './digoxin-elderly.ts';
import { drugInteractionsRule } from './drug-interactions.ts';
import { duplicateTherapyRule } from './duplicate-therapy.ts';
import { hyperkalaemiaRaasRule } from './hyperkalaemia-raas.ts';
import { KIDNEY_RULES } from './kidney-rules.ts';
import { metforminEgfrRule } from './metformin-egfr.ts';
import { nsaidKidneyRule } from './nsaid-kidney.ts';
import { qtRiskRule } from './qt-risk.ts';
import { renalDoseReviewRule } from './renal-dose-review.ts';
import type { Rule } from './rule-kit.ts';
import { buildRuleView, type RuleView } from './rule-view.ts';
import { statinIndicationRule } from './statin-indication.ts';
import { SCREENING_RULES } from './uspstf-screening.ts';
import { warfarinInrRule } from './warfarin-inr.ts';

export const RULES: readonly Rule[] = [
  ...KIDNEY_RULES,
  metforminEgfrRule,
  nsaidKidneyRule,
  renalDoseReviewRule,
  hyperkalaemiaRaasRule,
  ...DIABETES_RULES,
  statinIndicationRule,
  afAnticoagulationRule,
  bloodPressureGoalRule,
  qtRiskRule,
  duplicateTherapyRule,
  drugInteractionsRule,
  warfarinInrRule,
  digoxinElderlyRule,
  ...SCREENING_RULES,
  abnormalNoRepeatRule,
];

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly reason: 'deceased';
}

export interface RuleEvaluation {
  readonly findings: Finding[];
  readonly insufficient: InsufficientData[];
  /** Rules that apply but were not raised, with why (an exclusion: hospice care, a bilateral mastectomy). */
  readonly notRaised: NotRaised[];
  /** Findings not raised, with why (a patient who has died by the date seen). */
  readonly suppressed: SuppressedFinding[];
  /** The record shows the patient had died by the date seen (why `suppressed` holds every finding). */
  readonly deceasedAtNow: boolean;
}

export interface EvaluateRulesOptions {
  /** The rules to run (tests); all of RULES by default. */
  readonly rules?: readonly Rule[];
}

/** The rules over a context, judged at the date seen the context carries (`context.nowMs`). */
export function evaluateRules(context: ClinicalContext, options: EvaluateRulesOptions = {}): RuleEvaluation {
  return evaluateRuleView(buildRuleView(context), options);
}

/** The rules over a view already built (the findings pipeline builds one and reads it for more than the rules). */
export function evaluateRuleView(view: RuleView, options: EvaluateRulesOptions = {}): RuleEvaluation {
  if (!Number.isFinite(view.nowMs)) throw new Error('evaluateRules needs the date seen as finite epoch ms');
  const findings: Finding[] = [];
  const insufficient: InsufficientData[] = [];
  const notRaised: NotRaised[] = [];
  const seen = new Set<string>();
  for (const rule of options.rules ?? RULES) {
    const outcome = rule.evaluate(view);
    for (const finding of outcome.findings) {
      if (seen.has(finding.id)) continue;
      seen.add(finding.id);
      findings.push(finding);
    }
    insufficient.push(...outcome.insufficient);
    notRaised.push(...outcome.notRaised);
  }
  if (view.deceasedAtNow)
    return {
      findings: [],
      insufficient,
      notRaised,
      suppressed: findings.map((finding) => ({ finding, reason: 'deceased' })),
      deceasedAtNow: true,
    };
  return { findings, insufficient, notRaised, suppressed: [], deceasedAtNow: false };
}
