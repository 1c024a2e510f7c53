// The patients a care-gap prompt is wrong for, as the CMS measures define them (shared libraries Hospice,
// PalliativeCare, AdvancedIllnessandFrailtyExclusion; HEDIS ages) and the guidelines agree: people in hospice or
// palliative care, frail older adults with an advanced illness, and older adults living in long-term care. Each
// check gives the reason a rule was not raised ("hospice care: discharged for hospice care 4 months ago") and the
// resource it rests on, or undefined.
//
// Each check runs once per view: every screening and diabetes rule asks the same patient the same question.
// Windows are counted back from the date seen, as a measure counts its year back from the period's end: the last
// 12 months for hospice, palliative care, frailty and long-term care, 2 years for advanced illness and dementia
// drugs. Hospice orders (ServiceRequest) and frailty devices ordered (DeviceRequest) are not read: the record
// loader does not load those types.
import type { ClinicalEvent } from '../../context/context-events.ts';
import type { SourceRef } from '../../context/context-types.ts';
import {
  INPATIENT_ENCOUNTER,
  ADVANCED_ILLNESS,
  DEMENTIA_MEDICATIONS,
  DISCHARGED_FOR_HOSPICE_CARE,
  FRAILTY,
  HOSPICE_CARE,
  LONG_TERM_CARE_ENCOUNTER,
  PALLIATIVE_CARE,
} from '../../terminology/clinical-concepts.ts';
import { anyCodingInConcept } from '../../terminology/value-set.ts';
import {
  conditionWithin,
  endDaysAgoOf,
  eventsIn,
  isDone,
  isRecordedCondition,
  overlapsWindow,
  yearsInDays,
} from './rule-events.ts';
import { formatAgo } from './rule-text.ts';
import { oncePerView, type RuleView } from './rule-view.ts';

export interface Exclusion {
  /** Why, in a phrase: "hospice care: discharged for hospice care 4 months ago". */
  readonly reason: string;
  readonly source: SourceRef;
}

/** HEDIS and CMS: the frailty and long-term-care exclusions apply from 66 (65 at the start of the year). */
export const FRAILTY_EXCLUSION_MIN_AGE = 66;
export const LONG_TERM_CARE_MIN_DAYS = 90;

function when(event: ClinicalEvent): string {
  const days = endDaysAgoOf(event);
  return days === undefined ? 'undated' : formatAgo(days);
}

function exclusionOf(label: string, event: ClinicalEvent | undefined): Exclusion | undefined {
  return event === undefined
    ? undefined
    : { reason: `${label}: ${event.name.toLowerCase()} ${when(event)}`, source: event.source };
}

/** Hospice care in the last year: a discharge for hospice care, or hospice care given. */
export function hospiceCare(view: RuleView): Exclusion | undefined {
  const year = yearsInDays(view, 1);
  const discharge = view.events.find(
    (event) =>
      event.source.resourceType === 'Encounter' &&
      isDone(event) &&
      anyCodingInConcept(event.dischargeDisposition, DISCHARGED_FOR_HOSPICE_CARE) &&
      overlapsWindow(event, year),
  );
  if (discharge !== undefined)
    return {
      reason: `hospice care: discharged for hospice care ${when(discharge)}`,
      source: discharge.source,
    };
  return exclusionOf(
    'hospice care',
    eventsIn(view, HOSPICE_CARE, ['Procedure', 'Encounter']).find(
      (event) => isDone(event) && overlapsWindow(event, year),
    ),
  );
}

/** Palliative care in the last year: a palliative care encounter, intervention, diagnosis code or assessment. */
export function palliativeCare(view: RuleView): Exclusion | undefined {
  const year = yearsInDays(view, 1);
  return exclusionOf(
    'palliative care',
    eventsIn(view, PALLIATIVE_CARE).find((event) =>
      event.source.resourceType === 'Condition'
        ? conditionWithin(event, year)
        : (isDone(event) || (event.source.resourceType === 'Procedure' && event.status === 'in-progress')) &&
          overlapsWindow(event, year),
    ),
  );
}

/** Hospice, then palliative care. */
export const endOfLifeCare = oncePerView(endOfLifeCareOf);

function endOfLifeCareOf(view: RuleView): Exclusion | undefined {
  return hospiceCare(view) ?? palliativeCare(view);
}

function frailtyIndicator(view: RuleView): ClinicalEvent | undefined {
  const year = yearsInDays(view, 1);
  return eventsIn(view, FRAILTY).find((event) =>
    event.source.resourceType === 'Condition'
      ? conditionWithin(event, year)
      : (isDone(event) || event.status === 'preliminary') && overlapsWindow(event, year),
  );
}

