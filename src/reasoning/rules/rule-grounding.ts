// Rule findings are held to the model's grounding discipline: every number in a title or rationale must be
// stated by a resource the finding cites. The cited resources' facts are written as fact lines (values as the
// context writes them, times as `-156d` / `-2.7y` before the date seen) and the finding is run through the very
// check model suggestions go through (groundSuggestion). Thresholds therefore live in the recommended action,
// never in the rationale. Used by the tests over every fixture; cheap enough to run anywhere.
import type { ClinicalContext } from '../../context/clinical-context.ts';
import { sourceKey, type SourceRef } from '../../context/context-types.ts';
import { formatRelativeDays } from '../../context/relative-time.ts';
import type { Finding } from '../finding.ts';
import { buildFactIndex, groundSuggestion, type DroppedSuggestion } from '../grounding.ts';
import { formatBloodPressure, formatQuantity } from './rule-text.ts';
import { buildRuleView, type RuleView } from './rule-view.ts';

const FACT_ALIAS_PREFIX = 'Q';

/** Every fact line the context holds about one resource, as of the date seen. */
export function ruleFactLines(context: ClinicalContext, view: RuleView, source: SourceRef): string[] {
  const key = sourceKey(source);
  const matches = (candidate: SourceRef | undefined): boolean =>
    candidate !== undefined && sourceKey(candidate) === key;
  const when = (days: number | undefined): string =>
    days === undefined ? '' : ` ${formatRelativeDays(days)}`;
  const lines: string[] = [];
  if (matches(view.patient))
    lines.push(
      `Patient ${view.ageYears === undefined ? 'age unknown' : `${view.ageYears}y`} ${view.sex ?? ''}`.trimEnd(),
    );
  const offset = context.timeReference === 'death' ? (context.demographics.deceased?.daysBeforeNow ?? 0) : 0;
  for (const series of [...context.labs, ...context.vitals, ...context.otherObservations]) {
    for (const point of series.points)
      if (matches(point.source))
        lines.push(
          `${series.name} ${formatQuantity(point.value, point.unit)}${when(point.daysAgo + offset)}`,
        );
    if (series.latest.value.kind === 'coded' && matches(series.latest.source))
      lines.push(`${series.name}: ${series.latest.value.text}${when(series.latest.daysAgo + offset)}`);
  }
  for (const reading of view.bloodPressure)
    if (matches(reading.source)) lines.push(`BP ${formatBloodPressure(reading)}${when(reading.daysAgo)}`);
  if (view.smoking !== undefined && matches(view.smoking.source))
    lines.push(`Smoking: ${view.smoking.text}${when(view.smoking.daysAgo)}`);
  for (const problem of [...view.problems, ...view.resolvedProblems])
    if (matches(problem.source)) lines.push(`${problem.name}${when(problem.onsetDaysAgo)}`);
  for (const medication of view.medications)
    if (matches(medication.source))
      lines.push(
        `${medication.name}${medication.dosage === undefined ? '' : `; ${medication.dosage}`}${when(medication.lastDaysAgo)}${medication.startDaysAgo === undefined ? '' : `, since${when(medication.startDaysAgo)}`}`,
      );
  for (const item of [...view.procedures, ...view.reports])
    if (matches(item.source))
      lines.push(`${item.name}${item.count > 1 ? ` x${item.count}, last` : ''}${when(item.lastDaysAgo)}`);
  // Events the summaries above do not hold (an encounter, a preliminary report, a resolved diagnosis's first
  // Condition): their name and time, which is what a rule citing them can state.
  if (lines.length === 0)
    for (const event of view.events)
      if (matches(event.source)) lines.push(`${event.name}${when(event.endDaysAgo ?? event.startDaysAgo)}`);
  for (const flag of context.flags)
    if (flag.kind === 'egfr-creatinine-mismatch' && matches(flag.creatinineSource))
      lines.push(`Creatinine ${formatQuantity(flag.creatinineMgDl, 'mg/dL')}`);
  return lines;
}

export type RuleGroundingResult =
  { readonly ok: true } | { readonly ok: false; readonly dropped: DroppedSuggestion };

/** Checks a rule finding's title and rationale against the facts of the resources it cites. */
export function checkRuleFindingGrounded(finding: Finding, context: ClinicalContext): RuleGroundingResult {
  const view = buildRuleView(context);
  const aliases = finding.evidence.map((_, index) => `${FACT_ALIAS_PREFIX}${index + 1}`);
  // A score the finding was decided on is a fact about the patient it cites: computed from the record, stated
  // with its source on the card.
  const scoreLines = (finding.scores ?? []).map(
    (score) => `${score.label} ${String(score.value)} ${score.unit}`,
  );
  const text = finding.evidence
    .flatMap((source, index) =>
      [
        ...ruleFactLines(context, view, source),
        ...(view.patient !== undefined && sourceKey(source) === sourceKey(view.patient) ? scoreLines : []),
      ].map((line) => `${aliases[index] ?? ''} ${line}`),
    )
    .join('\n');
  const result = groundSuggestion(
    {
      title: finding.title,
      category: finding.category,
      urgency: finding.urgency,
      rationale: finding.rationale,
      // Actions carry guideline thresholds and intervals, which no record states: they are not checked here.
      recommendedAction: 'See the guideline.',
      evidence: aliases,
      quotedFacts: [],
    },
    0,
    buildFactIndex({ text, aliases }),
  );
  return result.ok ? { ok: true } : { ok: false, dropped: result.dropped };
}
