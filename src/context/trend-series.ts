// What the Trends charts plot, from the patient's record: pure, so the components only draw. One chart per
// follow-up measure (eGFR, creatinine, HbA1c, LDL, blood pressure, weight, BMI) plus any other numeric lab on
// request; each with its reference range and the start/stop of the medications that act on it.
//
// The charts follow the same sensitivity policy as the clinical context, through the same findWithheldResources:
// a result or medication the Record summary and the model leave out (an HIV test, a drug ordered at a prenatal
// visit) is neither plotted, nor offered as another lab, nor drawn as a marker; the catalog counts what it left
// out so the panel can say so.
//
// The context's ObservationSeries carry the latest value and a trend but not every point, which a chart needs;
// the points are read here with the context's own helpers (codes, units, times), so values, units and
// entered-in-error handling match what the suggestions were built from.
import type {
  Medication,
  MedicationRequest,
  MedicationStatement,
  Observation,
  ObservationReferenceRange,
  Quantity,
} from 'fhir/r4';
import { listRecordResources, type PatientRecord } from '../record/patient-record.ts';
import { SYSTEM_LOINC } from '../terminology/code-systems.ts';
import {
  CREATININE_CODES,
  EGFR_CODES,
  LOINC_HBA1C,
  LOINC_LDL,
  LOINC_LDL_CALCULATED,
} from '../terminology/lab-codes.ts';
import { LOINC_SHORT_NAMES } from '../terminology/loinc-short-names.ts';
import {
  BP_PANEL_CODES,
  LOINC_BMI,
  LOINC_BODY_WEIGHT,
  LOINC_DIASTOLIC_BP,
  LOINC_SYSTOLIC_BP,
} from '../terminology/vital-sign-codes.ts';
import type { SourceRef } from './context-types.ts';
import { conceptCode, conceptDisplayText, createResourceIndex, hasAnyCode } from './fhir-concepts.ts';
import { formatMedicationName } from './medication-names.ts';
import { observationTimeMs } from './observation-series.ts';
import { isImplausibleValue } from './physiologic-limits.ts';
import { ageYearsAt, parseFhirDateTimeMs } from './relative-time.ts';
import type { SensitiveCategory } from './sensitive-categories.ts';
import { formatUnit, normalizeQuantity } from './ucum-units.ts';
import { findWithheldResources } from './withheld-resources.ts';

export type TrendRange = '1y' | '5y' | 'all';
export const TREND_RANGES: readonly {
  readonly id: TrendRange;
  readonly label: string;
  readonly years: number | undefined;
}[] = [
  { id: '1y', label: '1 y', years: 1 },
  { id: '5y', label: '5 y', years: 5 },
  { id: 'all', label: 'All', years: undefined },
];

const MS_PER_YEAR = 365.25 * 86_400_000;

export interface TrendPoint {
  readonly timeMs: number;
  readonly value: number;
  readonly source: SourceRef;
  /** Outside what a living body can show (a unit or entry error): drawn, but marked. */
  readonly implausible: boolean;
}

export interface TrendLine {
  readonly key: string;
  readonly label: string;
  readonly points: readonly TrendPoint[];
}

export type TrendReference =
  | {
      readonly kind: 'band';
      readonly low: number | undefined;
      readonly high: number | undefined;
      readonly label: string;
    }
  | { readonly kind: 'lines'; readonly lines: readonly { readonly value: number; readonly label: string }[] };

export interface MedicationMarker {
  readonly timeMs: number;
  readonly kind: 'start' | 'stop';
  readonly name: string;
  readonly source: SourceRef;
}

export interface TrendChart {
  readonly id: string;
  readonly title: string;
  /** Display unit ("mL/min/1.73m2", "mmHg"); '' when dimensionless. */
  readonly unit: string;
  readonly lines: readonly TrendLine[];
  readonly reference: TrendReference | undefined;
  /** Why there is no reference range, when there is none and one would be expected. */
  readonly referenceNote: string | undefined;
  readonly markers: readonly MedicationMarker[];
  /** Related medications recorded as stopped without a date: listed, not drawn. */
  readonly stoppedUndated: readonly string[];
  /** Results left out because their unit could not be brought to the chart's. */
  readonly otherUnitCount: number;
}

