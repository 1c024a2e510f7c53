// Observations as series: one per analyte (LOINC code) and unit, with the latest value, how long ago it was
// taken, its reference range or interpretation, a trend and the values that cannot be real. Blood pressure is
// read from both panel codes with its components picked by code, and smoking status is kept apart.
import type { CodeableConcept, Observation, ObservationReferenceRange, Quantity } from 'fhir/r4';
import { SYSTEM_LOINC } from '../terminology/code-systems.ts';
import { KEY_LAB_ORDER } from '../terminology/lab-codes.ts';
import { LOINC_SHORT_NAMES } from '../terminology/loinc-short-names.ts';
import { SMOKING_STATUS_CODES } from '../terminology/social-history-codes.ts';
import {
  BP_PANEL_CODES,
  LOINC_DIASTOLIC_BP,
  LOINC_SYSTOLIC_BP,
  VITAL_SIGN_CODES,
} from '../terminology/vital-sign-codes.ts';
import type { SourceRef } from './context-types.ts';
import { conceptCode, conceptDisplayText, conceptKeys, hasAnyCode, normalizeText } from './fhir-concepts.ts';
import { isImplausibleValue, physiologicLimitsOf } from './physiologic-limits.ts';
import { isNegligibleChange, reportingStepOf } from './trend-rate.ts';
import { daysBefore, parseFhirDateTimeMs, yearsBetween } from './relative-time.ts';
import { canonicalUnitOf, normalizeQuantity } from './ucum-units.ts';
import type { TextScrubber } from './free-text.ts';

export type ObservationGroup = 'laboratory' | 'vital-signs' | 'other';

export type ObservationValue =
  | { readonly kind: 'quantity'; readonly value: number; readonly unit: string }
  | { readonly kind: 'coded'; readonly text: string };

export interface Trend {
  /** Least-squares slope, in the series unit per year. */
  readonly perYear: number;
  readonly direction: 'rising' | 'falling' | 'stable';
  /** Latest against first value of the trend window, in percent; undefined when the first value is 0. */
  readonly percentChange: number | undefined;
  readonly spanYears: number;
  readonly points: number;
  /** The measure's reporting step in the series unit (trend-rate.ts), which the printed rate is rounded to. */
  readonly reportingStep: number | undefined;
}

export interface ImplausibleValues {
  readonly count: number;
  readonly lowest: number;
  readonly highest: number;
  readonly limits: { readonly low: number; readonly high: number };
}

export interface ObservationSeries {
  /** Stable identity of the series: code, value kind, unit or coded name. */
  readonly key: string;
  readonly loinc: string | undefined;
  readonly name: string;
  readonly group: ObservationGroup;
  readonly count: number;
  readonly latest: {
    readonly value: ObservationValue;
    readonly daysAgo: number;
    readonly implausible: boolean;
    readonly referenceRange: string | undefined;
    readonly interpretation: string | undefined;
    readonly source: SourceRef;
    /** Different values recorded at the very same time as the latest (a duplicated panel). */
    readonly otherValuesAtSameTime: readonly ObservationValue[];
  };
  readonly trend: Trend | undefined;
  readonly implausible: ImplausibleValues | undefined;
  /** Position among the key chronic-disease labs (HbA1c, eGFR, …), if it is one. */
  readonly keyRank: number | undefined;
  /**
   * Every numeric result of the series, oldest first (same-time results by id), implausible ones included and
   * marked: what rules judge intervals, repeats and sustained values on. A coded series has none; its latest
   * result is `latest`. Not rendered into the model's text.
   */
  readonly points: readonly SeriesPoint[];
}

export interface SeriesPoint {
  /** Days before the reference (now, or death). */
  readonly daysAgo: number;
  /** In the series unit. */
  readonly value: number;
  readonly unit: string;
  readonly implausible: boolean;
  readonly source: SourceRef;
}

export interface BloodPressureReading {
  readonly daysAgo: number;
  readonly systolicMmHg: number;
  readonly diastolicMmHg: number;
  /** Out of physiologic limits, or diastolic at or above systolic. */
  readonly implausible: boolean;
  readonly source: SourceRef;
}

