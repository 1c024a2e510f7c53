// The reasoning the clinician view runs in the browser, in one place: the guideline rules over the clinical
// context, model suggestions turned into findings and folded into the rule findings they repeat, and the
// ranking of both (at most five shown first).
import type { ClinicalContext } from '../../context/clinical-context.ts';
import type { Finding } from '../../reasoning/finding.ts';
import { modelSuggestionToFinding } from '../../reasoning/model-finding.ts';
import { mergeModelFindings, rankFindings, type RankedFindings } from '../../reasoning/rank-findings.ts';
import { evaluateRules } from '../../reasoning/rules/evaluate-rules.ts';
import type { ModelSuggestion } from '../../reasoning/suggestion-schema.ts';
import type { ResourceLookup } from '../evidence/describe-resource.ts';

export type { RankedFindings } from '../../reasoning/rank-findings.ts';

export interface GuidelineResult {
  readonly findings: readonly Finding[];
  /** Findings the rules would have raised but did not, because the record shows the patient has died. */
  readonly suppressedAfterDeath: number;
  /** The record shows the patient had died by the date seen: the model is not asked either. */
  readonly deceased: boolean;
}

export function evaluateGuidelineRules(context: ClinicalContext, nowMs: number): GuidelineResult {
  const evaluation = evaluateRules(context, { nowMs });
  return {
    findings: evaluation.findings,
    // The only reason a rule finding is suppressed is a death recorded by the date seen.
    suppressedAfterDeath: evaluation.suppressed.length,
    deceased: evaluation.deceasedAtNow,
  };
}

const MS_PER_DAY = 86_400_000;

/** Findings ranked for display; more recent evidence ranks first among equals. */
export function rankAll(findings: readonly Finding[], lookup: ResourceLookup, nowMs: number): RankedFindings {
  return rankFindings(findings, {
    evidenceDaysAgo: (source) => {
      const whenMs = lookup(source).whenMs;
      return whenMs === undefined ? undefined : Math.floor((nowMs - whenMs) / MS_PER_DAY);
    },
  });
}

/**
 * Rule findings with the model's folded in (a model suggestion that repeats a rule keeps the rule's id, so a
 * dismissal of either sticks): what decisions are applied to before ranking.
 */
export function mergeAll(ruleFindings: readonly Finding[], modelFindings: readonly Finding[]): Finding[] {
  return mergeModelFindings(ruleFindings, modelFindings).findings;
}

export function modelFinding(
  suggestion: ModelSuggestion,
  aliases: Readonly<Record<string, string>>,
  deployment: string,
): Finding {
  return modelSuggestionToFinding(suggestion, aliases, deployment);
}
