// Test-only: small ClinicalContexts for the rule tables, written as the facts a rule reads (age, problems with
// codes, drugs by RxNorm-style name, dated results) rather than as FHIR. Times are days before the date seen.
import { SYSTEM_RXNORM, SYSTEM_SNOMED } from '../../terminology/code-systems.ts';
import type {
  ClinicalContext,
  CodeRef,
  MedicationItem,
  ProblemItem,
  ProcedureItem,
  ReportItem,
  StructuredDose,
} from '../../context/clinical-context.ts';
import type { SourceRef } from '../../context/context-types.ts';
import type { DataQualityFlag } from '../../context/data-quality.ts';
import type { ClinicalEvent, ClinicalEventType } from '../../context/context-events.ts';
import { formatMedicationName, parseMedicationIngredients } from '../../context/medication-names.ts';
import type { ObservationSeries, SeriesPoint } from '../../context/observation-series.ts';
import { isImplausibleValue } from '../../context/physiologic-limits.ts';
import { evaluateRules } from './evaluate-rules.ts';
import { checkRuleFindingGrounded } from './rule-grounding.ts';
import type { Rule } from './rule-kit.ts';

export const KIT_NOW_MS = Date.parse('2024-06-01T00:00:00Z');
export const PATIENT: SourceRef = { resourceType: 'Patient', id: 'p1' };

export function problem(snomed: string, name: string, id = `c-${snomed}`, onsetDaysAgo = 1000): ProblemItem {
  return {
    name,
    onsetAgeYears: undefined,
    onsetDaysAgo,
    onsetIsRecordedDate: false,
    status: 'active',
    verification: undefined,
    occurrences: 1,
    note: undefined,
    source: { resourceType: 'Condition', id },
    codes: [{ system: SYSTEM_SNOMED, code: snomed }],
  };
}

export function icdProblem(icd10: string, name: string, id = `c-${icd10}`): ProblemItem {
  return { ...problem('0', name, id), codes: [{ system: 'http://hl7.org/fhir/sid/icd-10-cm', code: icd10 }] };
}

export interface MedicationInit {
  readonly id?: string;
  readonly rxnorm?: string;
  readonly lastDaysAgo?: number;
  readonly startDaysAgo?: number;
  readonly dose?: StructuredDose;
  readonly dosage?: string;
}

/** A current MedicationRequest named as RxNorm names it ("Warfarin Sodium 5 MG Oral Tablet"). */
export function medication(rxnormName: string, init: MedicationInit = {}): MedicationItem {
  const codes: CodeRef[] = init.rxnorm === undefined ? [] : [{ system: SYSTEM_RXNORM, code: init.rxnorm }];
  return {
    name: formatMedicationName(rxnormName),
    dosage: init.dosage,
    status: 'active',
    kind: 'request',
    lastDaysAgo: init.lastDaysAgo ?? 30,
    occurrences: 1,
    note: undefined,
    source: {
      resourceType: 'MedicationRequest',
      id: init.id ?? `m-${rxnormName.split(' ')[0]?.toLowerCase() ?? 'x'}`,
    },
    codes,
    ingredients: parseMedicationIngredients(rxnormName),
    startDaysAgo: init.startDaysAgo ?? init.lastDaysAgo ?? 30,
    structuredDose: init.dose,
  };
}

/** A numeric series: [value, daysAgo] pairs in any order; ids `<idPrefix>-<n>` oldest first. */
export function series(
  loinc: string,
  name: string,
  unit: string,
  values: readonly (readonly [number, number])[],
  idPrefix = `o-${loinc}`,
): ObservationSeries {
  const points: SeriesPoint[] = [...values]
    .sort((a, b) => b[1] - a[1])
    .map(([value, daysAgo], index) => ({
      daysAgo,
      value,
      unit,
      implausible: isImplausibleValue(loinc, value, unit),
      source: { resourceType: 'Observation', id: `${idPrefix}-${index + 1}` },
    }));
  const latest = points[points.length - 1];
  if (latest === undefined) throw new Error('a series needs a value');
  return {
    key: `${loinc}|q|${unit}`,
    loinc,
    name,
    group: 'laboratory',
    count: points.length,
    latest: {
      value: { kind: 'quantity', value: latest.value, unit },
      daysAgo: latest.daysAgo,
      implausible: latest.implausible,
      referenceRange: undefined,
      interpretation: undefined,
      source: latest.source,
      otherValuesAtSameTime: [],
    },
    trend: undefined,
    implausible: undefined,
    keyRank: undefined,
    points,
  };
}

