// How rule findings write numbers: exactly as the facts they cite are written (formatNumber, display units,
// whole mmHg), so that every number in a title or rationale can be found in a cited fact — the same grounding
// discipline the model's suggestions are held to (see rule-grounding.ts).
import { formatNumber } from '../../context/observation-series.ts';
import { formatUnit } from '../../context/ucum-units.ts';
import type { RuleBloodPressure, RuleMedication, RulePoint } from './rule-view.ts';

const DAYS_SHOWN_UP_TO = 730;
const DAYS_PER_YEAR = 365.25;

export function formatQuantity(value: number, unit: string): string {
  const display = formatUnit(unit);
  if (display === '') return formatNumber(value);
  return display === '%' ? `${formatNumber(value)}%` : `${formatNumber(value)} ${display}`;
}

export function formatPoint(point: RulePoint): string {
  return formatQuantity(point.value, point.unit);
}

/** "today", "1 day ago", "156 days ago", "2.7 years ago": the magnitudes the context's `-156d` / `-2.7y` use. */
export function formatAgo(days: number): string {
  if (days <= 0) return 'today';
  if (days === 1) return '1 day ago';
  if (days <= DAYS_SHOWN_UP_TO) return `${days} days ago`;
  return `${(days / DAYS_PER_YEAR).toFixed(1)} years ago`;
}

export function formatBloodPressure(reading: RuleBloodPressure): string {
  return `${Math.round(reading.systolicMmHg)}/${Math.round(reading.diastolicMmHg)} mmHg`;
}

/** A point's value and when: "41.6 mL/min/1.73m2 (156 days ago)". */
export function describePoint(point: RulePoint): string {
  return `${formatPoint(point)} (${formatAgo(point.daysAgo)})`;
}

/** A point with its name, value and when: "Weight 58 kg (12 days ago)". */
export function describeNamedPoint(point: RulePoint): string {
  return `${point.name} ${describePoint(point)}`;
}

/** The medication's name as the context shows it (ingredient, strength, form). */
export function describeMedication(medication: RuleMedication): string {
  return medication.name;
}

/** "a, b and c" (or "a, b or c"). */
export function listInWords(items: readonly string[], conjunction: 'and' | 'or' = 'and'): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} ${conjunction} ${items[items.length - 1] ?? ''}`;
}
