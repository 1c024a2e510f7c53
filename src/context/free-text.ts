// Free text (notes, comments, report conclusions, sig text) is left out of the model context by default: it is
// where names, dates and places hide, and where a prompt injection would come from. When a setting lets it
// in, it is scrubbed here of the patient's known identifiers (HIPAA Safe Harbor, 45 CFR 164.514(b)(2)) and of
// anything shaped like a date, phone, email, URL or long number, and the renderer fences it as quoted,
// untrusted data.
import type { Address, HumanName, Patient } from 'fhir/r4';
import { normalizeText } from './fhir-concepts.ts';

/** The longest quoted text kept per item: enough for a conclusion, not a whole note. */
export const FREE_TEXT_MAX_CHARS = 300;

/** Quote marks the renderer fences free text with; removed from the text itself so it cannot close the fence. */
export const FENCE_OPEN = '«';
export const FENCE_CLOSE = '»';

export interface PatientIdentifiers {
  /** Names, identifier values, telecom, address parts: scrubbed wherever they appear. */
  readonly phrases: readonly string[];
  /** The birth date (FHIR `YYYY-MM-DD`), scrubbed in every common written form. */
  readonly birthDate: string | undefined;
}

const MOTHERS_MAIDEN_NAME = 'http://hl7.org/fhir/StructureDefinition/patient-mothersMaidenName';
const BIRTH_PLACE = 'http://hl7.org/fhir/StructureDefinition/patient-birthPlace';

/** Everything on the Patient resource that identifies the patient, for scrubbing free text. */
export function collectPatientIdentifiers(patient: Patient | undefined): PatientIdentifiers {
  if (patient === undefined) return { phrases: [], birthDate: undefined };
  const phrases: string[] = [];
  const addName = (name: HumanName): void => {
    phrases.push(
      ...(name.given ?? []),
      ...(name.family === undefined ? [] : [name.family]),
      ...(name.text === undefined ? [] : [name.text]),
    );
  };
  const addAddress = (address: Address): void => {
    phrases.push(...(address.line ?? []));
    for (const part of [address.city, address.district, address.postalCode, address.text])
      if (part !== undefined) phrases.push(part);
  };
  for (const name of patient.name ?? []) addName(name);
  for (const identifier of patient.identifier ?? [])
    if (identifier.value !== undefined) phrases.push(identifier.value);
  for (const telecom of patient.telecom ?? []) if (telecom.value !== undefined) phrases.push(telecom.value);
  for (const address of patient.address ?? []) addAddress(address);
  for (const contact of patient.contact ?? []) {
    if (contact.name !== undefined) addName(contact.name);
    for (const telecom of contact.telecom ?? []) if (telecom.value !== undefined) phrases.push(telecom.value);
    if (contact.address !== undefined) addAddress(contact.address);
  }
  for (const extension of patient.extension ?? []) {
    if (extension.url === MOTHERS_MAIDEN_NAME && extension.valueString !== undefined)
      phrases.push(...extension.valueString.split(/\s+/), extension.valueString);
    if (extension.url === BIRTH_PLACE && extension.valueAddress !== undefined)
      addAddress(extension.valueAddress);
  }
  if (patient.id !== undefined) phrases.push(patient.id);
  // Single letters and initials would scrub every "a" in the text; they identify nobody on their own.
  const usable = phrases
    .map((phrase) => normalizeText(phrase))
    .filter((phrase) => phrase.replace(/[^\p{L}\p{N}]/gu, '').length >= 2);
  // Longest first, so "North Andover" goes before "Andover".
  const unique = [...new Set(usable)].sort((a, b) => b.length - a.length || a.localeCompare(b));
  return { phrases: unique, birthDate: patient.birthDate };
}

const MONTHS =
  'jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|jun(?:e)?|jul(?:y)?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?';