export interface TrendCatalog {
  /** The standard charts, in display order; a chart with no points says so rather than disappearing. */
  readonly standard: readonly TrendChart[];
  /** Other numeric laboratory series, by name, to chart on request. */
  readonly otherLabs: readonly { readonly id: string; readonly title: string; readonly count: number }[];
  /** The newest result on any chart: ranges count back from it, so an old record still shows its last years. */
  readonly latestMs: number | undefined;
  /**
   * Entries the sensitivity policy left out that a chart would otherwise have shown: results that would have
   * been points and medications that would have been markers (or listed as stopped) on a chart with results.
   */
  readonly withheldCount: number;
  readonly chart: (id: string) => TrendChart | undefined;
}

interface StandardChartSpec {
  readonly id: string;
  readonly title: string;
  readonly codes: ReadonlySet<string>;
  /** An adult reference when the lab sent none, with its source. */
  readonly adultReference: TrendReference | undefined;
  /** Lower-case ingredient names of the medications shown as markers. */
  readonly relatedMedications: readonly string[];
}

/** ACE inhibitors and ARBs: started and stopped around changes in eGFR and creatinine (KDIGO 2024). */
const RAAS_BLOCKERS = [
  'lisinopril',
  'enalapril',
  'ramipril',
  'benazepril',
  'captopril',
  'losartan',
  'valsartan',
  'irbesartan',
  'olmesartan',
  'telmisartan',
  'candesartan',
];
const SGLT2_INHIBITORS = ['empagliflozin', 'dapagliflozin', 'canagliflozin', 'ertugliflozin'];
const GLP1_AGONISTS = ['liraglutide', 'semaglutide', 'dulaglutide', 'exenatide', 'tirzepatide'];
const RENAL_MEDICATIONS = [
  ...RAAS_BLOCKERS,
  ...SGLT2_INHIBITORS,
  'metformin',
  'finerenone',
  'spironolactone',
  'ibuprofen',
  'naproxen',
  'diclofenac',
  'furosemide',
  'lithium',
];
const GLUCOSE_LOWERING = [
  'metformin',
  'insulin',
  'glipizide',
  'glyburide',
  'glimepiride',
  'sitagliptin',
  'linagliptin',
  'saxagliptin',
  'pioglitazone',
  ...SGLT2_INHIBITORS,
  ...GLP1_AGONISTS,
];
const LIPID_LOWERING = [
  'atorvastatin',
  'simvastatin',
  'rosuvastatin',
  'pravastatin',
  'lovastatin',
  'pitavastatin',
  'ezetimibe',
  'evolocumab',
  'alirocumab',
  'fenofibrate',
];
const BLOOD_PRESSURE_LOWERING = [
  ...RAAS_BLOCKERS,
  'amlodipine',
  'nifedipine',
  'diltiazem',
  'verapamil',
  'hydrochlorothiazide',
  'chlorthalidone',
  'metoprolol',
  'carvedilol',
  'atenolol',
  'bisoprolol',
  'propranolol',
  'spironolactone',
  'furosemide',
  'hydralazine',
  'clonidine',
];
const WEIGHT_AFFECTING = [...GLP1_AGONISTS, 'insulin', 'furosemide', 'prednisone'];