export function codedSeries(
  loinc: string,
  name: string,
  text: string,
  daysAgo: number,
  id = `o-${loinc}`,
): ObservationSeries {
  return {
    key: `${loinc}|c|${name.toLowerCase()}`,
    loinc,
    name,
    group: 'laboratory',
    count: 1,
    latest: {
      value: { kind: 'coded', text },
      daysAgo,
      implausible: false,
      referenceRange: undefined,
      interpretation: undefined,
      source: { resourceType: 'Observation', id },
      otherValuesAtSameTime: [],
    },
    trend: undefined,
    implausible: undefined,
    keyRank: undefined,
    points: [],
  };
}

export const egfr = (values: readonly (readonly [number, number])[]): ObservationSeries =>
  series('33914-3', 'eGFR', 'mL/min/{1.73_m2}', values, 'egfr');
export const potassium = (values: readonly (readonly [number, number])[]): ObservationSeries =>
  series('6298-4', 'Potassium', 'mmol/L', values, 'k');
export const hba1c = (values: readonly (readonly [number, number])[]): ObservationSeries =>
  series('4548-4', 'HbA1c', '%', values, 'a1c');
export const uacr = (values: readonly (readonly [number, number])[]): ObservationSeries =>
  series('14959-1', 'Urine albumin/creatinine', 'mg/g', values, 'uacr');

export function procedure(
  snomed: string,
  name: string,
  lastDaysAgo: number,
  id = `x-${snomed}`,
): ProcedureItem {
  return {
    name,
    count: 1,
    lastDaysAgo,
    note: undefined,
    source: { resourceType: 'Procedure', id },
    codes: [{ system: SYSTEM_SNOMED, code: snomed }],
  };
}

export function report(loinc: string, name: string, daysAgo: number, id = `r-${loinc}`): ReportItem {
  return {
    name,
    category: undefined,
    daysAgo,
    conclusionCodes: [],
    conclusion: undefined,
    conclusionWithheld: false,
    source: { resourceType: 'DiagnosticReport', id },
    codes: [{ system: 'http://loinc.org', code: loinc }],
  };
}

export interface ContextInit {
  readonly ageYears?: number | undefined;
  readonly sex?: string | undefined;
  /** OMB race category codes (2054-5 Black or African American). */
  readonly raceCategories?: readonly string[];
  /** Days from death back to the date seen: positive died before, negative dies after. */
  readonly diedDaysBeforeNow?: number;
  readonly problems?: readonly ProblemItem[];
  readonly medications?: readonly MedicationItem[];
  readonly labs?: readonly ObservationSeries[];
  /** [systolic, diastolic, daysAgo]. */
  readonly bloodPressure?: readonly (readonly [number, number, number])[];
  readonly procedures?: readonly ProcedureItem[];
  readonly reports?: readonly ReportItem[];
  readonly smoking?: string;
  readonly flags?: readonly DataQualityFlag[];
  /**
   * Events beyond those the kit derives from the items above (each problem a Condition, procedure a completed
   * Procedure, report a final DiagnosticReport, lab point a final laboratory Observation, drug an active order).
   */
  readonly events?: readonly ClinicalEvent[];
}

export interface EventInit {
  readonly id?: string;
  readonly codes: readonly CodeRef[];
  readonly name?: string;
  readonly startDaysAgo?: number | undefined;
  readonly endDaysAgo?: number | undefined;
  readonly status?: string | undefined;
  readonly verification?: string;
  readonly intent?: string;
  readonly categories?: readonly CodeRef[];
  readonly bodySites?: readonly CodeRef[];
  readonly abated?: boolean;
  readonly hasResult?: boolean;
  readonly encounterClass?: string;
  readonly dischargeDisposition?: readonly CodeRef[];
  readonly diagnosisRefs?: readonly string[];
}