export interface BloodPressureSeries {
  readonly count: number;
  readonly latest: {
    readonly systolicMmHg: number;
    readonly diastolicMmHg: number;
    readonly daysAgo: number;
    readonly implausible: boolean;
    readonly source: SourceRef;
  };
  readonly systolicTrend: Trend | undefined;
  readonly diastolicTrend: Trend | undefined;
  readonly implausibleCount: number;
  /** Every reading, oldest first (same-time readings by id), implausible ones included and marked. */
  readonly readings: readonly BloodPressureReading[];
}

export interface SmokingStatus {
  readonly text: string;
  readonly daysAgo: number;
  readonly source: SourceRef;
}

export interface ObservationSummary {
  readonly labs: readonly ObservationSeries[];
  readonly vitals: readonly ObservationSeries[];
  readonly other: readonly ObservationSeries[];
  readonly bloodPressure: BloodPressureSeries | undefined;
  readonly smoking: SmokingStatus | undefined;
  /** LOINC codes whose values came in units that could not be brought to one, with the units. */
  readonly mixedUnits: readonly { readonly name: string; readonly units: readonly string[] }[];
  readonly undatedCount: number;
  /** Observations dated more than a day after the reference (after death, or in the future). */
  readonly datedAfterReferenceCount: number;
}

/** Trends are fitted over the five years before the latest value: older values describe another patient state. */
export const TREND_WINDOW_YEARS = 5;
/** Two values closer than about a month apart say nothing about a yearly trend. */
const MIN_TREND_SPAN_YEARS = 1 / 12;

const VITAL_CATEGORY_CODES: ReadonlySet<string> = new Set(['vital-signs', 'vital-sign']);
const LAB_CATEGORY_CODES: ReadonlySet<string> = new Set(['laboratory']);
/** Observation statuses with no result to show (FHIR R4 observation-status). */
const NO_RESULT_STATUSES: ReadonlySet<string> = new Set(['registered', 'cancelled', 'entered-in-error']);
/** Interpretation codes worth a token: abnormal flags (HL7 v3 ObservationInterpretation); "N" is not. */
const SHOWN_INTERPRETATIONS: ReadonlySet<string> = new Set([
  'H',
  'HH',
  'HU',
  'L',
  'LL',
  'LU',
  'A',
  'AA',
  'POS',
  'DET',
  'R',
  'I',
]);

interface Point {
  readonly timeMs: number;
  readonly group: ObservationGroup;
  readonly value: ObservationValue;
  readonly observation: Observation;
  readonly code: string | undefined;
  readonly codeConcept: CodeableConcept;
}

interface BpPoint {
  readonly timeMs: number;
  readonly systolicMmHg: number;
  readonly diastolicMmHg: number;
  readonly observation: Observation;
}

export function observationTimeMs(observation: Observation): number | undefined {
  return (
    parseFhirDateTimeMs(observation.effectiveDateTime) ??
    parseFhirDateTimeMs(observation.effectivePeriod?.start) ??
    parseFhirDateTimeMs(observation.effectiveInstant) ??
    parseFhirDateTimeMs(observation.issued)
  );
}

export function sourceOf(resource: {
  readonly resourceType: string;
  readonly id?: string | undefined;
}): SourceRef {
  return { resourceType: resource.resourceType, id: resource.id ?? '' };
}

/** Series name: a short name for common LOINC codes, else the LOINC display shortened (no property, no method). */
export function seriesName(loinc: string | undefined, concept: CodeableConcept, scrub: TextScrubber): string {
  const short = loinc === undefined ? undefined : LOINC_SHORT_NAMES[loinc];
  if (short !== undefined) return short;
  const display = conceptDisplayText(concept);
  if (display === undefined) return loinc === undefined ? 'unnamed observation' : `LOINC ${loinc}`;
  const shortened = normalizeText(
    display
      .replace(/\s*\[[^\]]*\]/g, '')
      .replace(/\s+by (?:automated count|test strip|calculation|immunologic method|manual count)\b/gi, '')
      .replace(/\s+in serum or plasma\b/gi, ' (serum)')
      .replace(/\s+in blood\b/gi, ' (blood)')
      .replace(/\s+in urine\b/gi, ' (urine)')
      .replace(/\s+-\s+reported$/i, ''),
  );
  return scrub(shortened === '' ? display : shortened);
}