const STANDARD_CHARTS: readonly StandardChartSpec[] = [
  {
    id: 'egfr',
    title: 'eGFR',
    codes: EGFR_CODES,
    // KDIGO 2024: G1–G2 is an eGFR of 60 or more; below 60 for three months is CKD whatever else is found.
    adultReference: { kind: 'band', low: 60, high: undefined, label: '≥ 60 (KDIGO G1–G2)' },
    relatedMedications: RENAL_MEDICATIONS,
  },
  {
    id: 'creatinine',
    title: 'Creatinine',
    codes: CREATININE_CODES,
    // A typical adult serum creatinine interval (enzymatic assay); each lab publishes its own, sex-specific one.
    adultReference: { kind: 'band', low: 0.6, high: 1.3, label: '0.6–1.3 (typical adult range)' },
    relatedMedications: RENAL_MEDICATIONS,
  },
  {
    id: 'hba1c',
    title: 'HbA1c',
    codes: new Set([LOINC_HBA1C]),
    // ADA Standards of Care 2024: below 5.7 % is normal; 5.7–6.4 % prediabetes; 6.5 % or more diabetes.
    adultReference: { kind: 'band', low: undefined, high: 5.7, label: '< 5.7 (ADA 2024 normal)' },
    relatedMedications: GLUCOSE_LOWERING,
  },
  {
    id: 'ldl',
    title: 'LDL cholesterol',
    codes: new Set([LOINC_LDL, LOINC_LDL_CALCULATED]),
    // NCEP ATP III: below 100 mg/dL is optimal.
    adultReference: { kind: 'band', low: undefined, high: 100, label: '< 100 (NCEP ATP III optimal)' },
    relatedMedications: LIPID_LOWERING,
  },
  {
    id: 'blood-pressure',
    title: 'Blood pressure',
    codes: new Set([LOINC_SYSTOLIC_BP, LOINC_DIASTOLIC_BP]),
    // ACC/AHA 2017: normal is systolic below 120 and diastolic below 80 mmHg.
    adultReference: {
      kind: 'lines',
      lines: [
        { value: 120, label: 'Systolic 120' },
        { value: 80, label: 'Diastolic 80' },
      ],
    },
    relatedMedications: BLOOD_PRESSURE_LOWERING,
  },
  {
    id: 'weight',
    title: 'Weight',
    codes: new Set([LOINC_BODY_WEIGHT]),
    adultReference: undefined,
    relatedMedications: WEIGHT_AFFECTING,
  },
  {
    id: 'bmi',
    title: 'BMI',
    codes: new Set([LOINC_BMI]),
    // WHO: 18.5–24.9 kg/m2 is a healthy weight for adults.
    adultReference: { kind: 'band', low: 18.5, high: 25, label: '18.5–25 (WHO adult)' },
    relatedMedications: WEIGHT_AFFECTING,
  },
];

/** Adult reference ranges do not apply to children (growth charts, age-specific BP percentiles). */
const ADULT_AGE_YEARS = 18;
/** Observation statuses with no result to plot (FHIR R4 observation-status). */
const NO_RESULT_STATUSES: ReadonlySet<string> = new Set(['registered', 'cancelled', 'entered-in-error']);
const STOPPED_STATUSES: ReadonlySet<string> = new Set(['stopped', 'completed', 'cancelled']);
const LABORATORY_CATEGORY: ReadonlySet<string> = new Set(['laboratory']);

interface RawPoint extends TrendPoint {
  readonly observation: Observation;
  readonly unit: string;
  readonly referenceRange: ObservationReferenceRange | undefined;
}

interface Collected {
  readonly byCode: Map<string, RawPoint[]>;
  readonly names: Map<string, string>;
  readonly laboratoryCodes: Set<string>;
}

/** Every numeric result by LOINC code; blood pressure panels give their systolic and diastolic components. */
function collectPoints(observations: readonly Observation[]): Collected {
  const byCode = new Map<string, RawPoint[]>();
  const names = new Map<string, string>();
  const laboratoryCodes = new Set<string>();
  const add = (
    code: string,
    observation: Observation,
    timeMs: number,
    quantity: Quantity,
    name: string | undefined,
  ): void => {
    const normalized = normalizeQuantity(code, quantity);
    if (normalized === undefined) return;
    const points = byCode.get(code) ?? [];
    points.push({
      observation,
      timeMs,
      value: normalized.value,
      unit: normalized.unit,
      source: { resourceType: 'Observation', id: observation.id ?? '' },
      implausible: isImplausibleValue(code, normalized.value, normalized.unit),
      referenceRange: observation.referenceRange?.[0],
    });
    byCode.set(code, points);
    if (!names.has(code)) names.set(code, LOINC_SHORT_NAMES[code] ?? name ?? `LOINC ${code}`);
  };
  for (const observation of observations) {
    if (NO_RESULT_STATUSES.has(observation.status)) continue;
    const timeMs = observationTimeMs(observation);
    if (timeMs === undefined) continue;
    const code = conceptCode(observation.code, SYSTEM_LOINC);
    if (code === undefined) continue;
    if (hasAnyCode(observation.category, LABORATORY_CATEGORY)) laboratoryCodes.add(code);
    if (BP_PANEL_CODES.has(code)) {
      for (const component of observation.component ?? []) {
        const componentCode = conceptCode(component.code, SYSTEM_LOINC);
        if (componentCode !== undefined && component.valueQuantity !== undefined) {
          add(componentCode, observation, timeMs, component.valueQuantity, undefined);
        }
      }
      continue;
    }
    if (observation.valueQuantity !== undefined) {
      add(code, observation, timeMs, observation.valueQuantity, conceptDisplayText(observation.code));
    }
  }
  return { byCode, names, laboratoryCodes };
}

