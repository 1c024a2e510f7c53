// The numbers a piece of text states, so grounding can require each one to appear in a cited fact.
//
// What counts:
// - A quantity: a decimal number, optionally followed by a unit from UNIT_PATTERNS ("41.6 mL/min/1.73m2",
//   "8.2 %", "140/90 mmHg" gives 140 and 90 mmHg). Values compare by canonical form, so "41.60" equals
//   "41.6" and "1,200" equals "1200"; "41.6" never equals "42" (no rounding).
// - A relative time: the context's compact form (`-412d`, `+3d`, `0d`, `-8.4y`, also `w`/`mo`) or prose
//   ("412 days ago", "3 y ago", "8.4 years"). "ago" or a minus sign means the past, a plus sign the future;
//   without either the direction is left open.
// What does not: digits inside a word or a name ("HbA1c", "B12", "SpO2", "COVID-19", the alias "L12"),
// numbers written in words ("three"), and a leading minus sign on a plain number (read as a dash: "trend
// -4.1/y" states 4.1).

export interface StatedQuantity {
  readonly kind: 'quantity';
  /** Canonical decimal: no thousands separators, no leading or trailing zeros ("041.50" -> "41.5"). */
  readonly value: string;
  /** Canonical unit (see canonicalUnit), when one follows the number. */
  readonly unit: string | undefined;
  /** As written, for messages. */
  readonly raw: string;
}

export type TimeUnit = 'd' | 'w' | 'mo' | 'y';

export interface StatedRelativeTime {
  readonly kind: 'relative-time';
  readonly magnitude: string;
  readonly unit: TimeUnit;
  readonly direction: 'past' | 'future' | 'unspecified';
  readonly raw: string;
}

export type StatedNumber = StatedQuantity | StatedRelativeTime;

const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
/**
 * Not part of a longer number or of a word: no digit or decimal point just before; no word of two or more
 * letters just before, with or without a hyphen ("HbA1c", "COVID-19"); no single letter just before ("B12",
 * the alias "L12") except a multiplier x or × ("x3" is a count). "47y-61y" still gives 47y and 61y.
 */
const STARTS_TOKEN = String.raw`(?<![\p{N}.,]|\p{L}{2}[-\u2010\u2011]?|(?<!\p{L})(?![xX\u00d7])\p{L})`;
const ENDS_TOKEN = String.raw`(?![\p{L}\p{N}])`;

/** Units the context and clinicians write after a value (display forms and UCUM codes), longest first. */
const UNIT_PATTERNS = [
  String.raw`mL/min/1\.73\s?m(?:2|\^2|²)`,
  String.raw`mL/min/\{1\.73_m2\}`,
  String.raw`(?:x\s?)?10(?:\^|\*)\d{1,2}/(?:u|µ|μ)?L`,
  String.raw`(?:m|u|µ|μ)mol/(?:mol|L)`,
  String.raw`(?:m|u|µ|μ|mc|n|p)?g/(?:d|m)?L`,
  String.raw`mg/(?:g|mmol)`,
  String.raw`mEq/L`,
  String.raw`(?:m|u|µ|μ)?IU/m?L`,
  String.raw`U/L`,
  String.raw`kg/m(?:2|\^2|²)`,
  String.raw`mg/kg(?:/d(?:ay)?)?`,
  String.raw`mg/d(?:ay)?`,
  String.raw`mL/(?:min|h)`,
  String.raw`mm\s?\[?Hg\]?`,
  String.raw`(?:\{?beats\}?|breaths)/min`,
  String.raw`/min`,
  String.raw`bpm`,
  String.raw`°\s?[CF]`,
  String.raw`Cel`,
  String.raw`\[degF\]`,
  String.raw`(?:k|m|u|µ|μ|mc)?g`,
  String.raw`lbs?`,
  String.raw`[cm]m`,
  String.raw`(?:m|d|f)?L`,
  String.raw`pg`,
  String.raw`%`,
  String.raw`units?`,
  String.raw`IU`,
  String.raw`U`,
];

const TIME_UNIT_WORDS = String.raw`days?|d|weeks?|wks?|w|months?|mos?|years?|yrs?|y`;