function valueOf(
  value: Pick<Observation, 'valueQuantity' | 'valueCodeableConcept' | 'valueInteger' | 'valueBoolean'>,
  loinc: string | undefined,
  scrub: TextScrubber,
): ObservationValue | undefined {
  if (value.valueQuantity !== undefined) return quantityValue(value.valueQuantity, loinc);
  if (value.valueInteger !== undefined)
    return { kind: 'quantity', value: value.valueInteger, unit: canonicalUnitOf(loinc) ?? '' };
  if (value.valueCodeableConcept !== undefined) {
    const text = conceptDisplayText(value.valueCodeableConcept);
    return text === undefined ? undefined : { kind: 'coded', text: scrub(text) };
  }
  if (value.valueBoolean !== undefined) return { kind: 'coded', text: value.valueBoolean ? 'yes' : 'no' };
  return undefined;
}

function quantityValue(quantity: Quantity, loinc: string | undefined): ObservationValue | undefined {
  const normalized = normalizeQuantity(loinc, quantity);
  return normalized === undefined
    ? undefined
    : { kind: 'quantity', value: normalized.value, unit: normalized.unit };
}

function groupOf(observation: Observation, code: string | undefined): ObservationGroup {
  if (
    hasAnyCode(observation.category, VITAL_CATEGORY_CODES) ||
    (code !== undefined && VITAL_SIGN_CODES.has(code))
  )
    return 'vital-signs';
  if (hasAnyCode(observation.category, LAB_CATEGORY_CODES)) return 'laboratory';
  return 'other';
}

function formatReferenceRange(
  range: ObservationReferenceRange | undefined,
  unit: string,
  loinc: string | undefined,
): string | undefined {
  if (range === undefined) return undefined;
  const bound = (quantity: Quantity | undefined): number | undefined => {
    if (quantity?.value === undefined) return undefined;
    const normalized = normalizeQuantity(
      loinc,
      quantity.unit === undefined && quantity.code === undefined ? { ...quantity, unit } : quantity,
    );
    return normalized?.unit === unit ? normalized.value : undefined;
  };
  const low = bound(range.low);
  const high = bound(range.high);
  if (low !== undefined && high !== undefined) return `${formatNumber(low)}-${formatNumber(high)}`;
  if (low !== undefined) return `>=${formatNumber(low)}`;
  if (high !== undefined) return `<=${formatNumber(high)}`;
  return undefined;
}

function interpretationOf(observation: Observation): string | undefined {
  for (const concept of observation.interpretation ?? []) {
    for (const coding of concept.coding ?? [])
      if (coding.code !== undefined && SHOWN_INTERPRETATIONS.has(coding.code)) return coding.code;
  }
  return undefined;
}

/** Numbers to three significant digits, no trailing zeros, no exponent: 116.88 → 117, 0.0234 → 0.0234. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.floor(Math.log10(Math.abs(value)));
  const decimals = Math.max(0, 2 - magnitude);
  const rounded = value.toFixed(Math.min(decimals, 6));
  const trimmed = rounded.includes('.') ? rounded.replace(/\.?0+$/, '') : rounded;
  return trimmed === '-0' ? '0' : trimmed;
}

/**
 * Least-squares trend of the values over the window before the latest one; undefined with fewer than two.
 * Stable when the fitted change is negligible for the measure (trend-rate.ts: under one reporting step, 5 % of
 * the mean, or floating-point residue).
 */
