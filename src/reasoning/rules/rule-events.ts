// How rules read the record's events (context-events.ts) the way the CMS measures read resources: by concept
// (a value set over every code system), by status (a preliminary result or a stopped procedure does not count),
// and in calendar windows before the date seen ("10 years or less", "27 months").
import type { ClinicalEvent, ClinicalEventType } from '../../context/context-events.ts';
import { daysBefore } from '../../context/relative-time.ts';
import { anyCodingInConcept, type ClinicalConcept } from '../../terminology/value-set.ts';
import type { RuleView } from './rule-view.ts';

/** Results that count: final or amended (FHIR R4 ObservationStatus / DiagnosticReportStatus). */
const RESULT_STATUSES: ReadonlySet<string> = new Set(['final', 'amended', 'corrected', 'appended']);
const ACTIVE_CLINICAL_STATUSES: ReadonlySet<string> = new Set(['active', 'recurrence', 'relapse']);
const NOT_TRUE: ReadonlySet<string> = new Set(['refuted', 'entered-in-error']);

/** The view's events of the given types whose codes are in the concept. */
export function eventsIn(
  view: RuleView,
  concept: ClinicalConcept,
  types?: readonly ClinicalEventType[],
): ClinicalEvent[] {
  return view.events.filter(
    (event) =>
      (types === undefined || types.includes(event.source.resourceType)) &&
      anyCodingInConcept(event.codes, concept),
  );
}

/**
 * Days from the date seen back to the same calendar day `months` months earlier, the month's last day when it is
 * shorter (31 December less 27 months is 30 September, as CQL counts): the first day a window leaves out.
 */
export function monthsInDays(view: RuleView, months: number): number {
  const now = new Date(view.nowMs);
  const year = now.getUTCFullYear();
  const month = now.getUTCMonth() - months;
  const lastDayOfMonth = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return daysBefore(view.nowMs, Date.UTC(year, month, Math.min(now.getUTCDate(), lastDayOfMonth)));
}

export function yearsInDays(view: RuleView, years: number): number {
  return monthsInDays(view, years * 12);
}

/** Days before the date seen the event ended (a point in time: when it happened). */
export function endDaysAgoOf(event: ClinicalEvent): number | undefined {
  return event.endDaysAgo ?? event.startDaysAgo;
}

/** Ended within the window: `windowDays` days before the date seen is the first day left out. */
export function endedWithin(event: ClinicalEvent, windowDays: number): boolean {
  const end = endDaysAgoOf(event);
  return end !== undefined && end < windowDays;
}

/** Overlaps the window: started by the date seen (the view's events all have) and not ended before it. */
export function overlapsWindow(event: ClinicalEvent, windowDays: number): boolean {
  return event.endDaysAgo === undefined ? event.startDaysAgo !== undefined : event.endDaysAgo < windowDays;
}

/** A completed procedure, a finished encounter, a final result, an active or completed order. */
export function isDone(event: ClinicalEvent): boolean {
  switch (event.source.resourceType) {
    case 'Procedure':
      return event.status === 'completed';
    case 'Encounter':
      return event.status === 'finished';
    case 'Observation':
    case 'DiagnosticReport':
      return event.status !== undefined && RESULT_STATUSES.has(event.status);
    case 'MedicationRequest':
      return (event.status === 'active' || event.status === 'completed') && event.intent === 'order';
    case 'MedicationStatement':
      return event.status === 'active' || event.status === 'completed';
    case 'Immunization':
      return event.status === 'completed';
    case 'Condition':
    case 'AllergyIntolerance':
      return event.verification === undefined || !NOT_TRUE.has(event.verification);
  }
}

/** A laboratory result with a value: what the stool and cervical screening measures count (US Core Lab). */
export function isLaboratoryResult(event: ClinicalEvent): boolean {
  return (
    event.hasResult &&
    // By code alone, as the measures match it: EHRs put the HL7 code under their own systems too.
    event.categories.some((category) => category.code === 'laboratory')
  );
}

/**
 * A Condition recorded at any time up to the date seen, whatever its clinical status (a past mastectomy, a
 * resolved myocardial infarction): not refuted or entered in error.
 */
export function isRecordedCondition(event: ClinicalEvent): boolean {
  return event.source.resourceType === 'Condition' && isDone(event);
}

/**
 * A Condition present during the window: recorded, and either ongoing (active, recurrence, relapse, or no
 * clinical status at all, as many records have; not abated) or abated within the window.
 */
export function conditionWithin(event: ClinicalEvent, windowDays: number): boolean {
  if (!isRecordedCondition(event)) return false;
  if (event.abated) return event.endDaysAgo !== undefined && event.endDaysAgo < windowDays;
  return event.status === undefined || ACTIVE_CLINICAL_STATUSES.has(event.status);
}