/** One event of the record as context-events.ts gives it (days before the date seen). */
export function event(resourceType: ClinicalEventType, init: EventInit): ClinicalEvent {
  return {
    source: { resourceType, id: init.id ?? `${resourceType.toLowerCase()}-${init.codes[0]?.code ?? 'x'}` },
    name: init.name ?? init.codes[0]?.code ?? resourceType,
    codes: init.codes,
    status: init.status,
    verification: init.verification,
    intent: init.intent,
    categories: init.categories ?? [],
    bodySites: init.bodySites ?? [],
    startDaysAgo: init.startDaysAgo,
    endDaysAgo: init.endDaysAgo,
    abated: init.abated ?? false,
    hasResult: init.hasResult ?? false,
    encounterClass: init.encounterClass,
    dischargeDisposition: init.dischargeDisposition ?? [],
    diagnosisRefs: init.diagnosisRefs ?? [],
    reasonCodes: [],
  };
}

export const LABORATORY: CodeRef = {
  system: 'http://terminology.hl7.org/CodeSystem/observation-category',
  code: 'laboratory',
};

function derivedEvents(init: ContextInit): ClinicalEvent[] {
  return [
    ...(init.problems ?? []).map((item) =>
      event('Condition', {
        id: item.source.id,
        name: item.name,
        codes: item.codes,
        status: item.status,
        startDaysAgo: item.onsetDaysAgo,
      }),
    ),
    ...(init.medications ?? []).map((item) =>
      event('MedicationRequest', {
        id: item.source.id,
        name: item.name,
        codes: item.codes,
        status: item.status,
        intent: 'order',
        startDaysAgo: item.startDaysAgo ?? item.lastDaysAgo,
      }),
    ),
    ...(init.procedures ?? []).map((item) =>
      event('Procedure', {
        id: item.source.id,
        name: item.name,
        codes: item.codes,
        status: 'completed',
        startDaysAgo: item.lastDaysAgo,
        endDaysAgo: item.lastDaysAgo,
      }),
    ),
    ...(init.reports ?? []).map((item) =>
      event('DiagnosticReport', {
        id: item.source.id,
        name: item.name,
        codes: item.codes,
        status: 'final',
        hasResult: true,
        startDaysAgo: item.daysAgo,
        endDaysAgo: item.daysAgo,
      }),
    ),
    ...(init.labs ?? []).flatMap((entry) =>
      (entry.points.length > 0 ? entry.points : [entry.latest]).map((point) =>
        event('Observation', {
          id: point.source.id,
          name: entry.name,
          codes: entry.loinc === undefined ? [] : [{ system: 'http://loinc.org', code: entry.loinc }],
          status: 'final',
          categories: [LABORATORY],
          hasResult: true,
          startDaysAgo: point.daysAgo,
          endDaysAgo: point.daysAgo,
        }),
      ),
    ),
  ];
}

/**
 * A context as buildClinicalContext gives it for the date seen. For a deceased patient the context's times are
 * before death: the kit shifts the given days (before the date seen) accordingly, as the real builder would.
 */