/**
 * Advanced illness, as the measures count it: diagnosed at one inpatient stay or on two dates of other visits in
 * the last 2 years (the encounter names the Condition, or gives the diagnosis as its reason), or a dementia drug
 * ordered in the last 2 years.
 */
function advancedIllnessIndicator(view: RuleView): ClinicalEvent | undefined {
  const twoYears = yearsInDays(view, 2);
  const advancedConditions = new Set(
    eventsIn(view, ADVANCED_ILLNESS, ['Condition'])
      .filter(isRecordedCondition)
      .map((event) => `Condition/${event.source.id}`),
  );
  const visits = view.events.filter(
    (event) =>
      event.source.resourceType === 'Encounter' &&
      isDone(event) &&
      event.startDaysAgo !== undefined &&
      event.startDaysAgo < twoYears &&
      (event.diagnosisRefs.some((reference) => advancedConditions.has(reference)) ||
        anyCodingInConcept(event.reasonCodes, ADVANCED_ILLNESS)),
  );
  const inpatient = visits.find(
    (visit) => visit.encounterClass === 'IMP' || anyCodingInConcept(visit.codes, INPATIENT_ENCOUNTER),
  );
  if (inpatient !== undefined) return inpatient;
  const dates = new Set(visits.map((visit) => endDaysAgoOf(visit)));
  if (dates.size >= 2) return visits[0];
  return eventsIn(view, DEMENTIA_MEDICATIONS, ['MedicationRequest', 'MedicationStatement']).find(
    // As the measure library reads them: an active order (a statement has no intent), in the last 2 years.
    (event) =>
      event.status === 'active' &&
      (event.source.resourceType === 'MedicationStatement' || event.intent === 'order') &&
      (event.startDaysAgo === undefined || event.startDaysAgo < twoYears),
  );
}

/** 66 or older, frail (in the last year) and with an advanced illness (in the last 2 years). */
export const frailtyWithAdvancedIllness = oncePerView(frailtyWithAdvancedIllnessOf);

function frailtyWithAdvancedIllnessOf(view: RuleView): Exclusion | undefined {
  if (view.ageYears === undefined || view.ageYears < FRAILTY_EXCLUSION_MIN_AGE) return undefined;
  const frailty = frailtyIndicator(view);
  if (frailty === undefined) return undefined;
  const illness = advancedIllnessIndicator(view);
  if (illness === undefined) return undefined;
  return {
    reason: `frailty (${frailty.name.toLowerCase()} ${when(frailty)}) with advanced illness (${illness.name.toLowerCase()} ${when(illness)}) at ${view.ageYears}`,
    source: frailty.source,
  };
}

/**
 * 66 or older and in long-term care for more than 90 days in a row in the last year: long-term residential care
 * and nursing-facility visits, joined when one ends within a day of the next starting.
 */
export const longTermCare = oncePerView(longTermCareOf);

function longTermCareOf(view: RuleView): Exclusion | undefined {
  if (view.ageYears === undefined || view.ageYears < FRAILTY_EXCLUSION_MIN_AGE) return undefined;
  const year = yearsInDays(view, 1);
  // Spans as [start, end] in days before the date seen, clipped to the last year, earliest start first.
  const spans = eventsIn(view, LONG_TERM_CARE_ENCOUNTER, ['Encounter'])
    .filter((event) => isDone(event) && event.startDaysAgo !== undefined && overlapsWindow(event, year))
    .map((event) => ({
      start: Math.min(event.startDaysAgo ?? 0, year),
      end: Math.max(endDaysAgoOf(event) ?? 0, 0),
      event,
    }))
    .sort((a, b) => b.start - a.start);
  let longest: { days: number; event: ClinicalEvent } | undefined;
  let current: { start: number; end: number; event: ClinicalEvent } | undefined;
  for (const span of spans) {
    if (current !== undefined && span.start >= current.end - 1)
      current = { ...current, end: Math.min(current.end, span.end) };
    else current = span;
    const days = current.start - current.end;
    if (longest === undefined || days > longest.days) longest = { days, event: current.event };
  }
  if (longest === undefined || longest.days <= LONG_TERM_CARE_MIN_DAYS) return undefined;
  return {
    reason: `long-term care for ${longest.days} days in a row in the last year, at ${view.ageYears}`,
    source: longest.event.source,
  };
}