/** `-412d`, `+3d`, `0d`, `-8.4y`, `67y`: the context's compact relative times. */
const COMPACT_TIME = new RegExp(
  String.raw`${STARTS_TOKEN}([+\-\u2212]?)(${NUMBER})(d|w|mo|y)${ENDS_TOKEN}`,
  'gu',
);
/** "412 days ago", "3 y ago", "8.4 years". */
const PROSE_TIME = new RegExp(
  String.raw`${STARTS_TOKEN}(${NUMBER})\s?(${TIME_UNIT_WORDS})${ENDS_TOKEN}(\s+ago${ENDS_TOKEN})?`,
  'giu',
);
const QUANTITY = new RegExp(
  String.raw`${STARTS_TOKEN}(${NUMBER})(?:\s?(${UNIT_PATTERNS.join('|')})(?![\p{L}\p{N}]))?`,
  'giu',
);

/** Every number and relative time the text states. */
export function extractStatedNumbers(text: string): StatedNumber[] {
  const found: { index: number; value: StatedNumber }[] = [];
  // Relative times first; their spans are blanked so their digits are not read again as plain quantities.
  let rest = text;
  for (const match of text.matchAll(COMPACT_TIME)) {
    const [raw, sign = '', magnitude = '', unit = 'd'] = match;
    const direction = sign === '' ? 'unspecified' : sign === '+' ? 'future' : 'past';
    found.push({ index: match.index, value: relativeTime(magnitude, toTimeUnit(unit), direction, raw) });
    rest = blank(rest, match.index, raw.length);
  }
  for (const match of rest.matchAll(PROSE_TIME)) {
    const [raw, magnitude = '', unit = 'd', ago] = match;
    const direction = ago === undefined ? 'unspecified' : 'past';
    found.push({
      index: match.index,
      value: relativeTime(magnitude, toTimeUnit(unit), direction, raw.trim()),
    });
    rest = blank(rest, match.index, raw.length);
  }
  for (const match of rest.matchAll(QUANTITY)) {
    const [raw, value = '', unit] = match;
    found.push({
      index: match.index,
      value: {
        kind: 'quantity',
        value: canonicalNumber(value),
        unit: unit === undefined ? undefined : canonicalUnit(unit),
        raw,
      },
    });
  }
  return found.sort((a, b) => a.index - b.index).map((entry) => entry.value);
}

function relativeTime(
  magnitude: string,
  unit: TimeUnit,
  direction: StatedRelativeTime['direction'],
  raw: string,
): StatedRelativeTime {
  return { kind: 'relative-time', magnitude: canonicalNumber(magnitude), unit, direction, raw };
}

function blank(text: string, start: number, length: number): string {
  return text.slice(0, start) + ' '.repeat(length) + text.slice(start + length);
}

function toTimeUnit(word: string): TimeUnit {
  const lower = word.toLowerCase();
  if (lower.startsWith('d')) return 'd';
  if (lower.startsWith('w')) return 'w';
  if (lower.startsWith('m')) return 'mo';
  return 'y';
}

/** "1,200.50" -> "1200.5"; "007" -> "7"; "7.0" -> "7". */
export function canonicalNumber(written: string): string {
  const [whole = '', fraction = ''] = written.replace(/,/g, '').split('.');
  const integer = whole.replace(/^0+(?=\d)/, '');
  const decimals = fraction.replace(/0+$/, '');
  return decimals === '' ? integer : `${integer}.${decimals}`;
}

/** Units compared loosely on spelling only: case, spaces, micro signs, UCUM brackets. "mm[Hg]" = "mmHg". */
export function canonicalUnit(written: string): string {
  return written
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/[µμ]/g, 'u')
    .replace(/mcg/g, 'ug')
    .replace(/[[\]{}_]/g, '')
    .replace(/²/g, '2')
    .replace(/\*/g, '^')
    .replace(/m\^2/g, 'm2')
    .replace(/^x/, '')
    .replace(/^cel$/, '°c')
    .replace(/^degf$/, '°f')
    .replace(/^beats\/min$|^bpm$/, '/min')
    .replace(/^units?$/, 'u')
    .replace(/^lbs$/, 'lb')
    .replace(/\/day$/, '/d');
}

const UNIT_TOKEN = new RegExp(
  String.raw`(?<![\p{L}\p{N}])(?:${UNIT_PATTERNS.join('|')})(?![\p{L}\p{N}])`,
  'giu',
);

/** The units written anywhere in the text, canonical, whether or not a number precedes them. */
export function unitsMentioned(text: string): Set<string> {
  return new Set([...text.matchAll(UNIT_TOKEN)].map(([unit]) => canonicalUnit(unit)));
}

/** Every number in the text rewritten canonically ("41.60" -> "41.6"), for comparing quotes with facts. */
export function canonicalizeNumbersIn(text: string): string {
  return text.replace(new RegExp(`${STARTS_TOKEN}${NUMBER}`, 'gu'), (number) => canonicalNumber(number));
}
