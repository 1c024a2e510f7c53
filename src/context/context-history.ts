// Procedures, immunizations, reports and family history in the clinical context: repeated items collapsed into
// one line with a count and the last time.
import type { FamilyMemberHistory, Procedure } from 'fhir/r4';
import type { PatientRecord } from '../record/patient-record.ts';
import { SYSTEM_CVX } from '../terminology/code-systems.ts';
import { FAMILY_RELATIONSHIP_LABELS } from '../terminology/hl7-v3-codes.ts';
import {
  conceptCode,
  conceptCodings,
  conceptDisplayText,
  conceptKeys,
  conceptLabel,
} from './fhir-concepts.ts';
import { sourceOf } from './observation-series.ts';
import { daysBefore, parseFhirDateTimeMs } from './relative-time.ts';
import {
  isWithheldBySensitivity,
  sensitiveCategoriesOfConcept,
  type SensitiveCategory,
} from './sensitive-categories.ts';
import type { FamilyHistoryItem, ImmunizationItem, ProcedureItem, ReportItem } from './clinical-context.ts';
import { statusCode } from './record-status.ts';
import {
  codeRefsOf,
  compareBySource,
  daysAgoOf,
  freeText,
  sortRecentFirst,
  type BuildState,
} from './context-build-state.ts';

const DONE_PROCEDURE_STATUSES: ReadonlySet<string> = new Set(['completed', 'in-progress']);

/** HL7 v2-0074 diagnostic service sections that are laboratory panels: their results are in the lab series. */
const LAB_REPORT_CATEGORIES: ReadonlySet<string> = new Set(['LAB', 'CH', 'HM', 'CHEM', 'HEM', 'laboratory']);

export function procedureTimeMs(procedure: Procedure): number | undefined {
  return (
    parseFhirDateTimeMs(procedure.performedDateTime) ??
    parseFhirDateTimeMs(procedure.performedPeriod?.start) ??
    parseFhirDateTimeMs(procedure.performedPeriod?.end)
  );
}

/** Repeated items (the same procedure or vaccine) collapse into one line with a count and the last time. */
function collapseByCode<T extends { readonly id?: string | undefined; readonly resourceType: string }>(
  resources: readonly T[],
  keyOf: (resource: T) => string,
  timeOf: (resource: T) => number | undefined,
): { latest: T; latestMs: number; count: number; members: T[] }[] {
  const groups = new Map<string, { latest: T; latestMs: number; count: number; members: T[] }>();
  for (const resource of resources) {
    const timeMs = timeOf(resource);
    if (timeMs === undefined) continue;
    const key = keyOf(resource);
    const group = groups.get(key);
    if (group === undefined) {
      groups.set(key, { latest: resource, latestMs: timeMs, count: 1, members: [resource] });
      continue;
    }
    group.count += 1;
    group.members.push(resource);
    if (
      timeMs > group.latestMs ||
      (timeMs === group.latestMs && (resource.id ?? '') < (group.latest.id ?? ''))
    ) {
      group.latest = resource;
      group.latestMs = timeMs;
    }
  }
  return [...groups.values()];
}

export function buildProcedures(procedures: readonly Procedure[], state: BuildState): ProcedureItem[] {
  const done = procedures.filter((procedure) => DONE_PROCEDURE_STATUSES.has(procedure.status));
  const items = collapseByCode(
    done,
    (procedure) => conceptKeys(procedure.code)[0] ?? conceptLabel(procedure.code).toLowerCase(),
    procedureTimeMs,
  ).map((group) => ({
    name: state.scrub(conceptLabel(group.latest.code)),
    count: group.count,
    lastDaysAgo: daysBefore(state.referenceMs, group.latestMs),
    note: freeText(
      state,
      (group.latest.note ?? []).map((note) => note.text),
    ),
    source: sourceOf(group.latest),
    codes: codeRefsOf(group.latest.code),
  }));
  return sortRecentFirst(items, (item) => item.lastDaysAgo);
}

