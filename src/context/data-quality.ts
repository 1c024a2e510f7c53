// Data-quality findings, shown to the model (and the clinician) as flags instead of being silently "fixed":
// a record that says two contradictory things, a value no living patient can have, drugs still active after
// death. Real EHR data has all of these; Synthea 2.4 has them on purpose (see mocks/fixtures/synthea/README.md).
import type { Condition } from 'fhir/r4';
import { SYSTEM_ICD10, SYSTEM_ICD10_CM, SYSTEM_SNOMED } from '../terminology/code-systems.ts';
import {
  CKD_STAGE_BY_ICD10,
  CKD_STAGE_BY_SNOMED,
  DIABETES_SNOMED_CODES,
  ICD10_DIABETES_PREFIXES,
  ICD10_PREDIABETES,
  SNOMED_PREDIABETES,
} from '../terminology/condition-codes.ts';
import type { SourceRef } from './context-types.ts';
import { conceptCodings } from './fhir-concepts.ts';
import type { ObservationSeries } from './observation-series.ts';
import type { ReferenceGap } from './unresolved-references.ts';

export type DataQualityFlag =
  | {
      readonly kind: 'implausible-values';
      readonly seriesName: string;
      readonly unit: string;
      readonly count: number;
      readonly total: number;
      readonly lowest: number;
      readonly highest: number;
      readonly limits: { readonly low: number; readonly high: number };
      readonly latestImplausible: boolean;
      readonly source: SourceRef;
    }
  | {
      readonly kind: 'implausible-blood-pressure';
      readonly count: number;
      readonly total: number;
      readonly latestImplausible: boolean;
      readonly source: SourceRef;
    }
  | {
      readonly kind: 'conflicting-ckd-stages';
      readonly stages: readonly { readonly stage: string; readonly source: SourceRef }[];
      readonly latestEgfr:
        { readonly value: number; readonly category: string; readonly source: SourceRef } | undefined;
    }
  | {
      readonly kind: 'superseded-problem';
      readonly name: string;
      readonly source: SourceRef;
      readonly supersededBy: string;
      readonly supersededBySource: SourceRef;
    }
  | { readonly kind: 'medications-active-after-death'; readonly sources: readonly SourceRef[] }
  | {
      readonly kind: 'egfr-creatinine-mismatch';
      readonly egfr: number;
      readonly egfrSource: SourceRef;
      readonly creatinineMgDl: number;
      readonly creatinineSource: SourceRef;
      readonly expectedEgfr: number;
    }
  | {
      readonly kind: 'simultaneous-different-values';
      readonly series: readonly { readonly name: string; readonly source: SourceRef }[];
    }
  | { readonly kind: 'mixed-units'; readonly seriesName: string; readonly units: readonly string[] }
  | { readonly kind: 'undated-observations'; readonly count: number }
  /** Conditions with no clinicalStatus, counted as active (not abated): the record does not say they are. */
  | { readonly kind: 'problems-without-status'; readonly sources: readonly SourceRef[] }
  | { readonly kind: 'dated-after-reference'; readonly count: number }
  /** The record points at resources it does not hold (unresolved-references.ts): a section came back short. */
  | { readonly kind: 'unloaded-references'; readonly gap: ReferenceGap };

/** The gaps among the flags: what the record points at but does not hold, for the app and the CLI to show. */
export function referenceGapsOf(flags: readonly DataQualityFlag[]): ReferenceGap[] {
  return flags.flatMap((flag) => (flag.kind === 'unloaded-references' ? [flag.gap] : []));
}

/** The CKD stage a condition codes for (SNOMED CT or ICD-10-CM N18.x), if any. */
export function ckdStageOf(condition: Condition): string | undefined {
  for (const coding of conceptCodings(condition.code)) {
    if (coding.code === undefined) continue;
    if (coding.system === SYSTEM_SNOMED && CKD_STAGE_BY_SNOMED[coding.code] !== undefined)
      return CKD_STAGE_BY_SNOMED[coding.code];
    if (
      (coding.system === SYSTEM_ICD10_CM || coding.system === SYSTEM_ICD10) &&
      CKD_STAGE_BY_ICD10[coding.code] !== undefined
    )
      return CKD_STAGE_BY_ICD10[coding.code];
  }
  return undefined;
}