/** The points in the unit most of them share, oldest first; the rest are counted, not mixed in. */
function inOneUnit(points: readonly RawPoint[]): {
  points: RawPoint[];
  unit: string;
  otherUnitCount: number;
} {
  const counts = new Map<string, number>();
  for (const point of points) counts.set(point.unit, (counts.get(point.unit) ?? 0) + 1);
  const unit = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
  const kept = points.filter((point) => point.unit === unit).sort((a, b) => a.timeMs - b.timeMs);
  return { points: kept, unit, otherUnitCount: points.length - kept.length };
}

function toTrendPoint(point: RawPoint): TrendPoint {
  return { timeMs: point.timeMs, value: point.value, source: point.source, implausible: point.implausible };
}

/** The lab's own reference range on the latest result, in the chart's unit. */
function labReference(points: readonly RawPoint[], unit: string, code: string): TrendReference | undefined {
  const range = points[points.length - 1]?.referenceRange;
  if (range === undefined) return undefined;
  const bound = (quantity: Quantity | undefined): number | undefined => {
    if (quantity?.value === undefined) return undefined;
    const normalized = normalizeQuantity(
      code,
      quantity.unit === undefined && quantity.code === undefined ? { ...quantity, unit } : quantity,
    );
    return normalized?.unit === unit ? normalized.value : undefined;
  };
  const low = bound(range.low);
  const high = bound(range.high);
  if (low === undefined && high === undefined) return undefined;
  const text =
    low !== undefined && high !== undefined
      ? `${low}–${high}`
      : low !== undefined
        ? `≥ ${low}`
        : `≤ ${high ?? ''}`;
  return { kind: 'band', low, high, label: `${text} (the lab's range)` };
}

interface MedicationEvent {
  readonly name: string;
  readonly startMs: number | undefined;
  readonly stopMs: number | undefined;
  readonly stopped: boolean;
  readonly source: SourceRef;
}

function medicationName(
  resource: MedicationRequest | MedicationStatement,
  medications: ReadonlyMap<string, Medication>,
): string | undefined {
  const concept =
    resource.medicationCodeableConcept ??
    (() => {
      const reference = resource.medicationReference?.reference;
      const id = reference?.slice(reference.lastIndexOf('/') + 1).replace(/^urn:uuid:/u, '');
      const medication = id === undefined ? undefined : medications.get(id);
      return (
        medication?.code ??
        (resource.medicationReference?.display === undefined
          ? undefined
          : { text: resource.medicationReference.display })
      );
    })();
  const text = conceptDisplayText(concept);
  return text === undefined ? undefined : formatMedicationName(text);
}

function medicationEvents(
  record: PatientRecord,
  isShown: (resource: MedicationRequest | MedicationStatement) => boolean,
): MedicationEvent[] {
  const medications = new Map(
    record.medications.flatMap((medication) =>
      medication.id === undefined ? [] : [[medication.id, medication] as const],
    ),
  );
  const requests = record.medicationRequests.filter(isShown).flatMap((request): MedicationEvent[] => {
    const name = medicationName(request, medications);
    if (name === undefined) return [];
    return [
      {
        name,
        startMs:
          parseFhirDateTimeMs(request.dispenseRequest?.validityPeriod?.start) ??
          parseFhirDateTimeMs(request.authoredOn),
        stopMs: STOPPED_STATUSES.has(request.status)
          ? parseFhirDateTimeMs(request.dispenseRequest?.validityPeriod?.end)
          : undefined,
        stopped: STOPPED_STATUSES.has(request.status),
        source: { resourceType: 'MedicationRequest', id: request.id ?? '' },
      },
    ];
  });
  const statements = record.medicationStatements.filter(isShown).flatMap((statement): MedicationEvent[] => {
    const name = medicationName(statement, medications);
    if (name === undefined) return [];
    return [
      {
        name,
        startMs:
          parseFhirDateTimeMs(statement.effectivePeriod?.start) ??
          parseFhirDateTimeMs(statement.effectiveDateTime),
        stopMs: parseFhirDateTimeMs(statement.effectivePeriod?.end),
        stopped: STOPPED_STATUSES.has(statement.status),
        source: { resourceType: 'MedicationStatement', id: statement.id ?? '' },
      },
    ];
  });
  return [...requests, ...statements];
}