export function buildImmunizations(
  record: PatientRecord,
  state: BuildState,
  isWithheld: (resource: PatientRecord['immunizations'][number]) => boolean,
): ImmunizationItem[] {
  const given = record.immunizations.filter(
    (immunization) => immunization.status === 'completed' && !isWithheld(immunization),
  );
  const items = collapseByCode(
    given,
    (immunization) =>
      conceptCode(immunization.vaccineCode, SYSTEM_CVX) ??
      conceptKeys(immunization.vaccineCode)[0] ??
      conceptLabel(immunization.vaccineCode).toLowerCase(),
    (immunization) =>
      parseFhirDateTimeMs(immunization.occurrenceDateTime) ?? parseFhirDateTimeMs(immunization.recorded),
  ).map((group) => ({
    name: state.scrub(conceptLabel(group.latest.vaccineCode)),
    count: group.count,
    lastDaysAgo: daysBefore(state.referenceMs, group.latestMs),
    source: sourceOf(group.latest),
    codes: codeRefsOf(group.latest.vaccineCode),
  }));
  return sortRecentFirst(items, (item) => item.lastDaysAgo);
}

export function buildReports(
  record: PatientRecord,
  state: BuildState,
  isWithheld: (resource: PatientRecord['diagnosticReports'][number]) => boolean,
): ReportItem[] {
  const items = record.diagnosticReports
    .filter((report) => !isWithheld(report))
    .filter((report) => {
      const isLabPanel = (report.category ?? []).some((category) =>
        conceptCodings(category).some(
          (coding) => coding.code !== undefined && LAB_REPORT_CATEGORIES.has(coding.code),
        ),
      );
      // Laboratory panels are shown through their results; imaging, pathology and the like through their conclusions.
      return !isLabPanel || report.conclusion !== undefined || (report.conclusionCode ?? []).length > 0;
    })
    .map((report) => {
      const timeMs =
        parseFhirDateTimeMs(report.effectiveDateTime) ??
        parseFhirDateTimeMs(report.effectivePeriod?.start) ??
        parseFhirDateTimeMs(report.issued);
      const category = report.category?.[0];
      const categoryText =
        category === undefined ? undefined : (conceptDisplayText(category) ?? statusCode(category));
      return {
        name: state.scrub(conceptLabel(report.code)),
        category: categoryText === undefined ? undefined : state.scrub(categoryText),
        daysAgo: daysAgoOf(state, timeMs),
        conclusionCodes: (report.conclusionCode ?? []).flatMap((concept) => {
          const text = conceptDisplayText(concept);
          return text === undefined ? [] : [state.scrub(text)];
        }),
        conclusion: freeText(state, [report.conclusion]),
        conclusionWithheld:
          !state.includeFreeText && report.conclusion !== undefined && report.conclusion.trim() !== '',
        source: sourceOf(report),
        codes: codeRefsOf(report.code),
      };
    });
  return sortRecentFirst(items, (item) => item.daysAgo);
}

export function buildFamilyHistory(
  histories: readonly FamilyMemberHistory[],
  state: BuildState,
  included: ReadonlySet<SensitiveCategory>,
): FamilyHistoryItem[] {
  return histories
    .flatMap((history): FamilyHistoryItem[] => {
      const conditions = (history.condition ?? [])
        .filter(
          (condition) => !isWithheldBySensitivity(sensitiveCategoriesOfConcept(condition.code), included),
        )
        .map((condition) => ({
          name: state.scrub(conceptLabel(condition.code)),
          // Age at onset in years; FHIR Age uses UCUM `a` for years.
          onsetAgeYears:
            condition.onsetAge?.value !== undefined && (condition.onsetAge.code ?? 'a') === 'a'
              ? Math.floor(condition.onsetAge.value)
              : undefined,
        }));
      if (conditions.length === 0) return [];
      const code = statusCode(history.relationship);
      const relationship =
        (code === undefined ? undefined : FAMILY_RELATIONSHIP_LABELS[code]) ??
        conceptDisplayText(history.relationship) ??
        'relative';
      return [
        {
          relationship: state.scrub(relationship),
          conditions,
          note: freeText(state, [
            ...(history.note ?? []).map((note) => note.text),
            ...(history.condition ?? []).flatMap((condition) =>
              (condition.note ?? []).map((note) => note.text),
            ),
          ]),
          source: sourceOf(history),
        },
      ];
    })
    .sort((a, b) => a.relationship.localeCompare(b.relationship) || compareBySource(a, b));
}
