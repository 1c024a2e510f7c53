// What the patient banner shows, derived from a FHIR Patient: pure, with missing data giving an empty value.
import type { HumanName, Patient } from 'fhir/r4';

/** The name to show: the official name (else the first usual, else the first), given names then family. */
export function formatPatientName(patient: Patient): string | undefined {
  const names = (patient.name ?? []).filter((name) => name.use !== 'old');
  const name =
    names.find((candidate) => candidate.use === 'official') ??
    names.find((candidate) => candidate.use === 'usual') ??
    names[0];
  if (!name) return undefined;
  const text = humanNameParts(name)
    .join(' ')
    // Synthea appends digits to every generated name ("Aaron697 Brekke496") so that no record matches a real
    // person; people's names carry none, and the banner shows the name as a clinician would say it.
    .replace(/\d+/gu, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return text === '' ? undefined : text;
}

function humanNameParts(name: HumanName): string[] {
  const parts = [...(name.given ?? []), ...(name.family === undefined ? [] : [name.family])];
  if (parts.length > 0) return parts;
  return name.text === undefined ? [] : [name.text];
}

/** A FHIR date (`YYYY`, `YYYY-MM` or `YYYY-MM-DD`, maybe with a time) as its parts; undefined if unreadable. */
function dateParts(
  value: string,
): { year: number; month: number | undefined; day: number | undefined } | undefined {
  const match = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/u.exec(value);
  if (!match?.[1]) return undefined;
  return {
    year: Number(match[1]),
    month: match[2] === undefined ? undefined : Number(match[2]),
    day: match[3] === undefined ? undefined : Number(match[3]),
  };
}

/**
 * Completed years from a FHIR birthDate to `on` (today, or the date of death). A partial birthDate counts
 * from the latest day it allows, so the age is never overstated. Undefined when unknown or in the future.
 */
export function ageYears(birthDate: string | undefined, on: Date): number | undefined {
  if (birthDate === undefined) return undefined;
  const born = dateParts(birthDate);
  if (!born) return undefined;
  const month = born.month ?? 12;
  const day = born.day ?? 31;
  let years = on.getUTCFullYear() - born.year;
  const beforeBirthday =
    on.getUTCMonth() + 1 < month || (on.getUTCMonth() + 1 === month && on.getUTCDate() < day);
  if (beforeBirthday) years -= 1;
  return years >= 0 ? years : undefined;
}

/** The date an age is counted to: the date of death when the patient has died, else `now`. */
export function ageReferenceDate(patient: Patient, now: Date): Date {
  const deceased = patient.deceasedDateTime === undefined ? undefined : new Date(patient.deceasedDateTime);
  return deceased !== undefined && !Number.isNaN(deceased.getTime()) && deceased < now ? deceased : now;
}

export function isDeceased(patient: Patient): boolean {
  return patient.deceasedBoolean === true || patient.deceasedDateTime !== undefined;
}

const SEX_LABELS: Readonly<Record<NonNullable<Patient['gender']>, string>> = {
  male: 'Male',
  female: 'Female',
  other: 'Other',
  unknown: 'Unknown',
};

/** Patient.gender (FHIR administrative gender) as the banner labels it. */
export function sexLabel(gender: Patient['gender']): string | undefined {
  return gender === undefined ? undefined : SEX_LABELS[gender];
}
