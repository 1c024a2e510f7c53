// The problem list of the clinical context: active problems (with their codes, onset age and time since) and the
// resolved ones worth knowing.
import type { Condition } from 'fhir/r4';
import { conceptKeys, conceptLabel } from './fhir-concepts.ts';
import { sourceOf } from './observation-series.ts';
import { parseFhirDateTimeMs } from './relative-time.ts';
import type { ProblemItem, ResolvedProblemItem } from './clinical-context.ts';
import { REFUTED, isActiveCondition, statusCode } from './record-status.ts';
import {
  ageAt,
  codeRefsOf,
  daysAgoOf,
  freeText,
  sortRecentFirst,
  type BuildState,
} from './context-build-state.ts';

/** A problem's identity across Conditions: its first code, else its name. */
function problemKey(condition: Condition): string {
  return conceptKeys(condition.code)[0] ?? conceptLabel(condition.code).toLowerCase();
}

function conditionOnsetMs(condition: Condition): { ms: number | undefined; isRecordedDate: boolean } {
  const onset =
    parseFhirDateTimeMs(condition.onsetDateTime) ?? parseFhirDateTimeMs(condition.onsetPeriod?.start);
  if (onset !== undefined) return { ms: onset, isRecordedDate: false };
  return { ms: parseFhirDateTimeMs(condition.recordedDate), isRecordedDate: true };
}

export function buildProblems(
  conditions: readonly Condition[],
  state: BuildState,
): { active: ProblemItem[]; resolved: ResolvedProblemItem[] } {
  const activeGroups = new Map<string, Condition[]>();
  const resolvedGroups = new Map<string, Condition[]>();
  for (const condition of conditions) {
    if (statusCode(condition.verificationStatus) === REFUTED) continue;
    const groups = isActiveCondition(condition) ? activeGroups : resolvedGroups;
    const key = problemKey(condition);
    groups.set(key, [...(groups.get(key) ?? []), condition]);
  }
  const onsetOf = (condition: Condition): number => conditionOnsetMs(condition).ms ?? Number.MAX_SAFE_INTEGER;
  const byOnset = (a: Condition, b: Condition): number =>
    onsetOf(a) - onsetOf(b) || (a.id ?? '').localeCompare(b.id ?? '');

  const active = [...activeGroups.values()].map((group): ProblemItem => {
    const sorted = [...group].sort(byOnset);
    const first = sorted[0] ?? group[0];
    if (first === undefined) throw new Error('a problem group is never empty');
    const onset = conditionOnsetMs(first);
    const verification = statusCode(first.verificationStatus);
    return {
      name: state.scrub(conceptLabel(first.code)),
      onsetAgeYears: ageAt(state, onset.ms),
      onsetDaysAgo: daysAgoOf(state, onset.ms),
      onsetIsRecordedDate: onset.isRecordedDate,
      status: statusCode(first.clinicalStatus),
      verification: verification === undefined || verification === 'confirmed' ? undefined : verification,
      occurrences: group.length,
      note: freeText(
        state,
        sorted.flatMap((condition) => (condition.note ?? []).map((note) => note.text)),
      ),
      source: sourceOf(first),
      codes: codeRefsOf(first.code),
    };
  });

  const resolved = [...resolvedGroups.values()].map((group): ResolvedProblemItem => {
    const sorted = [...group].sort(byOnset);
    const first = sorted[0];
    const last = sorted[sorted.length - 1];
    if (first === undefined || last === undefined) throw new Error('a problem group is never empty');
    const lastEndMs =
      parseFhirDateTimeMs(last.abatementDateTime) ??
      parseFhirDateTimeMs(last.abatementPeriod?.end) ??
      conditionOnsetMs(last).ms;
    return {
      name: state.scrub(conceptLabel(last.code)),
      occurrences: group.length,
      firstOnsetAgeYears: ageAt(state, conditionOnsetMs(first).ms),
      lastOnsetAgeYears: ageAt(state, conditionOnsetMs(last).ms),
      lastDaysAgo: daysAgoOf(state, lastEndMs),
      source: sourceOf(last),
      codes: codeRefsOf(last.code),
    };
  });

  return {
    active: sortRecentFirst(active, (item) => item.onsetDaysAgo),
    resolved: sortRecentFirst(resolved, (item) => item.lastDaysAgo),
  };
}