export function computeTrend(
  points: readonly { readonly timeMs: number; readonly value: number }[],
  reportingStep?: number,
): Trend | undefined {
  const last = points[points.length - 1];
  if (last === undefined) return undefined;
  const windowStartMs = last.timeMs - TREND_WINDOW_YEARS * 365.25 * 86_400_000;
  const window = points.filter((point) => point.timeMs >= windowStartMs);
  const first = window[0];
  if (first === undefined || window.length < 2) return undefined;
  const spanYears = yearsBetween(first.timeMs, last.timeMs);
  if (spanYears < MIN_TREND_SPAN_YEARS) return undefined;
  const xs = window.map((point) => yearsBetween(first.timeMs, point.timeMs));
  const ys = window.map((point) => point.value);
  const meanX = xs.reduce((sum, x) => sum + x, 0) / xs.length;
  const meanY = ys.reduce((sum, y) => sum + y, 0) / ys.length;
  let covariance = 0;
  let variance = 0;
  for (const [index, x] of xs.entries()) {
    covariance += (x - meanX) * ((ys[index] ?? meanY) - meanY);
    variance += (x - meanX) ** 2;
  }
  const perYear = variance === 0 ? 0 : covariance / variance;
  const fittedChange = perYear * spanYears;
  const largestMagnitude = Math.max(...ys.map((y) => Math.abs(y)));
  const direction = isNegligibleChange(fittedChange, { mean: meanY, largestMagnitude }, reportingStep)
    ? 'stable'
    : perYear > 0
      ? 'rising'
      : 'falling';
  const percentChange =
    first.value === 0 ? undefined : ((last.value - first.value) / Math.abs(first.value)) * 100;
  return { perYear, direction, percentChange, spanYears, points: window.length, reportingStep };
}

function compareByTime(
  a: { timeMs: number; observation: Observation },
  b: { timeMs: number; observation: Observation },
): number {
  return a.timeMs - b.timeMs || (a.observation.id ?? '').localeCompare(b.observation.id ?? '');
}

function bloodPressurePoint(observation: Observation, timeMs: number): BpPoint | undefined {
  let systolic: number | undefined;
  let diastolic: number | undefined;
  for (const component of observation.component ?? []) {
    const code = conceptCode(component.code, SYSTEM_LOINC);
    if (component.valueQuantity === undefined) continue;
    if (code === LOINC_SYSTOLIC_BP) systolic = normalizeQuantity(code, component.valueQuantity)?.value;
    if (code === LOINC_DIASTOLIC_BP) diastolic = normalizeQuantity(code, component.valueQuantity)?.value;
  }
  return systolic === undefined || diastolic === undefined
    ? undefined
    : { timeMs, systolicMmHg: systolic, diastolicMmHg: diastolic, observation };
}

function isBloodPressureImplausible(point: BpPoint): boolean {
  return (
    isImplausibleValue(LOINC_SYSTOLIC_BP, point.systolicMmHg, 'mm[Hg]') ||
    isImplausibleValue(LOINC_DIASTOLIC_BP, point.diastolicMmHg, 'mm[Hg]') ||
    point.diastolicMmHg >= point.systolicMmHg
  );
}

function buildBloodPressure(points: BpPoint[], referenceMs: number): BloodPressureSeries | undefined {
  points.sort(compareByTime);
  const latest = points[points.length - 1];
  if (latest === undefined) return undefined;
  const plausible = points.filter((point) => !isBloodPressureImplausible(point));
  return {
    count: points.length,
    latest: {
      systolicMmHg: latest.systolicMmHg,
      diastolicMmHg: latest.diastolicMmHg,
      daysAgo: daysBefore(referenceMs, latest.timeMs),
      implausible: isBloodPressureImplausible(latest),
      source: sourceOf(latest.observation),
    },
    systolicTrend: computeTrend(
      plausible.map((point) => ({ timeMs: point.timeMs, value: point.systolicMmHg })),
      reportingStepOf(LOINC_SYSTOLIC_BP, 'mm[Hg]'),
    ),
    diastolicTrend: computeTrend(
      plausible.map((point) => ({ timeMs: point.timeMs, value: point.diastolicMmHg })),
      reportingStepOf(LOINC_DIASTOLIC_BP, 'mm[Hg]'),
    ),
    implausibleCount: points.length - plausible.length,
    readings: points.map((point) => ({
      daysAgo: daysBefore(referenceMs, point.timeMs),
      systolicMmHg: point.systolicMmHg,
      diastolicMmHg: point.diastolicMmHg,
      implausible: isBloodPressureImplausible(point),
      source: sourceOf(point.observation),
    })),
  };
}