export function makeContext(init: ContextInit = {}): ClinicalContext {
  const died = init.diedDaysBeforeNow;
  const toReference = (days: number): number => (died === undefined ? days : days - died);
  const shiftSeries = (entry: ObservationSeries): ObservationSeries => ({
    ...entry,
    latest: { ...entry.latest, daysAgo: toReference(entry.latest.daysAgo) },
    points: entry.points.map((point) => ({ ...point, daysAgo: toReference(point.daysAgo) })),
  });
  const readings = [...(init.bloodPressure ?? [])]
    .sort((a, b) => b[2] - a[2])
    .map(([systolicMmHg, diastolicMmHg, daysAgo], index) => ({
      daysAgo: toReference(daysAgo),
      systolicMmHg,
      diastolicMmHg,
      implausible: diastolicMmHg >= systolicMmHg,
      source: { resourceType: 'Observation', id: `bp-${index + 1}` },
    }));
  const latestReading = readings[readings.length - 1];
  return {
    nowMs: KIT_NOW_MS,
    timeReference: died === undefined ? 'now' : 'death',
    recentDays: 1096,
    demographics: {
      ageYears: init.ageYears,
      ageMonths: undefined,
      sex: init.sex,
      deceased: died === undefined ? undefined : { daysBeforeNow: died },
      raceCategories: init.raceCategories ?? [],
      source: PATIENT,
      ageYearsAtNow: init.ageYears,
    },
    flags: init.flags ?? [],
    allergies: [],
    problems: (init.problems ?? []).map((item) => ({
      ...item,
      onsetDaysAgo: item.onsetDaysAgo === undefined ? undefined : toReference(item.onsetDaysAgo),
    })),
    resolvedProblems: [],
    medications: (init.medications ?? []).map((item) => ({
      ...item,
      lastDaysAgo: item.lastDaysAgo === undefined ? undefined : toReference(item.lastDaysAgo),
      startDaysAgo: item.startDaysAgo === undefined ? undefined : toReference(item.startDaysAgo),
    })),
    labs: (init.labs ?? []).map(shiftSeries),
    vitals: [],
    otherObservations: [],
    bloodPressure:
      latestReading === undefined
        ? undefined
        : {
            count: readings.length,
            latest: latestReading,
            systolicTrend: undefined,
            diastolicTrend: undefined,
            implausibleCount: readings.filter((reading) => reading.implausible).length,
            readings,
          },
    smoking:
      init.smoking === undefined
        ? undefined
        : {
            text: init.smoking,
            daysAgo: toReference(10),
            source: { resourceType: 'Observation', id: 'smoking' },
          },
    encounters: undefined,
    procedures: (init.procedures ?? []).map((item) => ({
      ...item,
      lastDaysAgo: toReference(item.lastDaysAgo),
    })),
    immunizations: [],
    reports: (init.reports ?? []).map((item) => ({
      ...item,
      daysAgo: item.daysAgo === undefined ? undefined : toReference(item.daysAgo),
    })),
    familyHistory: [],
    events: [...derivedEvents(init), ...(init.events ?? [])].map((item) => ({
      ...item,
      startDaysAgo: item.startDaysAgo === undefined ? undefined : toReference(item.startDaysAgo),
      endDaysAgo: item.endDaysAgo === undefined ? undefined : toReference(item.endDaysAgo),
    })),
    policy: { includedSensitiveCategories: [], includeFreeText: false, withheldSensitiveCount: 0 },
  };
}

/** The ids of the findings one rule raises for a context, sorted. */
export function firedIds(rule: Rule, init: ContextInit): string[] {
  return evaluateRules(makeContext(init), { rules: [rule] })
    .findings.map((finding) => finding.id)
    .sort();
}

export function runRule(rule: Rule, init: ContextInit): ReturnType<typeof evaluateRules> {
  return evaluateRules(makeContext(init), { rules: [rule] });
}

/** The `missing` texts of a rule's insufficient-data results. */
export function insufficientFor(rule: Rule, init: ContextInit): string[] {
  return runRule(rule, init).insufficient.map((item) => item.missing);
}

// Common problems and drugs.
export const DIABETES = problem('44054006', 'Diabetes');
export const HYPERTENSION = problem('38341003', 'Hypertension');
export const CKD_STAGE_1 = problem('431855005', 'Chronic kidney disease stage 1');
export const CKD_STAGE_2 = problem('431856006', 'Chronic kidney disease stage 2');
export const CKD_STAGE_3 = problem('433144002', 'Chronic kidney disease stage 3');
export const CORONARY_HEART_DISEASE = problem('53741008', 'Coronary Heart Disease');
export const METFORMIN = medication('24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet', {
  rxnorm: '860975',
});
export const LISINOPRIL = medication('Lisinopril 10 MG Oral Tablet', { id: 'm-lisinopril' });
export const LOSARTAN = medication('Losartan Potassium 50 MG Oral Tablet', { id: 'm-losartan' });
export const HCTZ = medication('Hydrochlorothiazide 25 MG', { id: 'm-hctz' });
export const IBUPROFEN = medication('Ibuprofen 200 MG Oral Tablet', { id: 'm-ibuprofen' });
export const WARFARIN = medication('Warfarin Sodium 5 MG Oral Tablet', { id: 'm-warfarin' });
export const DIGOXIN = medication('Digoxin 0.125 MG Oral Tablet', { id: 'm-digoxin' });
export const VERAPAMIL = medication('Verapamil Hydrochloride 40 MG', { id: 'm-verapamil' });
export const SIMVASTATIN = medication('Simvistatin 10 MG', { id: 'm-simvastatin' });

/** Findings of one rule whose title or rationale states a number no cited resource states (should be none). */
export function ungroundedFindings(rule: Rule, init: ContextInit): string[] {
  const context = makeContext(init);
  return evaluateRules(context, { rules: [rule] }).findings.flatMap((finding) => {
    const result = checkRuleFindingGrounded(finding, context);
    return result.ok ? [] : [`${finding.id}: ${result.dropped.detail}`];
  });
}
