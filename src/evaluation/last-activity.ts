// "Now" for a patient of a cohort seen as of their own record: the day after their last activity. Synthea
// records end on different dates (and some in the past), so one calendar date for a whole cohort would see
// many patients years after their last visit. Pure.
import type { FhirResource } from 'fhir/r4';
import { listRecordResources, type PatientRecord } from '../record/patient-record.ts';

const DAY_MS = 86_400_000;

/** The YYYY-MM-DD dates a resource carries (the usual clinical date fields of R4; not meta.lastUpdated). */
function datesOf(resource: FhirResource): string[] {
  const record = resource as unknown as Record<string, unknown>;
  const dates: string[] = [];
  const add = (value: unknown): void => {
    if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value)) dates.push(value.slice(0, 10));
  };
  const addPeriod = (value: unknown): void => {
    if (typeof value === 'object' && value !== null) {
      const period = value as { start?: unknown; end?: unknown };
      add(period.start);
      add(period.end);
    }
  };
  for (const field of [
    'effectiveDateTime',
    'issued',
    'authoredOn',
    'onsetDateTime',
    'recordedDate',
    'performedDateTime',
    'occurrenceDateTime',
    'date',
    'created',
  ])
    add(record[field]);
  for (const field of ['period', 'effectivePeriod', 'performedPeriod', 'onsetPeriod'])
    addPeriod(record[field]);
  return dates;
}

function latest(dates: readonly string[]): string | undefined {
  return dates.reduce<string | undefined>(
    (max, date) => (max === undefined || date > max ? date : max),
    undefined,
  );
}

/**
 * The last day of activity in the record, YYYY-MM-DD: the latest Encounter period end or start; with no dated
 * encounter, the latest date of any resource; undefined when nothing is dated.
 */
export function lastActivityDate(record: PatientRecord): string | undefined {
  const encounterDates = record.encounters.flatMap((encounter) =>
    [encounter.period?.end, encounter.period?.start].flatMap((value) =>
      value !== undefined && /^\d{4}-\d{2}-\d{2}/.test(value) ? [value.slice(0, 10)] : [],
    ),
  );
  return latest(encounterDates) ?? latest(listRecordResources(record).flatMap(datesOf));
}

/** Midnight UTC of the day after a YYYY-MM-DD date. */
export function dayAfterMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`) + DAY_MS;
}

/** Midnight UTC of the day after the record's last activity, or undefined when the record holds no date. */
export function dayAfterLastActivityMs(record: PatientRecord): number | undefined {
  const last = lastActivityDate(record);
  return last === undefined ? undefined : dayAfterMs(last);
}
