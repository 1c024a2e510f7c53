// Time in the model context is relative only: HIPAA Safe Harbor (45 CFR 164.514(b)(2)(i)(C)) removes every
// element of a date except the year, and we remove the year too. Events are placed as days (or years) before a
// reference instant (`now`, or the death of a deceased patient) and ages are given in whole years, with 90 and
// over aggregated as "90+" (the same Safe Harbor clause).
export const MS_PER_DAY = 86_400_000;
const DAYS_PER_YEAR = 365.25;

/** Safe Harbor: ages over 89 are aggregated into a single category of age 90 or older. */
export const SAFE_HARBOR_MAX_AGE_YEARS = 89;

/** Up to two years, days read better than fractions of a year ("-412d"); past that, years ("-8.4y"). */
const DAYS_SHOWN_UP_TO = 730;

const FHIR_DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/;

/** The digits at `start`..`start + length` as a number, or NaN if any is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let value = 0;
  for (let index = start; index < start + length; index += 1) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return Number.NaN;
    value = value * 10 + code;
  }
  return value;
}

/**
 * Epoch milliseconds of a FHIR date or dateTime (FHIR R4 §2.24.0.1: YYYY, YYYY-MM, YYYY-MM-DD, or a full time
 * with seconds optional and a zone required, read as UTC when missing), partial dates at their start in UTC;
 * undefined if absent or malformed. Parsed by hand: a record has thousands of timestamps and this runs for each.
 */
export function parseFhirDateTimeMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const length = value.length;
  const year = digitsAt(value, 0, 4);
  if (Number.isNaN(year)) return undefined;
  if (length === 4) return Date.UTC(year, 0, 1);
  if (value[4] !== '-') return undefined;
  const month = digitsAt(value, 5, 2);
  if (Number.isNaN(month) || month < 1 || month > 12) return undefined;
  if (length === 7) return Date.UTC(year, month - 1, 1);
  if (value[7] !== '-') return undefined;
  const day = digitsAt(value, 8, 2);
  if (Number.isNaN(day) || day < 1 || day > 31) return undefined;
  if (length === 10) return Date.UTC(year, month - 1, day);
  if (value[10] !== 'T' || value[13] !== ':') return undefined;
  const hour = digitsAt(value, 11, 2);
  const minute = digitsAt(value, 14, 2);
  let index = 16;
  let second = 0;
  let millisecond = 0;
  if (value[index] === ':') {
    second = digitsAt(value, index + 1, 2);
    index += 3;
    if (value[index] === '.') {
      const start = index + 1;
      index = start;
      while (index < length && value.charCodeAt(index) >= 48 && value.charCodeAt(index) <= 57) index += 1;
      if (index === start) return undefined;
      millisecond = Math.round(Number(`0.${value.slice(start, index)}`) * 1000);
    }
  }
  if (
    Number.isNaN(hour) ||
    Number.isNaN(minute) ||
    Number.isNaN(second) ||
    hour > 23 ||
    minute > 59 ||
    second > 60
  )
    return undefined;
  let offsetMinutes: number;
  const zone = value[index];
  // No zone (FHIR requires one, but test data and some exports leave it out): read as UTC, a few hours at most.
  if ((index === length && index > 16) || (zone === 'Z' && index === length - 1)) offsetMinutes = 0;
  else if ((zone === '+' || zone === '-') && index === length - 6 && value[index + 3] === ':') {
    const offsetHours = digitsAt(value, index + 1, 2);
    const offsetMins = digitsAt(value, index + 4, 2);
    if (Number.isNaN(offsetHours) || Number.isNaN(offsetMins)) return undefined;
    offsetMinutes = (zone === '+' ? 1 : -1) * (offsetHours * 60 + offsetMins);
  } else return undefined;
  return Date.UTC(year, month - 1, day, hour, minute, second, millisecond) - offsetMinutes * 60_000;
}

/**
 * Calendar days (UTC) from the event back to the reference: 0 the same day, 1 the day before, negative after
 * it. Calendar days rather than elapsed 24-hour periods, so that a visit on 1 May reads as 31 days before
 * 1 June whatever its time of day.
 */
export function daysBefore(referenceMs: number, eventMs: number): number {
  return Math.floor(referenceMs / MS_PER_DAY) - Math.floor(eventMs / MS_PER_DAY);
}

/** Fractional years between two instants. */
export function yearsBetween(startMs: number, endMs: number): number {
  return (endMs - startMs) / (MS_PER_DAY * DAYS_PER_YEAR);
}

/** `-412d`, `-8.4y`; `0d` for the same day; `+3d` for an event after the reference. */
export function formatRelativeDays(days: number): string {
  if (days === 0) return '0d';
  const sign = days > 0 ? '-' : '+';
  const magnitude = Math.abs(days);
  if (magnitude <= DAYS_SHOWN_UP_TO) return `${sign}${magnitude}d`;
  return `${sign}${(magnitude / DAYS_PER_YEAR).toFixed(1)}y`;
}

/**
 * Completed years of age at an instant, from a FHIR birthDate (a year-only or year-month birthDate counts
 * from its first day). Undefined when the birth date is missing or malformed, or after the instant.
 */
export function ageYearsAt(birthDate: string | undefined, atMs: number): number | undefined {
  const birth = birthDate === undefined ? null : FHIR_DATE.exec(birthDate);
  if (!birth) return undefined;
  const birthYear = Number(birth[1]);
  const birthMonth = Number(birth[2] ?? '1');
  const birthDay = Number(birth[3] ?? '1');
  const at = new Date(atMs);
  const year = at.getUTCFullYear();
  const month = at.getUTCMonth() + 1;
  const day = at.getUTCDate();
  const hadBirthday = month > birthMonth || (month === birthMonth && day >= birthDay);
  const age = year - birthYear - (hadBirthday ? 0 : 1);
  return age < 0 ? undefined : age;
}

/** `67y`; `90+` from 90 on (Safe Harbor). */
export function formatAgeYears(ageYears: number): string {
  return ageYears > SAFE_HARBOR_MAX_AGE_YEARS ? '90+' : `${ageYears}y`;
}
