// What every rule is made of: an id, its guideline source, and a pure function from the RuleView to findings
// or "insufficient data". Rules never fill a gap with a default: when what they need is missing, they say so.
import type { SourceRef } from '../../context/context-types.ts';
import type { CitedScore, Finding, FindingSource, InsufficientData, NotRaised } from '../finding.ts';
import type { SuggestionCategory, SuggestionUrgency } from '../suggestion-schema.ts';
import type { RuleView } from './rule-view.ts';

export interface RuleOutcome {
  readonly findings: readonly Finding[];
  readonly insufficient: readonly InsufficientData[];
  /** Why a rule that applies was not raised (an exclusion), for the trace. */
  readonly notRaised: readonly NotRaised[];
}

export interface Rule {
  /** Stable: finding ids are this id, or this id and a qualifier (`metformin-egfr:stop`). */
  readonly id: string;
  readonly source: Extract<FindingSource, { kind: 'guideline' }>;
  readonly evaluate: (view: RuleView) => RuleOutcome;
}

export const NOTHING: RuleOutcome = { findings: [], insufficient: [], notRaised: [] };

export function guideline(name: string, year: number): Extract<FindingSource, { kind: 'guideline' }> {
  return { kind: 'guideline', guideline: name, year };
}

export function insufficient(ruleId: string, missing: string): RuleOutcome {
  return { findings: [], insufficient: [{ ruleId, missing }], notRaised: [] };
}

export function fired(...findings: Finding[]): RuleOutcome {
  return { findings, insufficient: [], notRaised: [] };
}

/** The rule applies but the patient is excluded: nothing raised, the reason kept for the trace. */
export function excluded(ruleId: string, exclusion: { reason: string; source: SourceRef }): RuleOutcome {
  return {
    findings: [],
    insufficient: [],
    notRaised: [{ ruleId, reason: exclusion.reason, evidence: [exclusion.source] }],
  };
}

export function combineOutcomes(outcomes: readonly RuleOutcome[]): RuleOutcome {
  return {
    findings: outcomes.flatMap((outcome) => outcome.findings),
    insufficient: outcomes.flatMap((outcome) => outcome.insufficient),
    notRaised: outcomes.flatMap((outcome) => outcome.notRaised),
  };
}

export interface RuleFindingInit {
  readonly rule: Rule;
  /** Added to the rule id after a colon when one rule can say more than one thing. */
  readonly qualifier?: string;
  readonly title: string;
  readonly category: SuggestionCategory;
  readonly urgency: SuggestionUrgency;
  readonly rationale: string;
  readonly recommendedAction: string;
  /** The resources the finding rests on, most important first; undefined entries and repeats are dropped. */
  readonly evidence: readonly (SourceRef | undefined)[];
  /** The scores the finding was decided on; their values may be stated in the title and rationale. */
  readonly scores?: readonly CitedScore[];
}

export function ruleFinding(init: RuleFindingInit): Finding {
  const seen = new Set<string>();
  const evidence = init.evidence.filter((source): source is SourceRef => {
    if (source === undefined || source.id === '') return false;
    const key = `${source.resourceType}/${source.id}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return {
    id: init.qualifier === undefined ? init.rule.id : `${init.rule.id}:${init.qualifier}`,
    origin: 'rules',
    title: init.title,
    category: init.category,
    urgency: init.urgency,
    rationale: init.rationale,
    recommendedAction: init.recommendedAction,
    evidence,
    source: init.rule.source,
    ...(init.scores === undefined ? {} : { scores: init.scores }),
  };
}