function isRelated(name: string, related: readonly string[]): boolean {
  const lower = name.toLowerCase();
  return related.some((ingredient) => lower.includes(ingredient));
}

function markersFor(
  events: readonly MedicationEvent[],
  related: readonly string[],
): { markers: MedicationMarker[]; stoppedUndated: string[] } {
  const markers: MedicationMarker[] = [];
  const stoppedUndated = new Set<string>();
  for (const event of events) {
    if (!isRelated(event.name, related)) continue;
    if (event.startMs !== undefined)
      markers.push({ timeMs: event.startMs, kind: 'start', name: event.name, source: event.source });
    if (event.stopMs !== undefined)
      markers.push({ timeMs: event.stopMs, kind: 'stop', name: event.name, source: event.source });
    else if (event.stopped) stoppedUndated.add(event.name);
  }
  markers.sort((a, b) => a.timeMs - b.timeMs || a.name.localeCompare(b.name));
  return { markers, stoppedUndated: [...stoppedUndated].sort() };
}

export interface TrendCatalogOptions {
  readonly nowMs: number;
  /**
   * Sensitive categories to chart. Default none, as in ClinicalContextOptions: Trends shows nothing the Record
   * summary and the model context withhold.
   */
  readonly includeSensitiveCategories?: readonly SensitiveCategory[];
}

