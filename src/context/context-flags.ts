// The data-quality flags of the clinical context (`!` lines): record inconsistencies, implausible values, dates
// after the reference, references to what could not be loaded.
import type { Condition } from 'fhir/r4';
import type { PatientRecord } from '../record/patient-record.ts';
import { CREATININE_CODES, EGFR_CODES } from '../terminology/lab-codes.ts';
import type { SourceRef } from './context-types.ts';
import {
  ckdEpi2021Egfr,
  ckdStageOf,
  EGFR_MISMATCH_FACTOR,
  gfrCategory,
  implausibleValueFlags,
  isDiabetes,
  isPrediabetes,
  simultaneousValueFlags,
  type DataQualityFlag,
} from './data-quality.ts';
import type { summarizeObservations } from './observation-series.ts';
import { ageYearsAt, MS_PER_DAY, parseFhirDateTimeMs } from './relative-time.ts';
import type { MedicationItem, ProblemItem } from './clinical-context.ts';
import { procedureTimeMs } from './context-history.ts';

export function buildFlags(input: {
  readonly activeConditions: readonly { condition: Condition; item: ProblemItem }[];
  readonly medications: readonly MedicationItem[];
  readonly summary: ReturnType<typeof summarizeObservations>;
  readonly deceased: boolean;
  readonly sex: string | undefined;
  readonly birthDate: string | undefined;
  readonly referenceMs: number;
  readonly datedAfterReference: number;
}): DataQualityFlag[] {
  const flags: DataQualityFlag[] = [];
  const { summary } = input;
  const latestEgfr = summary.labs.find(
    (series) =>
      series.loinc !== undefined && EGFR_CODES.has(series.loinc) && series.latest.value.kind === 'quantity',
  );

  // CKD stages: one patient has one stage at a time.
  const stages = new Map<string, SourceRef>();
  for (const { condition, item } of input.activeConditions) {
    const stage = ckdStageOf(condition);
    if (stage !== undefined && !stages.has(stage)) stages.set(stage, item.source);
  }
  if (stages.size > 1) {
    const egfrValue = latestEgfr?.latest.value;
    flags.push({
      kind: 'conflicting-ckd-stages',
      stages: [...stages.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([stage, source]) => ({ stage, source })),
      latestEgfr:
        latestEgfr !== undefined && egfrValue?.kind === 'quantity' && !latestEgfr.latest.implausible
          ? {
              value: egfrValue.value,
              category: gfrCategory(egfrValue.value),
              source: latestEgfr.latest.source,
            }
          : undefined,
    });
  }

  // Prediabetes left active beside diabetes.
  const diabetes = input.activeConditions.find(({ condition }) => isDiabetes(condition));
  const prediabetes = input.activeConditions.find(({ condition }) => isPrediabetes(condition));
  if (diabetes !== undefined && prediabetes !== undefined) {
    flags.push({
      kind: 'superseded-problem',
      name: prediabetes.item.name,
      source: prediabetes.item.source,
      supersededBy: diabetes.item.name,
      supersededBySource: diabetes.item.source,
    });
  }

  if (input.deceased && input.medications.length > 0)
    flags.push({
      kind: 'medications-active-after-death',
      sources: input.medications.map((medication) => medication.source),
    });

  // eGFR against the creatinine drawn with it.
  const latestCreatinine = summary.labs.find(
    (series) =>
      series.loinc !== undefined &&
      CREATININE_CODES.has(series.loinc) &&
      series.latest.value.kind === 'quantity' &&
      series.latest.value.unit === 'mg/dL',
  );
  const sex = input.sex === 'female' || input.sex === 'male' ? input.sex : undefined;
  if (
    latestEgfr !== undefined &&
    latestCreatinine !== undefined &&
    sex !== undefined &&
    !latestEgfr.latest.implausible &&
    !latestCreatinine.latest.implausible
  ) {
    const egfrValue = latestEgfr.latest.value;
    const creatinineValue = latestCreatinine.latest.value;
    const sameDraw = Math.abs(latestEgfr.latest.daysAgo - latestCreatinine.latest.daysAgo) <= 1;
    const ageYears = ageYearsAt(
      input.birthDate,
      input.referenceMs - latestCreatinine.latest.daysAgo * MS_PER_DAY,
    );
    if (
      sameDraw &&
      egfrValue.kind === 'quantity' &&
      creatinineValue.kind === 'quantity' &&
      ageYears !== undefined
    ) {
      const expected = ckdEpi2021Egfr(creatinineValue.value, ageYears, sex);
      if (
        expected !== undefined &&
        (egfrValue.value > expected * EGFR_MISMATCH_FACTOR ||
          egfrValue.value < expected / EGFR_MISMATCH_FACTOR)
      ) {
        flags.push({
          kind: 'egfr-creatinine-mismatch',
          egfr: egfrValue.value,
          egfrSource: latestEgfr.latest.source,
          creatinineMgDl: creatinineValue.value,
          creatinineSource: latestCreatinine.latest.source,
          expectedEgfr: expected,
        });
      }
    }
  }

  flags.push(...implausibleValueFlags([...summary.labs, ...summary.vitals, ...summary.other]));
  flags.push(...simultaneousValueFlags([...summary.labs, ...summary.vitals, ...summary.other]));
  const bp = summary.bloodPressure;
  if (bp !== undefined && bp.implausibleCount > 0) {
    flags.push({
      kind: 'implausible-blood-pressure',
      count: bp.implausibleCount,
      total: bp.count,
      latestImplausible: bp.latest.implausible,
      source: bp.latest.source,
    });
  }
  for (const mixed of summary.mixedUnits)
    flags.push({ kind: 'mixed-units', seriesName: mixed.name, units: mixed.units });
  const withoutStatus = input.activeConditions
    .filter(({ condition }) => condition.clinicalStatus === undefined)
    .map(({ item }) => item.source);
  if (withoutStatus.length > 0) flags.push({ kind: 'problems-without-status', sources: withoutStatus });
  if (summary.undatedCount > 0) flags.push({ kind: 'undated-observations', count: summary.undatedCount });
  if (input.datedAfterReference > 0)
    flags.push({ kind: 'dated-after-reference', count: input.datedAfterReference });
  return flags;
}

/** Clinical resources other than observations (counted with them) dated more than a day after the reference. */
export function countDatedAfter(record: PatientRecord, referenceMs: number): number {
  const limitMs = referenceMs + MS_PER_DAY;
  const times = [
    ...record.encounters.map((encounter) => parseFhirDateTimeMs(encounter.period?.start)),
    ...record.procedures.map(procedureTimeMs),
    ...record.medicationRequests.map((request) => parseFhirDateTimeMs(request.authoredOn)),
    ...record.immunizations.map((immunization) => parseFhirDateTimeMs(immunization.occurrenceDateTime)),
  ];
  return times.filter((ms) => ms !== undefined && ms > limitMs).length;
}