export function isPrediabetes(condition: Condition): boolean {
  return conceptCodings(condition.code).some(
    (coding) =>
      (coding.system === SYSTEM_SNOMED && coding.code === SNOMED_PREDIABETES) ||
      ((coding.system === SYSTEM_ICD10_CM || coding.system === SYSTEM_ICD10) &&
        coding.code === ICD10_PREDIABETES),
  );
}

export function isDiabetes(condition: Condition): boolean {
  return conceptCodings(condition.code).some(
    (coding) =>
      coding.code !== undefined &&
      ((coding.system === SYSTEM_SNOMED && DIABETES_SNOMED_CODES.has(coding.code)) ||
        ((coding.system === SYSTEM_ICD10_CM || coding.system === SYSTEM_ICD10) &&
          ICD10_DIABETES_PREFIXES.some((prefix) => coding.code?.startsWith(prefix) === true))),
  );
}

/** KDIGO 2012 GFR categories (mL/min/1.73 m²): G1 ≥90, G2 60–89, G3a 45–59, G3b 30–44, G4 15–29, G5 <15. */
export function gfrCategory(egfr: number): string {
  if (egfr >= 90) return 'G1';
  if (egfr >= 60) return 'G2';
  if (egfr >= 45) return 'G3a';
  if (egfr >= 30) return 'G3b';
  if (egfr >= 15) return 'G4';
  return 'G5';
}

/**
 * eGFR from serum creatinine by the CKD-EPI 2021 equation (Inker et al., NEJM 2021;385:1737), adults only:
 * 142 × min(Scr/κ, 1)^α × max(Scr/κ, 1)^−1.200 × 0.9938^age × 1.012 [female], κ 0.7 (F) / 0.9 (M),
 * α −0.241 (F) / −0.302 (M).
 */
export function ckdEpi2021Egfr(
  creatinineMgDl: number,
  ageYears: number,
  sex: 'female' | 'male',
): number | undefined {
  if (ageYears < 18 || creatinineMgDl <= 0) return undefined;
  const kappa = sex === 'female' ? 0.7 : 0.9;
  const alpha = sex === 'female' ? -0.241 : -0.302;
  const ratio = creatinineMgDl / kappa;
  return (
    142 *
    Math.min(ratio, 1) ** alpha *
    Math.max(ratio, 1) ** -1.2 *
    0.9938 ** ageYears *
    (sex === 'female' ? 1.012 : 1)
  );
}

/**
 * A reported eGFR more than twice, or less than half, what the same day's creatinine gives is not the same
 * patient state: one of the two is wrong. (Equations disagree with each other by well under a factor of two.)
 */
export const EGFR_MISMATCH_FACTOR = 2;

/** One flag for every series whose latest result was recorded twice at the same time with different values. */
export function simultaneousValueFlags(series: readonly ObservationSeries[]): DataQualityFlag[] {
  const affected = series
    .filter((entry) => entry.latest.otherValuesAtSameTime.length > 0)
    .map((entry) => ({ name: entry.name, source: entry.latest.source }));
  return affected.length === 0 ? [] : [{ kind: 'simultaneous-different-values', series: affected }];
}

/** Flags for the implausible values in each series. */
export function implausibleValueFlags(series: readonly ObservationSeries[]): DataQualityFlag[] {
  return series.flatMap((entry): DataQualityFlag[] => {
    const implausible = entry.implausible;
    if (implausible === undefined || entry.latest.value.kind !== 'quantity') return [];
    return [
      {
        kind: 'implausible-values',
        seriesName: entry.name,
        unit: entry.latest.value.unit,
        count: implausible.count,
        total: entry.count,
        lowest: implausible.lowest,
        highest: implausible.highest,
        limits: implausible.limits,
        latestImplausible: entry.latest.implausible,
        source: entry.latest.source,
      },
    ];
  });
}
