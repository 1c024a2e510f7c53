// Moves a fixture patient's record to the present for the sandbox (`npm start`): Synthea wrote these records
// years ago, so without a shift every result reads "6 years ago" and every screening is overdue. One offset per
// patient, in whole weeks, applied to every FHIR date, dateTime and instant in every resource (Periods are two
// dateTimes), the way SMART's own `timeshift` tool (github.com/smart-on-fhir/timeshift) refreshes its sandbox
// data. Intervals, ages at each event, weekdays and times of day are unchanged; only "how long ago" moves.
//
// Which strings are dates is read from the FHIR R4 type definitions (@medplum/core's index of the
// StructureDefinitions, which the stand-in loads for its search anyway), not guessed from values or key names:
// SMART's tool keeps a hand-written list of paths per resource type and throws on any other type; a regex over
// values would also rewrite codes, versions and identifiers that happen to look like dates ("2019-03"), and a
// list of date-ish keys misses extensions (`valueDateTime`), choice types (`onsetPeriod.start`) and nested
// backbone elements (`dosageInstruction.timing.repeat.boundsPeriod`). Narrative (`text.div`) is left as written.
//
// Pure: no IO, no clock (`nowMs` is passed in). It needs the definitions indexed first (see patient-store.ts).
import { tryGetDataType } from '@medplum/core';
import type { FhirResource } from 'fhir/r4';

export const DAY_MS = 86_400_000;
/** Whole weeks keep each date's weekday: a Monday clinic stays a Monday clinic. */
const SHIFT_STEP_DAYS = 7;
/** The latest encounter lands at least a day before `now`, so nothing shifted is in the future by accident. */
const MIN_DAYS_BEFORE_NOW = 1;

/** FHIR's date, dateTime and instant share this shape: a year, optional month and day, optional time. */
const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(T.+)?$/;
const DATE_TYPES = new Set(['date', 'dateTime', 'instant']);

export interface ShiftedRecord {
  /** Days every date moved by (a multiple of 7; negative moves back). */
  readonly days: number;
  /** Deep copies of the input resources, dates shifted; ids and references unchanged. */
  readonly resources: FhirResource[];
}

/** Shifts one patient's resources so that their latest encounter falls 1–7 days before `nowMs`. */
export function shiftPatientDates(resources: readonly FhirResource[], nowMs: number): ShiftedRecord {
  const days = dateShiftDays(resources, nowMs);
  return { days, resources: resources.map((resource) => shiftResourceDates(resource, days)) };
}

/**
 * The patient's offset: whole weeks that bring the latest Encounter (its end, else its start) to 1–7 days before
 * `nowMs`. 0 for a record without a dated encounter: there is nothing to anchor "recent" to.
 */
export function dateShiftDays(resources: readonly FhirResource[], nowMs: number): number {
  let latestMs: number | undefined;
  for (const resource of resources) {
    if (resource.resourceType !== 'Encounter') continue;
    const value = resource.period?.end ?? resource.period?.start;
    const ms = value === undefined ? Number.NaN : Date.parse(value);
    if (!Number.isNaN(ms) && (latestMs === undefined || ms > latestMs)) latestMs = ms;
  }
  if (latestMs === undefined) return 0;
  const gapDays = Math.floor((nowMs - latestMs) / DAY_MS);
  return SHIFT_STEP_DAYS * Math.floor((gapDays - MIN_DAYS_BEFORE_NOW) / SHIFT_STEP_DAYS);
}

/** A deep copy of `resource` with every date, dateTime and instant element moved by `days`. */
export function shiftResourceDates<T extends FhirResource>(resource: T, days: number): T {
  // Every R4 resource type is defined once the definitions are indexed; without them nothing would move.
  if (!tryGetDataType(resource.resourceType)) {
    throw new Error(
      `No FHIR definition for ${resource.resourceType}: index the R4 StructureDefinitions before shifting dates`,
    );
  }
  const copy = structuredClone(resource);
  if (days !== 0) shiftValue(copy, resource.resourceType, days);
  return copy;
}

/**
 * One FHIR date, dateTime or instant moved by whole `days`, at its own precision: a year stays a year (the year
 * its first day lands in), a month a month, a date a date; a time of day and its zone offset are kept as written,
 * so the instant moves by exactly `days` × 24 h. A value that is not a FHIR date comes back unchanged.
 */
export function shiftFhirDate(value: string, days: number): string {
  const match = FHIR_DATE.exec(value);
  if (!match) return value;
  const [, year, month, day, time = ''] = match;
  const shifted = utcDate(Number(year), Number(month ?? '1') - 1, Number(day ?? '1') + days);
  const yyyy = String(shifted.getUTCFullYear()).padStart(4, '0');
  const mm = String(shifted.getUTCMonth() + 1).padStart(2, '0');
  const dd = String(shifted.getUTCDate()).padStart(2, '0');
  if (month === undefined) return yyyy;
  if (day === undefined) return `${yyyy}-${mm}`;
  return `${yyyy}-${mm}-${dd}${time}`;
}

/** `Date.UTC` reads years 0–99 as 19xx; setUTCFullYear does not. Day overflow rolls into the next month. */
function utcDate(year: number, monthIndex: number, day: number): Date {
  const date = new Date(0);
  date.setUTCFullYear(year, monthIndex, day);
  return date;
}

function shiftObject(node: Record<string, unknown>, typeName: string, days: number): void {
  const keyTypes = jsonKeyTypes(typeName);
  if (!keyTypes) return;
  for (const [key, child] of Object.entries(node)) {
    // `_birthDate` and the like hold a primitive's id and extensions (FHIR JSON, "Representing primitive elements").
    const childType = key.startsWith('_') ? 'Element' : keyTypes.get(key);
    if (childType === undefined) continue;
    node[key] = Array.isArray(child)
      ? child.map((item) => shiftValue(item, childType, days))
      : shiftValue(child, childType, days);
  }
}

function shiftValue(value: unknown, typeName: string, days: number): unknown {
  if (typeof value === 'string') return DATE_TYPES.has(typeName) ? shiftFhirDate(value, days) : value;
  if (!isRecord(value)) return value;
  // A contained resource (`Resource`) is typed by its own resourceType.
  const resourceType = value.resourceType;
  shiftObject(
    value,
    typeName === 'Resource' && typeof resourceType === 'string' ? resourceType : typeName,
    days,
  );
  return value;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Per FHIR type: JSON property name -> element type, choice types spelt out (`effective[x]` -> `effectiveDateTime`). */
const keyTypesCache = new Map<string, ReadonlyMap<string, string> | undefined>();

function jsonKeyTypes(typeName: string): ReadonlyMap<string, string> | undefined {
  if (keyTypesCache.has(typeName)) return keyTypesCache.get(typeName);
  const schema = tryGetDataType(typeName);
  let keyTypes: Map<string, string> | undefined;
  if (schema) {
    keyTypes = new Map();
    for (const [name, element] of Object.entries(schema.elements)) {
      if (name.endsWith('[x]')) {
        const base = name.slice(0, -'[x]'.length);
        for (const { code } of element.type)
          keyTypes.set(`${base}${code.charAt(0).toUpperCase()}${code.slice(1)}`, code);
      } else {
        const code = element.type[0]?.code;
        if (code !== undefined) keyTypes.set(name, code);
      }
    }
  }
  keyTypesCache.set(typeName, keyTypes);
  return keyTypes;
}
