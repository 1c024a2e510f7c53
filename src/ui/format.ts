// How the clinician view writes numbers, dates and times: pure, in the browser's locale.

const DATE = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  timeZone: 'UTC',
});
const MONTH = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' });

/** "12 Mar 2021" (the record's own day, not shifted to this computer's time zone). */
export function formatDate(timeMs: number | undefined): string {
  return timeMs === undefined ? 'Date not recorded' : DATE.format(timeMs);
}

/** "Mar 2021", for chart axes. */
export function formatMonth(timeMs: number): string {
  return MONTH.format(timeMs);
}

/**
 * "today", "3 days ago", "5 months ago", "5.7 years ago"; with `reference` 'death' (the context counts a deceased
 * patient's times back from the death), "on the day of death", "5 months before death".
 */
export function formatDaysAgo(days: number | undefined, reference: 'now' | 'death' = 'now'): string {
  if (days === undefined) return 'date not recorded';
  const ago = reference === 'death' ? 'before death' : 'ago';
  if (days < 0) return reference === 'death' ? 'after death' : 'in the future';
  if (days === 0) return reference === 'death' ? 'on the day of death' : 'today';
  if (days === 1) return reference === 'death' ? '1 day before death' : 'yesterday';
  if (days < 60) return `${days} days ${ago}`;
  if (days < 730) return `${Math.round(days / 30.4)} months ${ago}`;
  return `${(days / 365.25).toFixed(1)} years ${ago}`;
}

/** A measured value as people read it: up to 3 significant digits after the point, no trailing zeros. */
export function formatValue(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(Math.abs(value) >= 100 ? 4 : 3)));
}

/** The first sentence: the card's one-line rationale. */
export function firstSentence(text: string): string {
  const match = /^.*?[.!?](?=\s+[A-Z0-9(]|\s*$)/su.exec(text.trim());
  return (match?.[0] ?? text).trim();
}

/** A count with its noun (or noun and verb) in the matching number: "1 entry is", "3 entries are". */
export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}
