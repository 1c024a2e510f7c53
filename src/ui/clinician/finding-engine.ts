// The reasoning the clinician view runs in the browser, in one place: the guideline findings from the one
// findings pipeline (src/reasoning/findings-pipeline.ts, which `chartside suggest` calls too, so the clinician
// and an auditor see the same findings from the same record), model suggestions turned into findings and folded
// into the rule findings they repeat, and the ranking of both (at most five shown first).
import type { ClinicalContext } from '../../context/clinical-context.ts';
import type { PatientRecord } from '../../record/patient-record.ts';
import type { Finding } from '../../reasoning/finding.ts';
import {
  computeGuidelineFindings,
  rankFindingsSeen,
  sensitivityPolicyOf,
  type GuidelineFindings,
} from '../../reasoning/findings-pipeline.ts';
import { modelSuggestionToFinding } from '../../reasoning/model-finding.ts';
import { mergeModelFindings, type RankedFindings } from '../../reasoning/rank-findings.ts';
import type { ModelSuggestion } from '../../reasoning/suggestion-schema.ts';

export type { RankedFindings } from '../../reasoning/rank-findings.ts';

export interface GuidelineResult {
  readonly findings: readonly Finding[];
  /** Findings the rules would have raised but did not, because the record shows the patient has died. */
  readonly suppressedAfterDeath: number;
  /** The record shows the patient had died by the date seen: the model is not asked either. */
  readonly deceased: boolean;
  /** The pipeline's whole answer: ranking inputs and which cited resources the policy withholds. */
  readonly pipeline: GuidelineFindings;
}

/**
 * The guideline findings for the record as loaded, at the date the context was built for (`context.nowMs`),
 * with the sensitivity policy the model's context was built with (`context.policy`): the rules read the whole
 * record; the policy decides only how sensitive evidence is shown.
 */
export function evaluateGuidelineRules(record: PatientRecord, context: ClinicalContext): GuidelineResult {
  const pipeline = computeGuidelineFindings({
    record,
    sensitivity: sensitivityPolicyOf(context),
    nowMs: context.nowMs,
  });
  return {
    findings: pipeline.findings,
    // The only reason a rule finding is suppressed is a death recorded by the date seen.
    suppressedAfterDeath: pipeline.suppressed.length,
    deceased: pipeline.deceased,
    pipeline,
  };
}

/** Findings ranked for display, as `chartside suggest` ranks them; more recent evidence ranks first among equals. */
export function rankAll(findings: readonly Finding[], guidelines: GuidelineResult): RankedFindings {
  return rankFindingsSeen(guidelines.pipeline, findings);
}

export interface ViewSuggestions {
  readonly ranked: RankedFindings;
  /** Dismissed or snoozed by the clinician: behind a toggle. */
  readonly hidden: readonly Finding[];
}

/**
 * What the Suggestions panel shows: the rule findings with the model's merged in, less those the clinician has
 * hidden, in rank order. Without model findings and hidden ones, exactly `chartside suggest --json`'s list.
 */
export function suggestionsForView(
  guidelines: GuidelineResult,
  modelFindings: readonly Finding[],
  isHidden: (finding: Finding) => boolean,
): ViewSuggestions {
  const all = mergeAll(guidelines.findings, modelFindings);
  const hidden = all.filter(isHidden);
  const shown = all.filter((finding) => !hidden.includes(finding));
  return { ranked: rankAll(shown, guidelines), hidden };
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