export function buildTrendCatalog(record: PatientRecord, options: TrendCatalogOptions): TrendCatalog {
  const withheld = findWithheldResources(
    record,
    createResourceIndex(() => listRecordResources(record)),
    new Set(options.includeSensitiveCategories ?? []),
  );
  const collected = collectPoints(
    record.observations.filter((observation) => !withheld.isWithheld(observation)),
  );
  const events = medicationEvents(record, (resource) => !withheld.isWithheld(resource));
  const ageYears = ageYearsAt(record.patient?.birthDate, options.nowMs);
  const isAdult = ageYears === undefined || ageYears >= ADULT_AGE_YEARS;
  const standardCodes = new Set(STANDARD_CHARTS.flatMap((spec) => [...spec.codes]));

  const standard = STANDARD_CHARTS.map((spec): TrendChart => {
    const lines: TrendLine[] = [];
    let unit = '';
    let otherUnitCount = 0;
    let reference: TrendReference | undefined;
    const codes = spec.id === 'blood-pressure' ? [LOINC_SYSTOLIC_BP, LOINC_DIASTOLIC_BP] : [...spec.codes];
    if (spec.id === 'blood-pressure') {
      for (const [code, label] of [
        [LOINC_SYSTOLIC_BP, 'Systolic'],
        [LOINC_DIASTOLIC_BP, 'Diastolic'],
      ] as const) {
        const one = inOneUnit(collected.byCode.get(code) ?? []);
        otherUnitCount += one.otherUnitCount;
        if (one.unit !== '') unit = one.unit;
        lines.push({ key: code, label, points: one.points.map(toTrendPoint) });
      }
    } else {
      // Several codes mean one measure (eGFR equations, serum and blood creatinine): merged into one line.
      const one = inOneUnit(codes.flatMap((code) => collected.byCode.get(code) ?? []));
      otherUnitCount = one.otherUnitCount;
      unit = one.unit;
      lines.push({ key: spec.id, label: spec.title, points: one.points.map(toTrendPoint) });
      const latestCode = codes.find((code) =>
        (collected.byCode.get(code) ?? []).some((point) => point === one.points[one.points.length - 1]),
      );
      reference = labReference(one.points, one.unit, latestCode ?? codes[0] ?? '');
    }
    const hasPoints = lines.some((line) => line.points.length > 0);
    let referenceNote: string | undefined;
    if (reference === undefined && spec.adultReference !== undefined) {
      if (isAdult) reference = spec.adultReference;
      else referenceNote = 'No reference range: adult ranges do not apply under 18 years.';
    }
    const { markers, stoppedUndated } = markersFor(events, spec.relatedMedications);
    return {
      id: spec.id,
      title: spec.title,
      unit: formatUnit(unit),
      lines,
      reference: hasPoints ? reference : undefined,
      referenceNote,
      markers: hasPoints ? markers : [],
      stoppedUndated: hasPoints ? stoppedUndated : [],
      otherUnitCount,
    };
  });

  const others = new Map<string, TrendChart>();
  for (const [code, points] of collected.byCode) {
    if (standardCodes.has(code) || !collected.laboratoryCodes.has(code)) continue;
    const one = inOneUnit(points);
    const title = collected.names.get(code) ?? `LOINC ${code}`;
    others.set(`lab:${code}`, {
      id: `lab:${code}`,
      title,
      unit: formatUnit(one.unit),
      lines: [{ key: code, label: title, points: one.points.map(toTrendPoint) }],
      reference: labReference(one.points, one.unit, code),
      referenceNote: undefined,
      markers: [],
      stoppedUndated: [],
      otherUnitCount: one.otherUnitCount,
    });
  }

  // What the policy took off the charts, worked out as the charts are: a withheld result counts when its code
  // has a chart (a standard measure, or a laboratory series), a withheld medication when a chart with results
  // would have shown it.
  const withheldPoints = collectPoints(record.observations.filter(withheld.isWithheld));
  const withheldResults = new Set(
    [...withheldPoints.byCode].flatMap(([code, points]) =>
      standardCodes.has(code) ||
      collected.laboratoryCodes.has(code) ||
      withheldPoints.laboratoryCodes.has(code)
        ? points.map((point) => point.observation)
        : [],
    ),
  );
  const chartedSpecs = STANDARD_CHARTS.filter((_, index) =>
    standard[index]?.lines.some((line) => line.points.length > 0),
  );
  const withheldMedications = medicationEvents(record, withheld.isWithheld).filter(
    (event) =>
      (event.startMs !== undefined || event.stopMs !== undefined || event.stopped) &&
      chartedSpecs.some((spec) => isRelated(event.name, spec.relatedMedications)),
  );

  const allTimes = [...standard, ...others.values()].flatMap((chart) =>
    chart.lines.flatMap((line) => line.points.map((point) => point.timeMs)),
  );
  const latestMs = allTimes.length === 0 ? undefined : Math.max(...allTimes);
  const byId = new Map<string, TrendChart>([
    ...standard.map((chart) => [chart.id, chart] as const),
    ...others,
  ]);
  return {
    standard,
    otherLabs: [...others.values()]
      .map((chart) => ({ id: chart.id, title: chart.title, count: chart.lines[0]?.points.length ?? 0 }))
      .sort((a, b) => a.title.localeCompare(b.title)),
    latestMs,
    withheldCount: withheldResults.size + withheldMedications.length,
    chart: (id) => byId.get(id),
  };
}

/**
 * The chart's points within `range` counting back from `endMs`, and the markers from the range's start on (a
 * medication stopped after the latest result still belongs on the chart).
 */
export function chartInRange(chart: TrendChart, range: TrendRange, endMs: number | undefined): TrendChart {
  const years = TREND_RANGES.find((candidate) => candidate.id === range)?.years;
  if (years === undefined || endMs === undefined) return chart;
  const startMs = endMs - years * MS_PER_YEAR;
  return {
    ...chart,
    lines: chart.lines.map((line) => ({
      ...line,
      points: line.points.filter((point) => point.timeMs >= startMs && point.timeMs <= endMs),
    })),
    markers: chart.markers.filter((marker) => marker.timeMs >= startMs),
  };
}

/** One row per time for the chart library: `{ timeMs, [line key]: value }`. */
export function chartRows(chart: TrendChart): { timeMs: number; values: Record<string, number> }[] {
  const rows = new Map<number, Record<string, number>>();
  for (const line of chart.lines) {
    for (const point of line.points) {
      const row = rows.get(point.timeMs) ?? {};
      row[line.key] = point.value;
      rows.set(point.timeMs, row);
    }
  }
  return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([timeMs, values]) => ({ timeMs, values }));
}
