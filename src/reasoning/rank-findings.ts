// Few and ranked: what the clinician sees first, and how a model suggestion that says what a rule already said
// is folded into the rule's finding.
//
// Rank: urgency (urgent > soon > routine), then strength of evidence — the number of cited resources, then how
// recent the most recent of them is (when the caller can tell) — then the id, so the order never depends on
// the order findings arrived in.
import { sourceKey, type SourceRef } from '../context/context-types.ts';
import type { Finding } from './finding.ts';
import { MAX_SUGGESTIONS, type SuggestionUrgency } from './suggestion-schema.ts';

export const URGENCY_RANK: Readonly<Record<SuggestionUrgency, number>> = { urgent: 0, soon: 1, routine: 2 };

export interface RankOptions {
  /** Days before the date seen of a cited resource, if known: the more recent evidence ranks first. */
  readonly evidenceDaysAgo?: (source: SourceRef) => number | undefined;
  /** How many are shown first (default MAX_SUGGESTIONS). */
  readonly shownCount?: number;
}

export interface RankedFindings {
  /** Shown first, at most `shownCount`. */
  readonly shown: Finding[];
  /** The rest, in rank order, behind "more". */
  readonly more: Finding[];
}

function mostRecentDaysAgo(finding: Finding, options: RankOptions): number {
  const days = finding.evidence.flatMap((source) => {
    const value = options.evidenceDaysAgo?.(source);
    return value === undefined ? [] : [value];
  });
  return days.length === 0 ? Number.MAX_SAFE_INTEGER : Math.min(...days);
}

export function compareFindings(a: Finding, b: Finding, options: RankOptions = {}): number {
  return (
    URGENCY_RANK[a.urgency] - URGENCY_RANK[b.urgency] ||
    b.evidence.length - a.evidence.length ||
    mostRecentDaysAgo(a, options) - mostRecentDaysAgo(b, options) ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

export function rankFindings(findings: readonly Finding[], options: RankOptions = {}): RankedFindings {
  const sorted = [...findings].sort((a, b) => compareFindings(a, b, options));
  const count = options.shownCount ?? MAX_SUGGESTIONS;
  return { shown: sorted.slice(0, count), more: sorted.slice(count) };
}

export interface ModelAgreement {
  /** The rule finding the model suggestion was folded into. */
  readonly findingId: string;
  /** The id the model suggestion would have had on its own. */
  readonly modelFindingId: string;
  readonly deployment: string;
}

export interface MergedFindings {
  readonly findings: Finding[];
  readonly agreements: ModelAgreement[];
}

/** A sentence appended to a rule finding's rationale when a model suggestion said the same. */
export const MODEL_AGREEMENT_NOTE = 'A model suggestion raised the same point.';

/**
 * The resources a finding is about. The Patient resource is left out: many findings cite it for the age alone,
 * and sharing it says nothing about two findings making the same point.
 */
function subjectsOf(finding: Finding): SourceRef[] {
  return finding.evidence.filter((source) => source.resourceType !== 'Patient');
}

function keysOf(finding: Finding): Set<string> {
  return new Set(subjectsOf(finding).map(sourceKey));
}

/**
 * Whether a model suggestion repeats a rule finding: the same category and at least one cited resource in
 * common, or the same target resource (the first one each cites, the Patient aside: the drug, the result or the
 * problem the point is about).
 */
export function isDuplicateOf(model: Finding, rule: Finding): boolean {
  const ruleKeys = keysOf(rule);
  const overlap = subjectsOf(model).some((source) => ruleKeys.has(sourceKey(source)));
  const ruleTarget = subjectsOf(rule)[0];
  const modelTarget = subjectsOf(model)[0];
  const sameTarget =
    ruleTarget !== undefined && modelTarget !== undefined && sourceKey(ruleTarget) === sourceKey(modelTarget);
  return (model.category === rule.category && overlap) || sameTarget;
}

/**
 * Rule findings with the model's findings folded in. A model finding that repeats a rule finding (see
 * isDuplicateOf; the one it shares most resources with, first in order on a tie) is merged into it: the rule's
 * id, urgency, evidence and guideline source are kept, and the agreement is noted in the rationale and in
 * `agreements`. Other model findings follow, once each by id.
 */
export function mergeModelFindings(
  ruleFindings: readonly Finding[],
  modelFindings: readonly Finding[],
): MergedFindings {
  const merged = ruleFindings.map((finding) => ({ finding, agreed: false }));
  const agreements: ModelAgreement[] = [];
  const extra: Finding[] = [];
  const seenModelIds = new Set<string>();
  for (const model of modelFindings) {
    if (seenModelIds.has(model.id)) continue;
    seenModelIds.add(model.id);
    const modelKeys = keysOf(model);
    let best: { index: number; shared: number } | undefined;
    merged.forEach((entry, index) => {
      if (!isDuplicateOf(model, entry.finding)) return;
      const shared = entry.finding.evidence.filter((source) => modelKeys.has(sourceKey(source))).length;
      if (best === undefined || shared > best.shared) best = { index, shared };
    });
    const target = best === undefined ? undefined : merged[best.index];
    if (target === undefined) {
      extra.push(model);
      continue;
    }
    agreements.push({
      findingId: target.finding.id,
      modelFindingId: model.id,
      deployment: model.source.kind === 'model' ? model.source.deployment : '',
    });
    if (!target.agreed) {
      target.agreed = true;
      target.finding = {
        ...target.finding,
        rationale: `${target.finding.rationale} ${MODEL_AGREEMENT_NOTE}`,
      };
    }
  }
  return { findings: [...merged.map((entry) => entry.finding), ...extra], agreements };
}