/** Shapes that identify whatever they belong to, scrubbed from all free text. Order matters: dates before numbers. */
const GENERIC_PATTERNS: readonly (readonly [RegExp, string])[] = [
  [/\bhttps?:\/\/\S+/gi, '[url]'],
  [/\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b/g, '[email]'],
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '[id]'],
  [/\b\d{4}-\d{1,2}-\d{1,2}(?:T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?\b/g, '[date]'],
  [/\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b/g, '[date]'],
  [new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{1,2}(?:st|nd|rd|th)?,?\\s+\\d{4}\\b`, 'gi'), '[date]'],
  [new RegExp(`\\b\\d{1,2}(?:st|nd|rd|th)?\\s+(?:${MONTHS})\\.?,?\\s+\\d{4}\\b`, 'gi'), '[date]'],
  [new RegExp(`\\b(?:${MONTHS})\\.?\\s+\\d{4}\\b`, 'gi'), '[date]'],
  [/\b\d{3}-\d{2}-\d{4}\b/g, '[id]'],
  [/(?:\+?1[\s.-]?)?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}\b/g, '[phone]'],
  [/\b\d{6,}\b/g, '[number]'],
];

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A phrase as a pattern source that ignores the punctuation between its parts ("555-483-9277" ≈ "555 483 9277"). */
function phrasePattern(phrase: string): string | undefined {
  const parts = phrase.split(/[^\p{L}\p{N}]+/u).filter((part) => part !== '');
  if (parts.length === 0) return undefined;
  return parts.map(escapeRegExp).join('[^\\p{L}\\p{N}]{0,3}');
}

/** The birth date in the forms people write it: 1952-07-31, 07/31/1952, 7/31/1952, 31.07.1952, July 31, 1952. */
function birthDatePatterns(birthDate: string | undefined): RegExp[] {
  const match = birthDate === undefined ? null : /^(\d{4})-(\d{2})-(\d{2})$/.exec(birthDate);
  if (!match) return [];
  const [, year = '', month = '', day = ''] = match;
  const monthNumber = Number(month);
  const dayNumber = Number(day);
  const monthName =
    [
      'january',
      'february',
      'march',
      'april',
      'may',
      'june',
      'july',
      'august',
      'september',
      'october',
      'november',
      'december',
    ][monthNumber - 1] ?? '';
  const shortMonth = monthName.slice(0, 3);
  return [
    `${year}\\D{0,2}0?${monthNumber}\\D{0,2}0?${dayNumber}`,
    `0?${monthNumber}\\D{1,2}0?${dayNumber}\\D{1,2}${year}`,
    `0?${dayNumber}\\D{1,2}0?${monthNumber}\\D{1,2}${year}`,
    `(?:${monthName}|${shortMonth})\\.?\\s*0?${dayNumber}(?:st|nd|rd|th)?,?\\s*${year}`,
    `0?${dayNumber}(?:st|nd|rd|th)?\\s*(?:${monthName}|${shortMonth})\\.?,?\\s*${year}`,
  ].map((source) => new RegExp(`(?<!\\d)${source}(?!\\d)`, 'gi'));
}

export type TextScrubber = (text: string) => string;

/**
 * A scrubber for one patient: text with the patient's identifiers and identifying shapes replaced by
 * `[redacted]`, `[date]`, `[phone]`, … The patterns are built once; the context runs every string it takes from
 * the record through it, coded names included (an EHR's "code text" can be typed by hand).
 */
export function createTextScrubber(identifiers: PatientIdentifiers): TextScrubber {
  const phraseSources = identifiers.phrases.flatMap((phrase) => {
    const source = phrasePattern(phrase);
    return source === undefined ? [] : [source];
  });
  const phrases =
    phraseSources.length === 0
      ? undefined
      : new RegExp(`(?<![\\p{L}\\p{N}])(?:${phraseSources.join('|')})(?![\\p{L}\\p{N}])`, 'giu');
  const birthDates = birthDatePatterns(identifiers.birthDate);
  // Records repeat the same names and coded values hundreds of times: scrub each distinct string once.
  const scrubbed = new Map<string, string>();
  return (text) => {
    const known = scrubbed.get(text);
    if (known !== undefined) return known;
    let result = normalizeText(text);
    const hasDigit = /\d/.test(result);
    if (hasDigit) for (const pattern of birthDates) result = result.replace(pattern, '[date]');
    if (phrases !== undefined) result = result.replace(phrases, '[redacted]');
    if (hasDigit || result.includes('@') || result.includes('://')) {
      for (const [pattern, replacement] of GENERIC_PATTERNS) result = result.replace(pattern, replacement);
    }
    scrubbed.set(text, result);
    return result;
  };
}

/** Free text with the patient's identifiers and identifying shapes replaced (see createTextScrubber). */
export function scrubFreeText(text: string, identifiers: PatientIdentifiers): string {
  return createTextScrubber(identifiers)(text);
}

/** Scrubbed free text, cut to a length and with the fence characters removed, ready to quote. */
export function prepareFreeText(
  text: string,
  scrub: TextScrubber,
  maxChars: number = FREE_TEXT_MAX_CHARS,
): string | undefined {
  const scrubbed = scrub(text).replaceAll(FENCE_OPEN, '"').replaceAll(FENCE_CLOSE, '"');
  if (scrubbed === '') return undefined;
  return scrubbed.length <= maxChars ? scrubbed : `${scrubbed.slice(0, maxChars - 1).trimEnd()}…`;
}

/** Quoted chart text, fenced so the model reads it as data: «…». */
export function fenceUntrustedText(text: string): string {
  return `${FENCE_OPEN}${text}${FENCE_CLOSE}`;
}