/** Two results of one analyte at the same instant with different values (a duplicated panel): both are shown. */
function valueText(value: ObservationValue): string {
  return value.kind === 'quantity' ? `${value.value}|${value.unit}` : value.text.toLowerCase();
}

function buildSeries(
  key: string,
  points: Point[],
  referenceMs: number,
  scrub: TextScrubber,
): ObservationSeries | undefined {
  points.sort(compareByTime);
  const latest = points[points.length - 1];
  if (latest === undefined) return undefined;
  // The series belongs where its latest result is filed (one record can file LVEF under two categories).
  const group = latest.group;
  const seen = new Set([valueText(latest.value)]);
  const sameTime = points.filter((point) => {
    if (point.timeMs !== latest.timeMs) return false;
    const text = valueText(point.value);
    if (seen.has(text)) return false;
    seen.add(text);
    return true;
  });
  const loinc = latest.code;
  const numeric = points.flatMap((point) =>
    point.value.kind === 'quantity'
      ? [
          {
            timeMs: point.timeMs,
            value: point.value.value,
            unit: point.value.unit,
            source: sourceOf(point.observation),
          },
        ]
      : [],
  );
  const implausiblePoints = numeric.filter((point) => isImplausibleValue(loinc, point.value, point.unit));
  const plausible = numeric.filter((point) => !isImplausibleValue(loinc, point.value, point.unit));
  const limits = physiologicLimitsOf(loinc);
  const latestValue = latest.value;
  const unit = latestValue.kind === 'quantity' ? latestValue.unit : '';
  const keyIndex = loinc === undefined ? -1 : KEY_LAB_ORDER.indexOf(loinc);
  return {
    key,
    loinc,
    name: seriesName(loinc, latest.codeConcept, scrub),
    group,
    count: points.length,
    latest: {
      value: latestValue,
      daysAgo: daysBefore(referenceMs, latest.timeMs),
      implausible:
        latestValue.kind === 'quantity' && isImplausibleValue(loinc, latestValue.value, latestValue.unit),
      referenceRange:
        latestValue.kind === 'quantity'
          ? formatReferenceRange(latest.observation.referenceRange?.[0], unit, loinc)
          : undefined,
      interpretation: interpretationOf(latest.observation),
      source: sourceOf(latest.observation),
      otherValuesAtSameTime: sameTime.map((point) => point.value),
    },
    trend:
      latestValue.kind === 'quantity' ? computeTrend(plausible, reportingStepOf(loinc, unit)) : undefined,
    implausible:
      implausiblePoints.length === 0 || limits === undefined
        ? undefined
        : {
            count: implausiblePoints.length,
            lowest: Math.min(...implausiblePoints.map((point) => point.value)),
            highest: Math.max(...implausiblePoints.map((point) => point.value)),
            limits: { low: limits.low, high: limits.high },
          },
    keyRank: keyIndex === -1 ? undefined : keyIndex,
    points: numeric.map((point) => ({
      daysAgo: daysBefore(referenceMs, point.timeMs),
      value: point.value,
      unit: point.unit,
      implausible: isImplausibleValue(loinc, point.value, point.unit),
      source: point.source,
    })),
  };
}

/** Labs: the key chronic-disease labs first, then the most recent; ties by name. Others: most recent first. */
function compareSeries(a: ObservationSeries, b: ObservationSeries): number {
  const rankA = a.keyRank ?? Number.MAX_SAFE_INTEGER;
  const rankB = b.keyRank ?? Number.MAX_SAFE_INTEGER;
  return (
    rankA - rankB ||
    a.latest.daysAgo - b.latest.daysAgo ||
    a.name.localeCompare(b.name) ||
    a.key.localeCompare(b.key)
  );
}

/**
 * Series from the observations the context may show (the caller has already left out withheld ones). Times are
 * whole days before `referenceMs`.
 */
export function summarizeObservations(
  observations: readonly Observation[],
  referenceMs: number,
  scrub: TextScrubber,
): ObservationSummary {
  const groups = new Map<string, Point[]>();
  const bpPoints: BpPoint[] = [];
  const smoking: { timeMs: number; observation: Observation; text: string }[] = [];
  const unitsByCode = new Map<string, { name: string; units: Set<string> }>();
  let undatedCount = 0;
  let datedAfterReferenceCount = 0;
  const afterReferenceMs = referenceMs + 86_400_000;

  const addPoint = (
    observation: Observation,
    timeMs: number,
    codeConcept: CodeableConcept,
    value: ObservationValue,
  ): void => {
    const code = conceptCode(codeConcept, SYSTEM_LOINC);
    const identity =
      code ?? conceptKeys(codeConcept)[0] ?? (conceptDisplayText(codeConcept) ?? 'unnamed').toLowerCase();
    const key =
      value.kind === 'quantity'
        ? `${identity}|q|${value.unit}`
        : `${identity}|c|${(conceptDisplayText(codeConcept) ?? '').toLowerCase()}`;
    const points = groups.get(key) ?? [];
    points.push({ timeMs, group: groupOf(observation, code), value, observation, code, codeConcept });
    groups.set(key, points);
    if (value.kind === 'quantity') {
      const units = unitsByCode.get(identity) ?? {
        name: seriesName(code, codeConcept, scrub),
        units: new Set<string>(),
      };
      units.units.add(value.unit);
      unitsByCode.set(identity, units);
    }
  };

  for (const observation of observations) {
    if (NO_RESULT_STATUSES.has(observation.status)) continue;
    const timeMs = observationTimeMs(observation);
    if (timeMs === undefined) {
      undatedCount += 1;
      continue;
    }
    if (timeMs > afterReferenceMs) datedAfterReferenceCount += 1;
    const code = conceptCode(observation.code, SYSTEM_LOINC);
    if (code !== undefined && BP_PANEL_CODES.has(code)) {
      const point = bloodPressurePoint(observation, timeMs);
      if (point) bpPoints.push(point);
      continue;
    }
    if (code !== undefined && SMOKING_STATUS_CODES.has(code)) {
      const text = conceptDisplayText(observation.valueCodeableConcept);
      if (text !== undefined) smoking.push({ timeMs, observation, text: scrub(text) });
      continue;
    }
    const value = valueOf(observation, code, scrub);
    if (value !== undefined) {
      addPoint(observation, timeMs, observation.code, value);
      continue;
    }
    // A panel with components and no value of its own: each component is its own series.
    for (const component of observation.component ?? []) {
      const componentValue = valueOf(component, conceptCode(component.code, SYSTEM_LOINC), scrub);
      if (componentValue !== undefined) addPoint(observation, timeMs, component.code, componentValue);
    }
  }

  const labs: ObservationSeries[] = [];
  const vitals: ObservationSeries[] = [];
  const other: ObservationSeries[] = [];
  for (const [key, points] of groups) {
    const series = buildSeries(key, points, referenceMs, scrub);
    if (series === undefined) continue;
    if (series.group === 'laboratory') labs.push(series);
    else if (series.group === 'vital-signs') vitals.push(series);
    else other.push(series);
  }
  smoking.sort(compareByTime);
  const latestSmoking = smoking[smoking.length - 1];
  const mixedUnits = [...unitsByCode.values()]
    .filter((entry) => entry.units.size > 1)
    .map((entry) => ({ name: entry.name, units: [...entry.units].sort() }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    labs: labs.sort(compareSeries),
    vitals: vitals.sort(compareSeries),
    other: other.sort(compareSeries),
    bloodPressure: buildBloodPressure(bpPoints, referenceMs),
    smoking:
      latestSmoking === undefined
        ? undefined
        : {
            text: latestSmoking.text,
            daysAgo: daysBefore(referenceMs, latestSmoking.timeMs),
            source: sourceOf(latestSmoking.observation),
          },
    mixedUnits,
    undatedCount,
    datedAfterReferenceCount,
  };
}
